#include "ftpreplies.h"

Error FtpReplies::toError(const NumericReply &reply, const QString &what)
{
    Error::Kind kind = Error::Kind::Protocol;
    switch (reply.code()) {
    case 421:
    case 425:
    case 426: kind = Error::Kind::ConnectionLost; break;
    case 430:
    case 530: kind = Error::Kind::Authentication; break;
    case 450:
    case 550: kind = Error::Kind::NotFound; break;
    case 452:
    case 552: kind = Error::Kind::DiskFull; break;
    case 553: kind = Error::Kind::PermissionDenied; break;
    case 502:
    case 504: kind = Error::Kind::Unsupported; break;
    default: break;
    }
    return Error(kind, what + QLatin1Char(' ') + reply.text().section(QLatin1Char('\n'), -1),
        reply.toDisplayString());
}

QString FtpReplies::pwdPath(const QByteArray &text)
{
    const qsizetype open = text.indexOf('"');
    if (open < 0)
        return {};
    QByteArray path;
    for (qsizetype i = open + 1; i < text.size(); ++i) {
        if (text.at(i) == '"') {
            if (i + 1 < text.size() && text.at(i + 1) == '"') {
                path += '"';
                ++i;
                continue;
            }
            return NumericReply::decodeServerText(path);
        }
        path += text.at(i);
    }
    return {}; // no closing quote: not a path we can trust
}
