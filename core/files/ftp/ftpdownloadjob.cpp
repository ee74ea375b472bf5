#include "ftpdownloadjob.h"

#include "files/ftp/ftpdataconnection.h"
#include "files/ftp/ftpsession.h"
#include "files/localfiles.h"

#include <utility>

FtpDownloadJob::FtpDownloadJob(FtpSession *session, QString remotePath, QString localPath,
    TransferOptions options, QObject *parent)
    : Job(parent)
    , FtpOperation(session, this)
    , m_remotePath(std::move(remotePath))
    , m_localPath(std::move(localPath))
    , m_options(std::move(options))
    , m_part(LocalFiles::partPath(m_localPath))
{ }

void FtpDownloadJob::runOnSession()
{
    // ASCII mode changes sizes, so neither resuming nor checking sizes makes sense.
    if (m_options.resume && m_part.exists() && !m_options.asciiMode)
        m_offset = m_part.size();
    m_remoteSize = m_options.asciiMode ? -1 : m_options.knownRemoteSize;
    m_remoteModified = m_options.knownRemoteModified;
    querySize();
}

void FtpDownloadJob::querySize()
{
    if (m_remoteSize >= 0 || !session()->features().supportsSize() || m_options.asciiMode) {
        queryModificationTime();
        return;
    }
    session()->command(
        "SIZE", session()->encodePath(m_remotePath), [this](const NumericReply &reply) {
            if (reply.code() == 213) {
                bool ok = false;
                m_remoteSize = reply.text().trimmed().toLongLong(&ok);
                if (!ok)
                    m_remoteSize = -1;
            } else if (reply.code() == 550) {
                fail(Error(Error::Kind::NotFound,
                    tr("%1 does not exist on the server, or is not a file.").arg(m_remotePath),
                    reply.toDisplayString()));
                return;
            }
            queryModificationTime();
        });
}

void FtpDownloadJob::queryModificationTime()
{
    if (!m_options.preserveModificationTime || m_remoteModified.isValid()
        || !session()->features().supportsMdtm()) {
        retrieve();
        return;
    }
    session()->command(
        "MDTM", session()->encodePath(m_remotePath), [this](const NumericReply &reply) {
            if (reply.code() == 213)
                m_remoteModified = LocalFiles::parseFtpTimestamp(reply.text());
            retrieve();
        });
}

bool FtpDownloadJob::openPartFile()
{
    if (m_offset > 0 && m_remoteSize >= 0 && m_offset > m_remoteSize)
        m_offset = 0; // the .part is longer than the file: it belongs to another version
    const QIODevice::OpenMode mode = m_offset > 0 ? QIODevice::WriteOnly | QIODevice::Append
                                                  : QIODevice::WriteOnly | QIODevice::Truncate;
    if (!m_part.open(mode | QIODevice::Unbuffered)) { // blocks are large already
        fail(Error(Error::Kind::LocalIo,
            tr("Could not write %1: %2").arg(m_part.fileName(), m_part.errorString())));
        return false;
    }
    return true;
}

void FtpDownloadJob::retrieve()
{
    if (!openPartFile())
        return;
    if (m_offset > 0 && m_offset == m_remoteSize) {
        finalize(); // the .part already holds everything
        return;
    }
    setProgress(m_offset, m_remoteSize);
    session()->ensureType(m_options.asciiMode ? 'A' : 'I', [this](const Error &typeError) {
        if (typeError.isError()) {
            fail(typeError);
            return;
        }
        session()->openDataConnection(
            [this](FtpDataConnection *data, const Error &error) { onDataReady(data, error); });
    });
}

void FtpDownloadJob::onDataReady(FtpDataConnection *data, const Error &error)
{
    if (error.isError()) {
        fail(error);
        return;
    }
    m_data = data;
    data->setDevice(FtpDataConnection::Direction::Receive, &m_part);
    data->setConvertLineEndings(m_options.asciiMode);
    connect(data, &FtpDataConnection::progressed, this,
        [this](qint64 received) { setProgress(m_offset + received, m_remoteSize); });
    connect(data, &FtpDataConnection::done, this, &FtpDownloadJob::completeIfDone);
    auto sendRetr = [this, data] {
        session()->command(
            "RETR", session()->encodePath(m_remotePath),
            [this](const NumericReply &reply) {
                m_finalReply = reply;
                if (!reply.isCompletion()) {
                    fail(Error(
                        reply.code() == 550 ? Error::Kind::NotFound : Error::Kind::ConnectionLost,
                        tr("The server did not send %1: %2").arg(m_remotePath, reply.text()),
                        reply.toDisplayString()));
                    return;
                }
                m_data->start();
                completeIfDone();
            },
            [data](const NumericReply &) { data->start(); });
    };
    if (m_offset == 0) {
        sendRetr();
        return;
    }
    session()->command(
        "REST", QByteArray::number(m_offset), [this, sendRetr](const NumericReply &reply) {
            if (reply.code() != 350) {
                session()->logInfo(tr("The server can't resume; starting over."));
                m_offset = 0;
                m_part.resize(0);
                m_part.seek(0);
            }
            sendRetr();
        });
}

void FtpDownloadJob::completeIfDone()
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
    finalize();
}

void FtpDownloadJob::finalize()
{
    if (!m_part.flush()) {
        fail(LocalFiles::writeError(m_part));
        return;
    }
    m_part.close();
    const qint64 received = m_part.size();
    if (m_remoteSize >= 0 && received != m_remoteSize) {
        fail(Error(Error::Kind::ConnectionLost,
            tr("The download of %1 is incomplete (%2 of %3 bytes); it can be resumed.")
                .arg(m_remotePath)
                .arg(received)
                .arg(m_remoteSize)));
        return;
    }
    if (m_remoteModified.isValid())
        LocalFiles::setModificationTime(m_part.fileName(), m_remoteModified);
    const Error renameError = LocalFiles::replaceWith(m_part.fileName(), m_localPath);
    if (renameError.isError()) {
        fail(renameError);
        return;
    }
    setProgress(received, received);
    finishWithSuccess();
}

void FtpDownloadJob::fail(const Error &error)
{
    if (m_data && !m_data->isDone())
        m_data->abort();
    closePartFile();
    finishWithError(error);
}

void FtpDownloadJob::closePartFile()
{
    // Kept when it holds something, so a later attempt resumes from it; an empty one is
    // only clutter (a file the server would not send).
    const bool wasOpen = m_part.isOpen();
    m_part.close();
    if (wasOpen && m_part.size() == 0)
        m_part.remove();
}

void FtpDownloadJob::sessionFailed(const Error &error)
{
    fail(error);
}

void FtpDownloadJob::doCancel()
{
    if (unscheduleIfWaiting() || !m_data || m_finalReply) {
        closePartFile();
        Job::doCancel();
        return;
    }
    session()->abortTransfer(m_data, [this] {
        closePartFile();
        Job::doCancel();
    });
}
