// The outcome of a failed job: what kind of failure, a sentence a person can act on, and the
// server's own words when there are any.
#pragma once

#include <QString>

class Error
{
public:
    enum class Kind {
        None,
        Cancelled,
        HostNotFound,
        ConnectionRefused,
        ConnectionLost,
        Timeout,
        Tls,
        HostKey,
        Authentication,
        Protocol,
        PermissionDenied,
        NotFound,
        AlreadyExists,
        DiskFull,
        LocalIo,
        UnsafeName,
        Unsupported,
        Internal,
    };

    Error() = default;
    Error(Kind kind, QString message, QString serverReply = {});

    [[nodiscard]] Kind kind() const { return m_kind; }
    [[nodiscard]] bool isError() const { return m_kind != Kind::None; }
    [[nodiscard]] const QString &message() const { return m_message; }
    [[nodiscard]] const QString &serverReply() const { return m_serverReply; }
    // A stable identifier for scripts and JSON output, e.g. "authentication".
    [[nodiscard]] static QString kindName(Kind kind);

private:
    Kind m_kind = Kind::None;
    QString m_message;
    QString m_serverReply;
};
