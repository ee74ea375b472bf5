// What goes on the wire for one SMTP message, without a socket: addresses checked before
// anything is sent, and the message body with CRLF line ends and dot-stuffing (RFC 5321 4.5.2).
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

class SmtpMessage
{
    Q_DECLARE_TR_FUNCTIONS(SmtpMessage)

public:
    // Every line ends in CRLF (bare CR or LF become CRLF), every line starting with "." gets
    // another ".", and the data ends with CRLF "." CRLF.
    [[nodiscard]] static QByteArray encodeData(const QByteArray &message);
    // The size SIZE= announces (RFC 1870): CRLF line ends counted, no stuffing, no final dot.
    [[nodiscard]] static qint64 announcedSize(const QByteArray &message);
    // Empty when address is a plain addr-spec ("alice@example.org"); else why not. No CR, LF,
    // NUL, spaces or angle brackets: it goes inside MAIL FROM:<...> / RCPT TO:<...>.
    [[nodiscard]] static QString addressProblem(const QString &address);
    [[nodiscard]] static bool isAscii(const QByteArray &bytes);
};
