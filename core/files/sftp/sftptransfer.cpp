#include "sftptransfer.h"

#include "files/localfiles.h"
#include "files/sftp/sftpbatch.h"
#include "files/sftp/sftpdownloadhelper.h"
#include "files/sftp/sftppipelinedreader.h"
#include "files/sftp/sftpreadplan.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <deque>
#include <fcntl.h>
#include <libssh/libssh.h>
#include <libssh/sftp.h>
#include <limits>
#include <optional>
#include <sys/time.h>

namespace {

// 32 KiB is what every SFTP server must accept; OpenSSH (limits@openssh.com) takes more.
constexpr qint64 basicRequestSize = qint64(32) * 1024;
// 255 KiB reads (OpenSSH's largest answer) were no faster than these end to end.
constexpr qint64 largeReadSize = qint64(64) * 1024;
constexpr qint64 largeWriteSize = qint64(255) * 1024; // 256 KiB or more: OpenSSH drops the session
// From this many bytes to go, a download may take more connections (a login costs a tenth of
// a second, in parallel with the first connection's reading).
constexpr qint64 splitThreshold = qint64(64) * 1024 * 1024;
// More connections than this measured no faster on 2 cores.
constexpr int maxHelpers = 1;
// Connections reading side by side leave gaps only within what they have in flight. A resume
// steps back this far from the .part's end.
constexpr qint64 splitResumeMargin = qint64(8) * 1024 * 1024;
static_assert(splitResumeMargin
    >= qint64(1 + maxHelpers) * SftpPipelinedReader::maxReadsInFlight * largeReadSize);
constexpr qint64 pipelinedWriteSize = qint64(64) * 1024;
constexpr int maxWritesInFlight = 16;
// Up to this size a file moves in one flight of requests, held in memory whole.
constexpr qint64 smallFileLimit = qint64(256) * 1024;
constexpr qint64 progressIntervalMs = 100;

// One read or write in flight.
struct PendingRequest
{
    quint32 id = 0;
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
    // What the folder listing said is enough: an fstat per file is one more round trip, and
    // over thousands of small files those add up. The reads go on past a stale size.
    qint64 size = m_request.options.knownRemoteSize;
    QDateTime mtime = m_request.options.knownRemoteModified;
    if (size >= 0 && size <= smallFileLimit && mtime.isValid() && !m_request.options.resume) {
        if (cancelled())
            return cancelledError();
        bool stale = false;
        Error error = downloadSmall(remotePath, size, mtime, &stale);
        if (error.isError() || !stale)
            return error;
        size = -1; // the file changed since it was listed: ask the server
    }
    m_connection.log(
        ProtocolLog::Direction::Sent, QStringLiteral("open %1 (read)").arg(remotePath));
    RemoteFile file(m_connection, sftp_open(sftp, remote.constData(), O_RDONLY, 0));
    if (!file.get())
        return m_connection.failure(tr("download %1").arg(remotePath));
    if (size < 0 || !mtime.isValid()) {
        sftp_attributes attributes = sftp_fstat(file.get());
        if (!attributes)
            return m_connection.failure(tr("download %1").arg(remotePath));
        const bool isDirectory = attributes->type == SSH_FILEXFER_TYPE_DIRECTORY;
        size = (attributes->flags & SSH_FILEXFER_ATTR_SIZE) ? qint64(attributes->size) : -1;
        mtime = (attributes->flags & SSH_FILEXFER_ATTR_ACMODTIME)
            ? QDateTime::fromSecsSinceEpoch(qint64(attributes->mtime), Qt::UTC)
            : QDateTime();
        sftp_attributes_free(attributes);
        if (isDirectory)
            return Error(Error::Kind::Unsupported,
                tr("Could not download %1: it is a folder.").arg(remotePath));
    }

