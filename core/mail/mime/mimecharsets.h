// Bytes from a message to text, in the charset it declares, without ever losing the text when
// the label is unknown or lies: GMime's iconv first, Qt's ICU decoders next, then UTF-8 where
// the bytes are valid UTF-8 and windows-1252 for each byte that is not.
#pragma once

#include <QByteArray>
#include <QString>

class MimeCharsets
{
public:
    // Text of bytes labelled charset (a Content-Type parameter or an RFC 2047 word's label,
    // any case, "us-ascii" and empty included). Labels that are commonly used for their
    // supersets (gb2312, euc-kr, shift_jis, big5, iso-8859-1) decode as those supersets, as mail
    // clients and browsers do. Declared US-ASCII, UTF-8, ISO-8859-1 or windows-1252 bytes that
    // are valid UTF-8 decode as UTF-8.
    [[nodiscard]] static QString decode(const QByteArray &bytes, const QByteArray &charset);
    // Bytes without a label (raw 8-bit headers): UTF-8 sequences where they are valid, every
    // other byte as windows-1252 (so Latin-1 text comes out right, and nothing is dropped).
    [[nodiscard]] static QString decodeUnlabelled(const QByteArray &bytes);
    [[nodiscard]] static bool isValidUtf8(const QByteArray &bytes);
};
