// Several SFTP requests sent in one write on the connection's channel, their replies read back
// in order. libssh 0.10 waits for each answer before the next request (only reads pipeline),
// a round trip each; for small files those round trips are nearly all the time spent.
#pragma once

#include "files/sftp/sftpconnection.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>

class SftpBatch
{
    Q_DECLARE_TR_FUNCTIONS(SftpBatch)

public:
    struct Reply
    {
        quint8 type = 0; // SSH_FXP_STATUS, SSH_FXP_HANDLE or SSH_FXP_DATA
        quint32 id = 0;
        quint32 status = 0; // SSH_FX_*, for STATUS
        QByteArray data; // the handle (HANDLE) or the bytes (DATA)

        [[nodiscard]] bool isOk() const;
    };

    // Uses the channel of the connection's SFTP session directly: only between libssh's own
    // calls, and every reply must be read before libssh is used again.
    explicit SftpBatch(SftpConnection &connection);

    // Queue one request each and return its id. flags are SSH_FXF_*.
    quint32 open(const QByteArray &path, quint32 flags, quint32 mode);
    quint32 read(const QByteArray &handle, quint64 offset, quint32 length);
    quint32 write(const QByteArray &handle, quint64 offset, QByteArrayView data);
    quint32 close(const QByteArray &handle);
    quint32 setModificationTime(const QByteArray &path, qint64 secondsSinceEpoch);

    // Opens a file and waits for its handle: the one round trip a small transfer can't avoid.
    // action names it in the error ("download /x").
    [[nodiscard]] Error openFile(const QByteArray &path, quint32 flags, quint32 mode,
        const QString &action, QByteArray *handle);

    // Sends everything queued in one write. False when the connection failed.
    [[nodiscard]] bool send();
    // Reads the next reply. False when the connection failed or the reply made no sense; the
    // connection is closed then, as nothing can be read on it reliably any more.
    [[nodiscard]] bool next(Reply *reply);
    // Replies outstanding: sent, not yet read.
    [[nodiscard]] int outstanding() const { return m_outstanding; }

    // The Error for a refused request ("Could not <action>: <reason>"), or for a failed
    // connection when reply is null.
    [[nodiscard]] Error failure(const QString &action, const Reply *reply = nullptr);

private:
    quint32 begin(quint8 type);
    void finish();
    void addUint32(quint32 value);
    void addUint64(quint64 value);
    void addString(QByteArrayView bytes);
    [[nodiscard]] bool readExactly(char *into, qsizetype length);

    SftpConnection &m_connection;
    QByteArray m_pending; // requests not sent yet
    qsizetype m_start = 0; // where the request being built starts in m_pending
    int m_outstanding = 0;
    int m_queued = 0;
};