    const QString partPath = LocalFiles::partPath(localPath);
    QFile local(partPath);
    qint64 offset = 0;
    if (m_request.options.resume && QFileInfo::exists(partPath)) {
        offset = QFileInfo(partPath).size();
        if (size >= 0 && offset > size)
            offset = 0; // not the same file: start over
        // A .part this large may have been written by several connections at once and left by
        // a crash: its last few MiB may have gaps (a clean stop cuts them off, a crash can't).
        if (offset >= splitThreshold)
            offset -= splitResumeMargin;
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
    SftpReadPlan plan(offset, size, chunk);
    std::atomic<qint64> done = offset;
    SftpPipelinedReader reader(m_connection, file.get(), local, plan, done, remotePath);
    report(done, size, true);
    // A large file is read over more connections at once where the caller allows it: on a
    // 2-core machine the server's single sshd process is the limit, and a second one shares
    // the work (1 GiB, medians of 5 in one run: 1.25x OpenSSH sftp over one connection, 1.37x
    // over two); over a long link each connection's SSH window is the limit, and two windows
    // carry twice as much.
    std::vector<std::unique_ptr<SftpDownloadHelper>> helpers;
    if (size - offset >= splitThreshold) {
        const int count = qBound(0, m_request.options.extraConnections, maxHelpers);
        for (int number = 2; number < 2 + count; ++number) {
            SftpConnection::Questions questions;
            questions.log = [log = m_connection.logSink(), number](
                                ProtocolLog::Direction direction, const QString &text) {
                if (log)
                    log(direction, QStringLiteral("[%1] %2").arg(number).arg(text));
            };
            helpers.push_back(
                std::make_unique<SftpDownloadHelper>(m_connection.settings(), std::move(questions),
                    SftpDownloadHelper::Work {remote, partPath, chunk, &plan, &done}));
        }
    }
    const auto stopHelpers = [&helpers] {
        for (const std::unique_ptr<SftpDownloadHelper> &helper : helpers)
            helper->stop();
        helpers.clear(); // waits for their threads; what they had not received is given back
    };
    const auto stop = [this] { return cancelled(); };
    const auto afterEachRead = [&] { report(done, qMax(size, done.load()), false); };

    Error error = reader.run(stop, afterEachRead);
    // The helpers may still be reading the last stretches, or hand some back when they fail;
    // one that stops answering is cut off after the request timeout, and its part read here.
    QElapsedTimer quiet;
    quiet.start();
    qint64 seen = done;
    while (!error.isError() && (plan.otherReaders() > 0 || plan.hasWork())) {
        if (plan.hasWork()) {
            error = reader.run(stop, afterEachRead);
            continue;
        }
        plan.waitForChange(int(progressIntervalMs));
        report(done, qMax(size, done.load()), false);
        if (cancelled())
            error = cancelledError();
        if (done != seen) {
            seen = done;
            quiet.restart();
        } else if (quiet.hasExpired(qint64(m_connection.settings().requestTimeoutSeconds) * 1000)) {
            stopHelpers();
        }
    }
    stopHelpers();
    if (error.isError()) {
        // The .part keeps only what arrived without a gap, so a resume from its size is right.
        const qint64 complete = qMin(plan.firstUnclaimed(), reader.firstMissing());
        local.flush();
        if (local.size() > complete)
            local.resize(complete);
        return error;
    }
    file.close();
    if (!local.flush())
        return LocalFiles::writeError(local);
    local.close();
    const qint64 received = done;
    if (size >= 0 && received < size)
        return Error(Error::Kind::ConnectionLost,
            tr("The download of %1 ended after %2 of %3 bytes.")
                .arg(remotePath)
                .arg(received)
                .arg(size));
    report(received, received, true);
    if (m_request.options.preserveModificationTime && mtime.isValid())
        LocalFiles::setModificationTime(partPath, mtime);
    m_connection.log(ProtocolLog::Direction::Received, tr("%1 bytes").arg(received));
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
    if (offset == 0 && size <= smallFileLimit) {
        if (cancelled())
            return cancelledError();
        return uploadSmall(remotePath, local, size);
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

    // Writes in flight, as reads are: libssh's sftp_write waits for each answer, which leaves
    // one side idle while the other works (~1.6x slower on loopback).
    const QString action = tr("upload %1").arg(remotePath);
    const qint64 chunk = m_connection.allowsLargeRequests() ? pipelinedWriteSize : basicRequestSize;
    const QByteArray handle(static_cast<const char *>(ssh_string_data(file.get()->handle)),
        qsizetype(ssh_string_len(file.get()->handle)));
    SftpBatch batch(m_connection);
    std::deque<PendingRequest> writes; // offset and length of each write in flight
    QByteArray buffer(int(chunk), Qt::Uninitialized);
    qint64 sent = offset;
    qint64 done = offset;
    std::optional<SftpBatch::Reply> refused;
    bool stop = false; // cancelled or refused: send no more, read what is in flight
    report(done, size, true);
    while (true) {
        while (!stop && sent < size && batch.outstanding() < maxWritesInFlight) {
            if (cancelled()) {
                stop = true;
                break;
            }
            const qint64 got = local.read(buffer.data(), qMin(chunk, size - sent));
            if (got <= 0)
                return Error(Error::Kind::LocalIo,
                    tr("Could not read %1: %2").arg(localPath, local.errorString()));
            const quint32 id
                = batch.write(handle, quint64(sent), QByteArrayView(buffer.constData(), got));
            if (!batch.send())
                return batch.failure(action);
            writes.push_back({id, sent, got});
            sent += got;
        }
        if (batch.outstanding() == 0)
            break;
        SftpBatch::Reply reply;
        if (!batch.next(&reply))
            return batch.failure(action);
        if (!reply.isOk()) {
            if (!refused)
                refused = reply;
            stop = true;
            continue;
        }
        const auto write = std::find_if(writes.cbegin(), writes.cend(),
            [&reply](const PendingRequest &pending) { return pending.id == reply.id; });
        if (write == writes.cend())
            return batch.failure(action);
        done += write->length;
        writes.erase(write);
        report(done, size, false);
    }
    if (refused)
        return batch.failure(action, &*refused);
    if (cancelled())
        return cancelledError();
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

Error SftpTransfer::downloadSmall(
    const QString &remotePath, qint64 size, const QDateTime &mtime, bool *stale)
{
    const QString action = tr("download %1").arg(remotePath);
    m_connection.log(
        ProtocolLog::Direction::Sent, QStringLiteral("open %1 (read)").arg(remotePath));
    SftpBatch batch(m_connection);
    QByteArray handle;
    if (Error error = batch.openFile(remotePath.toUtf8(), SSH_FXF_READ, 0, action, &handle);
        error.isError())
        return error;
    SftpBatch::Reply reply;
    report(0, size, true);

    // Every read, one more past the end (EOF, unless the file grew), and the close.
    const qint64 chunk = m_connection.allowsLargeRequests() ? largeReadSize : basicRequestSize;
    QList<quint32> ids;
    for (qint64 at = 0; at < size; at += chunk)
        ids << batch.read(handle, quint64(at), quint32(qMin(chunk, size - at)));
    const qsizetype reads = ids.size();
    ids << batch.read(handle, quint64(size), quint32(chunk)) << batch.close(handle);
    if (!batch.send())
        return batch.failure(action);
    QList<QByteArray> parts(reads);
    std::optional<SftpBatch::Reply> refused;
    // Every reply is read, whatever comes first, so the channel stays in step.
    while (batch.outstanding() > 0) {
        if (!batch.next(&reply))
            return batch.failure(action);
        const qsizetype index = ids.indexOf(reply.id);
        const bool endOfFile = reply.type == SSH_FXP_STATUS && reply.status == SSH_FX_EOF;
        if (index < 0)
            return batch.failure(action);
        if (!reply.isOk() && !endOfFile) {
            if (!refused)
                refused = reply;
        } else if (index < reads) {
            const qint64 wanted = qMin(chunk, size - index * chunk);
            if (reply.type == SSH_FXP_DATA && reply.data.size() == wanted)
                parts[index] = reply.data;
            else
                *stale = true; // shorter than listed
        } else if (index == reads && !endOfFile) {
            *stale = true; // longer than listed
        }
    }
    if (refused)
        return batch.failure(action, &*refused);
    if (*stale)
        return {};

    const QString &localPath = m_request.otherPath;
    const QString partPath = LocalFiles::partPath(localPath);
    QFile local(partPath);
    if (!local.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error(
            Error::Kind::LocalIo, tr("Could not write %1: %2").arg(partPath, local.errorString()));
    for (const QByteArray &part : std::as_const(parts)) {
        if (local.write(part) != part.size())
            return LocalFiles::writeError(local);
    }
    if (!local.flush())
        return LocalFiles::writeError(local);
    local.close();
    report(size, size, true);
    if (m_request.options.preserveModificationTime)
        LocalFiles::setModificationTime(partPath, mtime);
    m_connection.log(ProtocolLog::Direction::Received, tr("%1 bytes").arg(size));
    return LocalFiles::replaceWith(partPath, localPath);
}

Error SftpTransfer::uploadSmall(const QString &remotePath, QFile &local, qint64 size)
{
    const QString &localPath = m_request.otherPath;
    const QByteArray content = local.read(size);
    if (content.size() != size)
        return Error(
            Error::Kind::LocalIo, tr("Could not read %1: %2").arg(localPath, local.errorString()));
    const QString action = tr("upload %1").arg(remotePath);
    const QByteArray remote = remotePath.toUtf8();
    m_connection.log(
        ProtocolLog::Direction::Sent, QStringLiteral("open %1 (write)").arg(remotePath));
    SftpBatch batch(m_connection);
    QByteArray handle;
    if (Error error = batch.openFile(
            remote, SSH_FXF_WRITE | SSH_FXF_CREAT | SSH_FXF_TRUNC, 0644, action, &handle);
        error.isError())
        return error;
    SftpBatch::Reply reply;
    report(0, size, true);

    // Every write, the close and the time in one flight.
    const qint64 chunk = m_connection.allowsLargeRequests() ? largeWriteSize : basicRequestSize;
    for (qint64 at = 0; at < size; at += chunk)
        batch.write(
            handle, quint64(at), QByteArrayView(content).sliced(at, qMin(chunk, size - at)));
    batch.close(handle);
    quint32 timeId = 0;
    if (m_request.options.preserveModificationTime)
        timeId = batch.setModificationTime(
            remote, QFileInfo(localPath).lastModified().toSecsSinceEpoch());
    if (!batch.send())
        return batch.failure(action);
    std::optional<SftpBatch::Reply> refused;
    // Every reply is read, whatever comes first, so the channel stays in step.
    while (batch.outstanding() > 0) {
        if (!batch.next(&reply))
            return batch.failure(action);
        if (!reply.isOk() && !refused)
            refused = reply;
    }
    if (refused) {
        return batch.failure(refused->id == timeId && timeId != 0
                ? tr("set the modification time of %1").arg(remotePath)
                : action,
            &*refused);
    }
    report(size, size, true);
    m_connection.log(ProtocolLog::Direction::Info, tr("%1 bytes sent").arg(size));
    return {};
}
