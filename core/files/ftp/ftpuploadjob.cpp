#include "ftpuploadjob.h"

#include "files/ftp/ftpdataconnection.h"
#include "files/ftp/ftpsession.h"
#include "files/localfiles.h"

#include <QFileInfo>

#include <utility>

FtpUploadJob::FtpUploadJob(FtpSession *session, QString localPath, QString remotePath,
    TransferOptions options, QObject *parent)
    : Job(parent)
    , FtpOperation(session, this)
    , m_localPath(std::move(localPath))
    , m_remotePath(std::move(remotePath))
    , m_options(std::move(options))
    , m_file(m_localPath)
{ }

void FtpUploadJob::runOnSession()
{
    if (!m_file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        fail(Error(Error::Kind::LocalIo,
            tr("Could not read %1: %2").arg(m_localPath, m_file.errorString())));
        return;
    }
    m_size = m_file.size();
    if (!m_options.resume || m_options.asciiMode || !session()->features().supportsSize()) {
        store();
        return;
    }
    session()->command(
        "SIZE", session()->encodePath(m_remotePath), [this](const NumericReply &reply) {
            bool ok = false;
            const qint64 remoteSize = reply.text().trimmed().toLongLong(&ok);
            if (reply.code() == 213 && ok && remoteSize <= m_size)
                m_offset = remoteSize;
            store();
        });
}

void FtpUploadJob::store()
{
    if (m_offset > 0 && m_offset == m_size) {
        finishWithSuccess(); // already complete on the server
        return;
    }
    if (!m_file.seek(m_offset)) {
        fail(Error(Error::Kind::LocalIo, tr("Could not read %1.").arg(m_localPath)));
        return;
    }
    setProgress(m_offset, m_size);
    session()->ensureType(m_options.asciiMode ? 'A' : 'I', [this](const Error &typeError) {
        if (typeError.isError()) {
            fail(typeError);
            return;
        }
        session()->openDataConnection(
            [this](FtpDataConnection *data, const Error &error) { onDataReady(data, error); });
    });
}

void FtpUploadJob::onDataReady(FtpDataConnection *data, const Error &error)
{
    if (error.isError()) {
        fail(error);
        return;
    }
    m_data = data;
    data->setDevice(FtpDataConnection::Direction::Send, &m_file);
    data->setConvertLineEndings(m_options.asciiMode);
    connect(data, &FtpDataConnection::progressed, this,
        [this](qint64 sent) { setProgress(m_offset + sent, m_size); });
    connect(data, &FtpDataConnection::done, this, &FtpUploadJob::completeIfDone);
    // APPE, not REST + STOR: every server that can resume an upload knows it.
    session()->command(
        m_offset > 0 ? "APPE" : "STOR", session()->encodePath(m_remotePath),
        [this](const NumericReply &reply) {
            m_finalReply = reply;
            if (!reply.isCompletion()) {
                Error::Kind kind = Error::Kind::Protocol;
                if (reply.code() == 552 || reply.code() == 452)
                    kind = Error::Kind::DiskFull;
                else if (reply.code() == 553 || reply.code() == 550)
                    kind = Error::Kind::PermissionDenied;
                else if (reply.code() == 426 || reply.code() == 425)
                    kind = Error::Kind::ConnectionLost;
                fail(Error(kind,
                    tr("The server did not accept %1: %2").arg(m_remotePath, reply.text()),
                    reply.toDisplayString()));
                return;
            }
            completeIfDone();
        },
        [data](const NumericReply &) { data->start(); });
}

void FtpUploadJob::completeIfDone()
{
    if (isFinished() || !m_data || !m_data->isDone())
        return;
    if (m_data->error().isError()) {
        fail(m_data->error());
        return;
    }
    if (!m_finalReply) {
        session()->expectReplySoon();
        return;
    }
    verifySize();
}

void FtpUploadJob::verifySize()
{
    // In ASCII mode the server stores its own line endings: sizes differ by design.
    if (m_options.asciiMode || !session()->features().supportsSize()) {
        setRemoteTime();
        return;
    }
    session()->command(
        "SIZE", session()->encodePath(m_remotePath), [this](const NumericReply &reply) {
            bool ok = false;
            const qint64 remoteSize = reply.text().trimmed().toLongLong(&ok);
            if (reply.code() == 213 && ok && remoteSize != m_size) {
                fail(Error(Error::Kind::ConnectionLost,
                    tr("The server has %1 of %2 bytes of %3; the upload "
                       "can be resumed.")
                        .arg(remoteSize)
                        .arg(m_size)
                        .arg(m_remotePath)));
                return;
            }
            setRemoteTime();
        });
}

void FtpUploadJob::setRemoteTime()
{
    setProgress(m_size, m_size);
    if (!m_options.preserveModificationTime || !session()->features().supportsMfmt()) {
        finishWithSuccess();
        return;
    }
    const QDateTime modified = QFileInfo(m_localPath).lastModified();
    session()->command("MFMT",
        LocalFiles::formatFtpTimestamp(modified).toLatin1() + ' '
            + session()->encodePath(m_remotePath),
        [this](const NumericReply &) { finishWithSuccess(); });
}

void FtpUploadJob::fail(const Error &error)
{
    if (m_data && !m_data->isDone())
        m_data->abort();
    m_file.close();
    finishWithError(error);
}

void FtpUploadJob::sessionFailed(const Error &error)
{
    fail(error);
}

void FtpUploadJob::doCancel()
{
    if (unscheduleIfWaiting() || !m_data || m_finalReply) {
        Job::doCancel();
        return;
    }
    session()->abortTransfer(m_data, [this] { Job::doCancel(); });
}
