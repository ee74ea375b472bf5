// Header text without a whole message: RFC 2047 words, RFC 5322 dates and RFC 2231 parameters,
// for the IMAP ENVELOPE and BODYSTRUCTURE as much as for MimeMessage. Real mail breaks each of
// these RFCs in known ways; the forms that other mail readers accept are accepted here too.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>

class MimeHeaderDecoder
{
public:
    // Unstructured text (a Subject, a display name): folding removed, surrounding space trimmed,
    // RFC 2047 words decoded, also inside other text or quotes, with spaces in Q words, with a
    // character split across two words, with padding in every base64 word, with an unknown or
    // lying label. Other 8-bit bytes: UTF-8 where valid, windows-1252 otherwise. Control
    // characters (a CR/LF in an encoded word included) become spaces.
    [[nodiscard]] static QString decodeText(const QByteArray &raw);

    // An RFC 5322 date-time, also the obsolete forms: no day name, no seconds, two- and
    // three-digit years, named zones (UT, GMT, EST... ; unknown names count as UTC), comments,
    // asctime() order, IMAP's "17-Jul-1996 02:44:25 -0700". Without a time: midnight. An invalid
    // QDateTime for anything else.
    [[nodiscard]] static QDateTime parseDate(const QByteArray &rfc5322Date);

    // The parameters of a Content-Type or Content-Disposition value ("attachment;
    // filename*0*=..."): names lower-cased, values unquoted but not decoded; the first of two
    // parameters with one name wins. Give the result to decodeParameter / fileNameFromParameters.
    [[nodiscard]] static QHash<QByteArray, QByteArray> parseParameters(const QByteArray &value);

    // Parameter name (lower case) with RFC 2231 undone (name*, name*0*, name*1... with
    // charset'language'%XX) or, when plain, RFC 2047 words and 8-bit bytes decoded as
    // decodeText does (Outlook quotes encoded words). Parameter names in params may have any
    // case (IMAP servers send upper case). A null string when there is no such parameter.
    [[nodiscard]] static QString decodeParameter(
        const QHash<QByteArray, QByteArray> &params, const QByteArray &name);

    // The file name a part suggests: "filename" (Content-Disposition), else "name"
    // (Content-Type), decoded as decodeParameter does, reduced to its last path component with
    // control characters removed: a name to offer, never a path. Empty when there is none.
    [[nodiscard]] static QString fileNameFromParameters(
        const QHash<QByteArray, QByteArray> &params);

    // raw with each run of RFC 2047 words rewritten as one UTF-8 Q word, and 8-bit bytes as
    // UTF-8: for a structured parser (GMime's address lists) that would otherwise drop words
    // after a padded base64 word or text in an unknown charset.
    [[nodiscard]] static QByteArray normalizeEncodedWords(const QByteArray &raw);
};
