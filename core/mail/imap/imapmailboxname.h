// Mailbox names on the wire: RFC 3501 §5.1.3 modified UTF-7, with a fallback for servers that
// send raw UTF-8 (RFC 6855 UTF8=ACCEPT) or other 8-bit bytes.
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// RFC 3501 §5.1.3 modified UTF-7 for mailbox names ("&AOQ-" = "ä", "&-" = "&").
class ImapMailboxName
{
public:
    // Never fails: bytes that aren't valid modified UTF-7 are read as UTF-8 when they are
    // valid UTF-8, else as Latin-1.
    [[nodiscard]] static QString decode(const QByteArray &encoded);
    // Lone surrogates (not text) become U+FFFD; the result is 7-bit and has no CR, LF or NUL.
    [[nodiscard]] static QByteArray encode(const QString &name);
    // nullopt when encoded isn't valid modified UTF-7.
    [[nodiscard]] static std::optional<QString> decodeStrict(const QByteArray &encoded);
};
