#include "sftptransfer.h"

#include "files/localfiles.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <deque>
#include <fcntl.h>
#include <libssh/libssh.h>
#include <libssh/sftp.h>
#include <limits>
#include <sys/time.h>

namespace {

// 32 KiB is what every SFTP server must accept; OpenSSH (limits@openssh.com) takes more.
constexpr qint64 basicRequestSize = qint64(32) * 1024;
constexpr qint64 largeReadSize = qint64(64) * 1024;
constexpr qint64 largeWriteSize = qint64(255) * 1024; // 256 KiB or more: OpenSSH drops the session
constexpr int maxReadsInFlight = 32;
constexpr qint64 progressIntervalMs = 100;

struct PendingRead
{
    int id = 0;
    qint64 offset = 0;
    qint64 length = 0;
};

// Closes an sftp_file however the transfer ends; skipped when the connection is gone.
class RemoteFile
{
public:
    RemoteFile(SftpConnection &connection, sftp_file file)
        : m_connection(connection)
        , m_file(file)
    { }
    RemoteFile(const RemoteFile &) = delete;
    RemoteFile &operator=(const RemoteFile &) = delete;
    ~RemoteFile() { close(); }
    [[nodiscard]] sftp_file get() const { return m_file; }
    int close()
    {
        int status = SSH_OK;
        if (m_file && m_connection.isOpen())
            status = sftp_close(m_file);
        m_file = nullptr;
        return status;
    }

private:
    SftpConnection &m_connection;
    sftp_file m_file;
};

} // namespace

SftpTransfer::SftpTransfer(
    SftpConnection &connection, const SftpRequest &request, Progress progress)
    : m_connection(connection)
    , m_request(request)
    , m_progress(std::move(progress))
{
    m_clock.start();
}

Error SftpTransfer::cancelledError() const
{
    return Error(Error::Kind::Cancelled, tr("Cancelled."));
}

void SftpTransfer::report(qint64 done, qint64 total, bool force)
{
    const qint64 now = m_clock.elapsed();
    if (!force && m_lastReportMs >= 0 && now - m_lastReportMs < progressIntervalMs)
        return;
    m_lastReportMs = now;
    m_progress(done, total);
}

Error SftpTransfer::download(const QString &remotePath)
{
    const QString &localPath = m_request.otherPath;
    sftp_session sftp = m_connection.sftp();
    const QByteArray remote = remotePath.toUtf8();
    m_connection.log(
        ProtocolLog::Direction::Sent, QStringLiteral("open %1 (read)").arg(remotePath));
    RemoteFile file(m_connection, sftp_open(sftp, remote.constData(), O_RDONLY, 0));
    if (!file.get())
        return m_connection.failure(tr("download %1").arg(remotePath));
    sftp_attributes attributes = sftp_fstat(file.get());
    if (!attributes)
        return m_connection.failure(tr("download %1").arg(remotePath));
    const bool isDirectory = attributes->type == SSH_FILEXFER_TYPE_DIRECTORY;
    const qint64 size
        = (attributes->flags & SSH_FILEXFER_ATTR_SIZE) ? qint64(attributes->size) : -1;
    QDateTime mtime;
    if (attributes->flags & SSH_FILEXFER_ATTR_ACMODTIME)
        mtime = QDateTime::fromSecsSinceEpoch(qint64(attributes->mtime), Qt::UTC);
    sftp_attributes_free(attributes);
    if (isDirectory)
        return Error(
            Error::Kind::Unsupported, tr("Could not download %1: it is a folder.").arg(remotePath));

    const QString partPath = LocalFiles::partPath(localPath);
    QFile local(partPath);
    qint64 offset = 0;
    if (m_request.options.resume && QFileInfo::exists(partPath)) {
        offset = QFileInfo(partPath).size();
        if (size >= 0 && offset > size)
            offset = 0; // not the same file: start over
    }
    if (!local.open(offset > 0 ? QIODevice::ReadWrite : QIODevice::WriteOnly | QIODevice::Truncate))
        return Error(
            Error::Kind::LocalIo, tr("Could not write %1: %2").arg(partPath, local.errorString()));
    if (offset > 0) {
        local.resize(offset);
        local.seek(offset);
        m_connection.log(ProtocolLog::Direction::Info, tr("Resuming at byte %1").arg(offset));
    }

    const qint64 chunk = m_connection.allowsLargeRequests() ? largeReadSize : basicRequestSize;
    std::deque<PendingRead> pending;
    QByteArray buffer(int(chunk), Qt::Uninitialized);
    qint64 nextOffset = offset; // where the next request starts
    qint64 done = offset;
    qint64 target = size >= 0 ? size : std::numeric_limits<qint64>::max();
    int inFlight = 4; // start small and grow: small files need no deep pipeline
    bool endOfFile = false;
    report(done, size, true);

    const auto issue = [&](qint64 at, qint64 length) {
        sftp_seek64(file.get(), quint64(at));
        const int id = sftp_async_read_begin(file.get(), uint32_t(length));
        if (id < 0)
            return false;
        pending.push_back({id, at, length});
        return true;
    };

    // When the download stops early, the .part keeps only what arrived without a gap (a short
    // read's rest may still be missing while later chunks are written), so a resume from its
    // size is right.
    const auto stopped
        = [&](const Error &error, qint64 missingFrom = std::numeric_limits<qint64>::max()) {
              qint64 complete = qMin(nextOffset, missingFrom);
              for (const PendingRead &read : pending)
                  complete = qMin(complete, read.offset);
              local.flush();
              if (local.size() > complete)
                  local.resize(complete);
              return error;
          };

    while (true) {
        while (!endOfFile && nextOffset < target && int(pending.size()) < inFlight) {
            const qint64 length = qMin(chunk, target - nextOffset);
            if (!issue(nextOffset, length))
                return stopped(m_connection.failure(tr("download %1").arg(remotePath)));
            nextOffset += length;
        }
        if (pending.empty()) {
            if (endOfFile || size < 0)
                break;
            // Everything the size promised has arrived; ask once more in case the file grew.
            target = std::numeric_limits<qint64>::max();
            if (!issue(nextOffset, chunk))
                return stopped(m_connection.failure(tr("download %1").arg(remotePath)));
            nextOffset += chunk;
        }
        const PendingRead read = pending.front();
        const int got
            = sftp_async_read(file.get(), buffer.data(), uint32_t(read.length), uint32_t(read.id));
        if (got < 0)
            return stopped(m_connection.failure(tr("download %1").arg(remotePath)));
        pending.pop_front();
        if (got == 0) {
            endOfFile = true; // later requests, if any, answer EOF too
            continue;
        }
        if (local.pos() != read.offset)
            local.seek(read.offset);
        if (local.write(buffer.constData(), got) != got)
            return LocalFiles::writeError(local);
        done += got;
        if (got < read.length && !endOfFile) {
            // A short read is not the end: ask for the rest.
            if (!issue(read.offset + got, read.length - got))
                return stopped(
                    m_connection.failure(tr("download %1").arg(remotePath)), read.offset + got);
        }
        if (inFlight < maxReadsInFlight)
            ++inFlight;
        report(done, qMax(size, done), false);
        if (cancelled())
            return stopped(cancelledError()); // the .part stays for a resume
    }
    file.close();
    if (!local.flush())
        return LocalFiles::writeError(local);
    local.close();
    if (size >= 0 && done < size)
        return Error(Error::Kind::ConnectionLost,
            tr("The download of %1 ended after %2 of %3 bytes.")
                .arg(remotePath)
                .arg(done)
                .arg(size));
    report(done, done, true);
    if (m_request.options.preserveModificationTime && mtime.isValid())
        LocalFiles::setModificationTime(partPath, mtime);
    m_connection.log(ProtocolLog::Direction::Received, tr("%1 bytes").arg(done));
    return LocalFiles::replaceWith(partPath, localPath);
}

