#include "smtpmessage.h"

QByteArray SmtpMessage::encodeData(const QByteArray &message)
{
    QByteArray out;
    out.reserve(message.size() + message.size() / 50 + 8);
    bool lineStart = true;
    for (qsizetype i = 0; i < message.size(); ++i) {
        const char c = message.at(i);
        if (c == '\r' || c == '\n') {
            out += "\r\n";
            if (c == '\r' && i + 1 < message.size() && message.at(i + 1) == '\n')
                ++i;
            lineStart = true;
            continue;
        }
        if (lineStart && c == '.')
            out += '.';
        out += c;
        lineStart = false;
    }
    if (!lineStart)
        out += "\r\n"; // a last line without a line end still ends before the "."
    out += ".\r\n";
    return out;
}

qint64 SmtpMessage::announcedSize(const QByteArray &message)
{
    qint64 size = 0;
    bool lineStart = true;
    for (qsizetype i = 0; i < message.size(); ++i) {
        const char c = message.at(i);
        if (c == '\r' || c == '\n') {
            size += 2;
            if (c == '\r' && i + 1 < message.size() && message.at(i + 1) == '\n')
                ++i;
            lineStart = true;
            continue;
        }
        ++size;
        lineStart = false;
    }
    return lineStart ? size : size + 2;
}

QString SmtpMessage::addressProblem(const QString &address)
{
    if (address.isEmpty())
        return tr("The address is empty.");
    for (const QChar c : address) {
        if (c == QLatin1Char('\r') || c == QLatin1Char('\n') || c.isNull() || c == QLatin1Char('<')
            || c == QLatin1Char('>') || c.isSpace())
            return tr("\"%1\" is not an e-mail address.").arg(address);
    }
    const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
    if (at <= 0 || at == address.size() - 1)
        return tr("\"%1\" is not an e-mail address.").arg(address);
    return {};
}

bool SmtpMessage::isAscii(const QByteArray &bytes)
{
    for (const char c : bytes) {
        if (static_cast<unsigned char>(c) > 0x7f)
            return false;
    }
    return true;
}
