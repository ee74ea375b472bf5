#include "sftpdownloadhelper.h"

#include "files/sftp/sftppipelinedreader.h"
#include "files/sftp/sftpreadplan.h"

#include <QFile>

#include <fcntl.h>
#include <libssh/sftp.h>

namespace {
constexpr qint64 basicRequestSize = qint64(32) * 1024;
}

SftpDownloadHelper::SftpDownloadHelper(
    const SftpSettings &settings, SftpConnection::Questions questions, Work work)
    : m_connection(settings, std::move(questions))
    , m_work(std::move(work))
{
    m_work.plan->readerStarted(); // before the thread runs: the first reader waits for it
    m_thread = std::thread([this] { run(); });
}

SftpDownloadHelper::~SftpDownloadHelper()
{
    if (m_thread.joinable())
        m_thread.join();
}

void SftpDownloadHelper::stop()
{
    m_stop = true;
    m_connection.interrupt();
}

void SftpDownloadHelper::leave(const QString &why)
{
    m_connection.log(
        ProtocolLog::Direction::Info, tr("Not helping with this download: %1").arg(why));
}

void SftpDownloadHelper::run()
{
    const QString path = QString::fromUtf8(m_work.remotePath);
    if (Error error = m_connection.open(true); error.isError()) {
        leave(error.message());
    } else if (m_stop) {
        // The download ended while this connection logged in.
    } else if (m_work.requestSize > basicRequestSize && !m_connection.allowsLargeRequests()) {
        leave(tr("it takes only small requests."));
    } else if (sftp_file file
        = sftp_open(m_connection.sftp(), m_work.remotePath.constData(), O_RDONLY, 0)) {
        QFile local(m_work.partPath);
        if (!local.open(QIODevice::ReadWrite | QIODevice::Unbuffered)) {
            leave(local.errorString());
        } else {
            m_connection.log(ProtocolLog::Direction::Info,
                tr("Reads %1 alongside the first connection").arg(path));
            SftpPipelinedReader reader(m_connection, file, local, *m_work.plan, *m_work.done, path);
            const Error error = reader.run([this] { return m_stop.load(); }, [] {});
            if (error.isError()) {
                reader.giveBackUnread();
                if (!m_stop)
                    leave(error.message());
            }
        }
        if (m_connection.isOpen())
            sftp_close(file);
    } else {
        leave(m_connection.failure(tr("open %1").arg(path)).message());
    }
    m_connection.close();
    m_work.plan->readerStopped();
}