Error SftpTransfer::upload(const QString &remotePath)
{
    const QString &localPath = m_request.otherPath;
    QFile local(localPath);
    if (!local.open(QIODevice::ReadOnly))
        return Error(
            Error::Kind::LocalIo, tr("Could not read %1: %2").arg(localPath, local.errorString()));
    const qint64 size = local.size();
    sftp_session sftp = m_connection.sftp();
    const QByteArray remote = remotePath.toUtf8();

    qint64 offset = 0;
    if (m_request.options.resume) {
        if (sftp_attributes attributes = sftp_stat(sftp, remote.constData())) {
            if ((attributes->flags & SSH_FILEXFER_ATTR_SIZE) && qint64(attributes->size) <= size)
                offset = qint64(attributes->size);
            sftp_attributes_free(attributes);
        } else if (!m_connection.isOpen()) {
            return m_connection.failure(tr("upload %1").arg(remotePath));
        }
    }
    const int flags = offset > 0 ? O_WRONLY : O_WRONLY | O_CREAT | O_TRUNC;
    m_connection.log(
        ProtocolLog::Direction::Sent, QStringLiteral("open %1 (write)").arg(remotePath));
    RemoteFile file(m_connection, sftp_open(sftp, remote.constData(), flags, 0644));
    if (!file.get())
        return m_connection.failure(tr("upload %1").arg(remotePath));
    if (offset > 0) {
        m_connection.log(ProtocolLog::Direction::Info, tr("Resuming at byte %1").arg(offset));
        if (sftp_seek64(file.get(), quint64(offset)) != 0 || !local.seek(offset))
            return Error(
                Error::Kind::LocalIo, tr("Could not resume the upload of %1.").arg(localPath));
    }

    const qint64 chunk = m_connection.allowsLargeRequests() ? largeWriteSize : basicRequestSize;
    QByteArray buffer(int(chunk), Qt::Uninitialized);
    qint64 done = offset;
    report(done, size, true);
    while (done < size) {
        if (cancelled())
            return cancelledError();
        const qint64 got = local.read(buffer.data(), chunk);
        if (got <= 0)
            return Error(Error::Kind::LocalIo,
                tr("Could not read %1: %2").arg(localPath, local.errorString()));
        qint64 written = 0;
        while (written < got) {
            const ssize_t n
                = sftp_write(file.get(), buffer.constData() + written, size_t(got - written));
            if (n <= 0)
                return m_connection.failure(tr("upload %1").arg(remotePath));
            written += n;
        }
        done += got;
        report(done, size, false);
    }
    if (file.close() != SSH_OK)
        return m_connection.failure(tr("upload %1").arg(remotePath));
    report(done, size, true);
    m_connection.log(ProtocolLog::Direction::Info, tr("%1 bytes sent").arg(done));
    if (m_request.options.preserveModificationTime) {
        timeval times[2] = {};
        times[0].tv_sec = time_t(QFileInfo(localPath).lastModified().toSecsSinceEpoch());
        times[1].tv_sec = times[0].tv_sec;
        if (sftp_utimes(sftp, remote.constData(), times) != SSH_OK)
            return m_connection.failure(tr("set the modification time of %1").arg(remotePath));
    }
    return {};
}
