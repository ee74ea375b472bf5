#include "sftpbatch.h"

#include <QtEndian>

#include <libssh/libssh.h>
#include <libssh/sftp.h>

namespace {

// A DATA reply carries at most one read's worth (255 KiB with OpenSSH); anything much larger
// is not a reply to what was asked.
constexpr quint32 maxReplyLength = 512 * 1024;

} // namespace

bool SftpBatch::Reply::isOk() const
{
    return type != SSH_FXP_STATUS || status == SSH_FX_OK;
}

SftpBatch::SftpBatch(SftpConnection &connection)
    : m_connection(connection)
{ }

quint32 SftpBatch::begin(quint8 type)
{
    m_start = m_pending.size();
    addUint32(0); // the length, filled in by finish()
    m_pending.append(char(type));
    // From libssh's own counter, so its later requests never share an id with these.
    const quint32 id = ++m_connection.sftp()->id_counter;
    addUint32(id);
    return id;
}

void SftpBatch::finish()
{
    qToBigEndian(quint32(m_pending.size() - m_start - 4), m_pending.data() + m_start);
    ++m_queued;
}

void SftpBatch::addUint32(quint32 value)
{
    char bytes[4];
    qToBigEndian(value, bytes);
    m_pending.append(bytes, 4);
}

void SftpBatch::addUint64(quint64 value)
{
    char bytes[8];
    qToBigEndian(value, bytes);
    m_pending.append(bytes, 8);
}

void SftpBatch::addString(QByteArrayView bytes)
{
    addUint32(quint32(bytes.size()));
    m_pending.append(bytes.data(), bytes.size());
}

quint32 SftpBatch::open(const QByteArray &path, quint32 flags, quint32 mode)
{
    const quint32 id = begin(SSH_FXP_OPEN);
    addString(path);
    addUint32(flags);
    addUint32(SSH_FILEXFER_ATTR_PERMISSIONS);
    addUint32(mode);
    finish();
    return id;
}

quint32 SftpBatch::read(const QByteArray &handle, quint64 offset, quint32 length)
{
    const quint32 id = begin(SSH_FXP_READ);
    addString(handle);
    addUint64(offset);
    addUint32(length);
    finish();
    return id;
}

quint32 SftpBatch::write(const QByteArray &handle, quint64 offset, QByteArrayView data)
{
    const quint32 id = begin(SSH_FXP_WRITE);
    addString(handle);
    addUint64(offset);
    addString(data);
    finish();
    return id;
}

quint32 SftpBatch::close(const QByteArray &handle)
{
    const quint32 id = begin(SSH_FXP_CLOSE);
    addString(handle);
    finish();
    return id;
}

quint32 SftpBatch::setModificationTime(const QByteArray &path, qint64 secondsSinceEpoch)
{
    const quint32 id = begin(SSH_FXP_SETSTAT);
    addString(path);
    addUint32(SSH_FILEXFER_ATTR_ACMODTIME);
    addUint32(quint32(secondsSinceEpoch)); // access time
    addUint32(quint32(secondsSinceEpoch)); // modification time
    finish();
    return id;
}

bool SftpBatch::send()
{
    if (m_pending.isEmpty())
        return true;
    const int sent
        = ssh_channel_write(m_connection.sftp()->channel, m_pending.constData(), m_pending.size());
    if (sent != m_pending.size())
        return false;
    m_outstanding += m_queued;
    m_queued = 0;
    m_pending.clear();
    return true;
}

bool SftpBatch::readExactly(char *into, qsizetype length)
{
    while (length > 0) {
        // Blocks up to the session timeout; 0 means the channel ended or the time ran out.
        const int got = ssh_channel_read(m_connection.sftp()->channel, into, quint32(length), 0);
        if (got <= 0)
            return false;
        into += got;
        length -= got;
    }
    return true;
}

bool SftpBatch::next(Reply *reply)
{
    char header[9];
    if (m_outstanding <= 0 || !readExactly(header, 4))
        return false;
    const auto length = qFromBigEndian<quint32>(header);
    if (length < 5 || length > maxReplyLength || !readExactly(header + 4, 5))
        return false;
    --m_outstanding;
    reply->type = quint8(header[4]);
    reply->id = qFromBigEndian<quint32>(header + 5);
    QByteArray body(qsizetype(length) - 5, Qt::Uninitialized);
    if (!readExactly(body.data(), body.size()))
        return false;
    reply->status = 0;
    reply->data.clear();
    if (body.size() < 4)
        return false;
    const auto first = qFromBigEndian<quint32>(body.constData());
    switch (reply->type) {
    case SSH_FXP_STATUS: reply->status = first; return true;
    case SSH_FXP_HANDLE:
    case SSH_FXP_DATA:
        if (first > quint32(body.size() - 4))
            return false;
        reply->data = body.mid(4, qsizetype(first));
        return true;
    default: return false;
    }
}

Error SftpBatch::failure(const QString &action, const Reply *reply)
{
    if (reply && m_connection.isOpen()) {
        // Reported as libssh reports its own failures.
        m_connection.sftp()->errnum = int(reply->status);
        return m_connection.failure(action);
    }
    // Replies may still be on their way, or the stream is out of step: neither libssh nor
    // another batch could read this channel reliably now.
    m_connection.close();
    m_outstanding = 0;
    return m_connection.failure(action);
}

Error SftpBatch::openFile(
    const QByteArray &path, quint32 flags, quint32 mode, const QString &action, QByteArray *handle)
{
    open(path, flags, mode);
    Reply reply;
    if (!send() || !next(&reply))
        return failure(action);
    if (reply.type != SSH_FXP_HANDLE)
        return failure(action, &reply);
    *handle = reply.data;
    return {};
}
