#include "error.h"

#include <utility>

Error::Error(Kind kind, QString message, QString serverReply)
    : m_kind(kind)
    , m_message(std::move(message))
    , m_serverReply(std::move(serverReply))
{ }

QString Error::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None: return QStringLiteral("none");
    case Kind::Cancelled: return QStringLiteral("cancelled");
    case Kind::HostNotFound: return QStringLiteral("host-not-found");
    case Kind::ConnectionRefused: return QStringLiteral("connection-refused");
    case Kind::ConnectionLost: return QStringLiteral("connection-lost");
    case Kind::Timeout: return QStringLiteral("timeout");
    case Kind::Tls: return QStringLiteral("tls");
    case Kind::HostKey: return QStringLiteral("host-key");
    case Kind::Authentication: return QStringLiteral("authentication");
    case Kind::Protocol: return QStringLiteral("protocol");
    case Kind::PermissionDenied: return QStringLiteral("permission-denied");
    case Kind::NotFound: return QStringLiteral("not-found");
    case Kind::AlreadyExists: return QStringLiteral("already-exists");
    case Kind::DiskFull: return QStringLiteral("disk-full");
    case Kind::LocalIo: return QStringLiteral("local-io");
    case Kind::UnsafeName: return QStringLiteral("unsafe-name");
    case Kind::Unsupported: return QStringLiteral("unsupported");
    case Kind::Internal: return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}
