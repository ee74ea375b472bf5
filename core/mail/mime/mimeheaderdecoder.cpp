// RFC 2047 words, RFC 5322 dates and RFC 2231 parameters, written here rather than taken from
// GMime: GMime 3.2 drops the base64 word after a padded one ("=?UTF-8?B?w6Q=?= =?UTF-8?B?w7Y=?="
// gives "ä") and the bytes of a word whose charset it doesn't know.
#include "mimeheaderdecoder.h"

#include "mail/mime/mimecharsets.h"

#include <QByteArrayList>
#include <QTime>

#include <algorithm>
#include <array>
#include <optional>

namespace {

struct Segment
{
    bool encoded = false;
    QByteArray charset; // encoded words only, lower case, without an RFC 2231 "*language"
    QByteArray bytes; // decoded bytes of an encoded word; raw text otherwise
};

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isBlank(const QByteArray &text)
{
    return std::all_of(text.cbegin(), text.cend(), isSpace);
}

QByteArray unfold(const QByteArray &raw)
{
    QByteArray text = raw;
    text.replace('\r', QByteArray()).replace('\n', QByteArray());
    return text;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

QByteArray decodeQ(const QByteArray &payload)
{
    QByteArray bytes;
    bytes.reserve(payload.size());
    for (qsizetype i = 0; i < payload.size(); ++i) {
        const char c = payload.at(i);
        if (c == '_') {
            bytes += ' ';
        } else if (c == '=' && i + 2 < payload.size() && hexValue(payload.at(i + 1)) >= 0
            && hexValue(payload.at(i + 2)) >= 0) {
            bytes += char(hexValue(payload.at(i + 1)) * 16 + hexValue(payload.at(i + 2)));
            i += 2;
        } else {
            bytes += c; // a broken escape is kept as it is rather than dropped
        }
    }
    return bytes;
}

// Parses the encoded word starting at text[start] ("=?"); on success returns the index after
// its "?=". The text may hold spaces (Q words from broken mailers do).
qsizetype parseEncodedWord(const QByteArray &text, qsizetype start, Segment *word)
{
    const qsizetype charsetEnd = text.indexOf('?', start + 2);
    if (charsetEnd < 0 || charsetEnd == start + 2 || charsetEnd - start > 66
        || charsetEnd + 2 >= text.size() || text.at(charsetEnd + 2) != '?')
        return -1;
    QByteArray charset = text.mid(start + 2, charsetEnd - start - 2);
    if (std::any_of(charset.cbegin(), charset.cend(), isSpace))
        return -1;
    const char encoding = text.at(charsetEnd + 1);
    if (encoding != 'B' && encoding != 'b' && encoding != 'Q' && encoding != 'q')
        return -1;
    const qsizetype payloadStart = charsetEnd + 3;
    const qsizetype end = text.indexOf("?=", payloadStart);
    if (end < 0)
        return -1;
    const QByteArray payload = text.mid(payloadStart, end - payloadStart);
    if (payload.contains("=?"))
        return -1; // the "?=" found belongs to a later word: this one is not closed
    const qsizetype star = charset.indexOf('*');
    if (star >= 0)
        charset.truncate(star);
    word->encoded = true;
    word->charset = charset.toLower();
    word->bytes = (encoding == 'B' || encoding == 'b') ? QByteArray::fromBase64(payload.trimmed())
                                                       : decodeQ(payload);
    return end + 2;
}

// Literal text and encoded words in order. The blanks between two encoded words are dropped
// (RFC 2047 6.2), and neighbouring words in one charset are joined at the byte level, so a
// character split across them comes out whole.
QList<Segment> segments(const QByteArray &text)
{
    QList<Segment> result;
    qsizetype literalStart = 0;
    qsizetype pos = 0;
    while ((pos = text.indexOf("=?", pos)) >= 0) {
        Segment word;
        const qsizetype end = parseEncodedWord(text, pos, &word);
        if (end < 0) {
            pos += 2;
            continue;
        }
        const QByteArray literal = text.mid(literalStart, pos - literalStart);
        const bool afterWord = !result.isEmpty() && result.constLast().encoded;
        if (!literal.isEmpty() && !(afterWord && isBlank(literal)))
            result.append({false, {}, literal});
        if (!result.isEmpty() && result.constLast().encoded
            && result.constLast().charset == word.charset)
            result.last().bytes += word.bytes;
        else
            result.append(word);
        literalStart = pos = end;
    }
    if (literalStart < text.size())
        result.append({false, {}, text.mid(literalStart)});
    return result;
}

QString withoutControls(QString text)
{
    for (QChar &c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7F)
            c = QLatin1Char(' ');
    }
    return text;
}

QString lastPathComponent(const QString &name)
{
    QString result = withoutControls(name).trimmed();
    const qsizetype slash
        = std::max(result.lastIndexOf(QLatin1Char('/')), result.lastIndexOf(QLatin1Char('\\')));
    result = result.mid(slash + 1).trimmed();
    if (result == QLatin1String(".") || result == QLatin1String(".."))
        return {};
    return result;
}

// "charset'language'%XX..." (RFC 2231 4); without the two quotes, percent-decoded bytes of no
// known charset.
QString decodeExtendedValue(const QByteArray &value)
{
    const qsizetype first = value.indexOf('\'');
    const qsizetype second = first < 0 ? -1 : value.indexOf('\'', first + 1);
    if (second < 0)
        return MimeCharsets::decodeUnlabelled(QByteArray::fromPercentEncoding(value));
    return MimeCharsets::decode(
        QByteArray::fromPercentEncoding(value.mid(second + 1)), value.left(first));
}

QHash<QByteArray, QByteArray> lowerCaseKeys(const QHash<QByteArray, QByteArray> &params)
{
    QHash<QByteArray, QByteArray> result;
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        result.insert(it.key().toLower(), it.value());
    return result;
}

// --- dates ---

struct NamedZone
{
    const char *name;
    int hours;
};

constexpr std::array<NamedZone, 12> namedZones {
    {{"ut", 0}, {"utc", 0}, {"gmt", 0}, {"z", 0}, {"est", -5}, {"edt", -4}, {"cst", -6},
        {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}}};

int monthFromName(const QByteArray &token)
{
    static const QByteArrayList months {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (token.size() < 3)
        return 0;
    const QByteArray prefix = token.left(3).toLower();
    const qsizetype index = months.indexOf(prefix);
    return index < 0 ? 0 : int(index) + 1;
}

bool isDayName(const QByteArray &token)
{
    static const QByteArrayList days {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    return token.size() >= 3 && days.contains(token.left(3).toLower());
}

bool isDigits(const QByteArray &token)
{
    return !token.isEmpty()
        && std::all_of(token.cbegin(), token.cend(), [](char c) { return c >= '0' && c <= '9'; });
}

QByteArray withoutComments(const QByteArray &text)
{
    QByteArray result;
    int depth = 0;
    for (const char c : text) {
        if (c == '(')
            ++depth;
        else if (c == ')' && depth > 0)
            --depth;
        else if (depth == 0)
            result += c;
    }
    return result;
}

bool parseTime(const QByteArray &token, QTime *time)
{
    const QByteArrayList parts = token.split(':');
    if (parts.size() < 2 || parts.size() > 3)
        return false;
    QByteArray seconds = parts.size() == 3 ? parts.at(2) : QByteArray("0");
    const qsizetype dot = seconds.indexOf('.');
    if (dot > 0)
        seconds.truncate(dot); // fractions of a second (seen from some gateways)
    if (!isDigits(parts.at(0)) || !isDigits(parts.at(1)) || !isDigits(seconds))
        return false;
    const int second = std::min(seconds.toInt(), 59); // a leap second reads as :59
    *time = QTime(parts.at(0).toInt(), parts.at(1).toInt(), second);
    return time->isValid();
}

// "+0200", "-0330", "+02:00"; false when the token isn't a numeric zone. An offset no place
// has counts as -0000 (unknown), as RFC 5322 4.3 says for zones it can't read.
bool parseNumericZone(const QByteArray &token, int *offsetSeconds)
{
    if (token.size() < 2 || (token.at(0) != '+' && token.at(0) != '-'))
        return false;
    QByteArray digits = token.mid(1);
    digits.replace(':', QByteArray());
    if (!isDigits(digits) || digits.size() != 4)
        return false;
    const int hours = digits.left(2).toInt();
    const int minutes = digits.mid(2).toInt();
    *offsetSeconds = (hours > 14 || minutes > 59) ? 0 : (hours * 3600 + minutes * 60);
    if (token.at(0) == '-')
        *offsetSeconds = -*offsetSeconds;
    return true;
}

int fullYear(const QByteArray &digits)
{
    const int year = digits.toInt();
    if (digits.size() == 2)
        return year < 50 ? 2000 + year : 1900 + year; // RFC 5322 4.3
    if (digits.size() == 3)
        return 1900 + year;
    return year;
}

} // namespace

QString MimeHeaderDecoder::decodeText(const QByteArray &raw)
{
    QString text;
    for (const Segment &segment : segments(unfold(raw).trimmed())) {
        text += segment.encoded ? MimeCharsets::decode(segment.bytes, segment.charset)
                                : MimeCharsets::decodeUnlabelled(segment.bytes);
    }
    return withoutControls(text);
}

QByteArray MimeHeaderDecoder::normalizeEncodedWords(const QByteArray &raw)
{
    QByteArray result;
    for (const Segment &segment : segments(unfold(raw))) {
        if (!segment.encoded) {
            result += MimeCharsets::isValidUtf8(segment.bytes)
                ? segment.bytes
                : MimeCharsets::decodeUnlabelled(segment.bytes).toUtf8();
            continue;
        }
        // Only letters and digits stay as they are: the word can stand in an address phrase.
        result += "=?UTF-8?Q?";
        for (const char c : MimeCharsets::decode(segment.bytes, segment.charset).toUtf8()) {
            const auto byte = static_cast<unsigned char>(c);
            if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z')
                || (byte >= '0' && byte <= '9'))
                result += c;
            else
                result += '=' + QByteArray::number(byte, 16).rightJustified(2, '0').toUpper();
        }
        result += "?=";
    }
    return result;
}

QHash<QByteArray, QByteArray> MimeHeaderDecoder::parseParameters(const QByteArray &value)
{
    const QByteArray text = unfold(value);
    QHash<QByteArray, QByteArray> params;
    qsizetype pos = text.indexOf(';');
    if (pos < 0)
        return params;
    while (pos < text.size()) {
        while (pos < text.size() && (text.at(pos) == ';' || isSpace(text.at(pos))))
            ++pos;
        const qsizetype nameStart = pos;
        while (pos < text.size() && text.at(pos) != '=' && text.at(pos) != ';')
            ++pos;
        const QByteArray name = text.mid(nameStart, pos - nameStart).trimmed().toLower();
        if (pos >= text.size() || text.at(pos) == ';')
            continue; // a parameter without a value
        ++pos;
        while (pos < text.size() && isSpace(text.at(pos)))
            ++pos;
        QByteArray parameterValue;
        if (pos < text.size() && text.at(pos) == '"') {
            // Only \" and \\ are escapes: Outlook leaves the backslashes of Windows paths bare.
            for (++pos; pos < text.size() && text.at(pos) != '"'; ++pos) {
                const char c = text.at(pos);
                if (c == '\\' && pos + 1 < text.size()
                    && (text.at(pos + 1) == '"' || text.at(pos + 1) == '\\'))
                    parameterValue += text.at(++pos);
                else
                    parameterValue += c;
            }
            while (pos < text.size() && text.at(pos) != ';')
                ++pos;
        } else {
            // Unquoted, up to the next ';': broken mailers send names with spaces unquoted.
            const qsizetype valueStart = pos;
            while (pos < text.size() && text.at(pos) != ';')
                ++pos;
            parameterValue = text.mid(valueStart, pos - valueStart).trimmed();
        }
        if (!name.isEmpty() && !params.contains(name))
            params.insert(name, parameterValue);
    }
    return params;
}

QString MimeHeaderDecoder::decodeParameter(
    const QHash<QByteArray, QByteArray> &params, const QByteArray &name)
{
    const QHash<QByteArray, QByteArray> lower = lowerCaseKeys(params);
    const QByteArray key = name.toLower();
    if (lower.contains(key + '*'))
        return decodeExtendedValue(lower.value(key + '*'));

    // Continuations: name*0*, name*1, name*2* ...; the first segment names the charset when
    // it is an extended one. Segments stop at the first number missing.
    QByteArray charset;
    QByteArray bytes;
    bool anySegment = false;
    for (int n = 0; n < 1000; ++n) {
        const QByteArray base = key + '*' + QByteArray::number(n);
        if (lower.contains(base + '*')) {
            QByteArray segment = lower.value(base + '*');
            if (n == 0) {
                const qsizetype first = segment.indexOf('\'');
                const qsizetype second = first < 0 ? -1 : segment.indexOf('\'', first + 1);
                if (second >= 0) {
                    charset = segment.left(first);
                    segment = segment.mid(second + 1);
                }
            }
            bytes += QByteArray::fromPercentEncoding(segment);
        } else if (lower.contains(base)) {
            bytes += lower.value(base);
        } else {
            break;
        }
        anySegment = true;
    }
    if (anySegment)
        return charset.isEmpty() ? decodeText(bytes) : MimeCharsets::decode(bytes, charset);
    if (lower.contains(key))
        return decodeText(lower.value(key));
    return {};
}

QString MimeHeaderDecoder::fileNameFromParameters(const QHash<QByteArray, QByteArray> &params)
{
    QString name = decodeParameter(params, "filename");
    if (lastPathComponent(name).isEmpty())
        name = decodeParameter(params, "name");
    return lastPathComponent(name);
}

namespace {

// The form nearly every Date header has: "[Www, ]D[D] Mmm YYYY HH:MM[:SS] +ZZZZ". A header
// sync decodes thousands of these, so they skip the general tokenizer below.
std::optional<QDateTime> parseCanonicalDate(QByteArrayView text)
{
    qsizetype i = 0;
    const auto digits = [&text, &i](int count, int *value) {
        *value = 0;
        for (int n = 0; n < count; ++n, ++i) {
            if (i >= text.size() || text[i] < '0' || text[i] > '9')
                return false;
            *value = *value * 10 + (text[i] - '0');
        }
        return true;
    };
    const auto expect = [&text, &i](char c) { return i < text.size() && text[i++] == c; };
    if (text.size() > 5 && text[3] == ',' && text[4] == ' ')
        i = 5;
    int day = 0;
    if (!digits(1, &day))
        return std::nullopt;
    if (i < text.size() && text[i] >= '0' && text[i] <= '9')
        day = day * 10 + (text[i++] - '0');
    if (!expect(' ') || i + 4 > text.size())
        return std::nullopt;
    const int month = monthFromName(text.sliced(i, 3).toByteArray());
    i += 3;
    int year = 0, hour = 0, minute = 0, second = 0, zone = 0;
    if (month <= 0 || !expect(' ') || !digits(4, &year) || !expect(' ') || !digits(2, &hour)
        || !expect(':') || !digits(2, &minute))
        return std::nullopt;
    if (i < text.size() && text[i] == ':' && (++i, !digits(2, &second)))
        return std::nullopt;
    if (!expect(' ') || i >= text.size() || (text[i] != '+' && text[i] != '-'))
        return std::nullopt;
    const int sign = text[i++] == '-' ? -1 : 1;
    if (!digits(4, &zone) || i != text.size())
        return std::nullopt;
    const QDate date(year, month, day);
    const QTime time(hour, minute, second);
    if (!date.isValid() || !time.isValid() || zone % 100 >= 60)
        return std::nullopt;
    return QDateTime(
        date, time, Qt::OffsetFromUTC, sign * ((zone / 100) * 3600 + (zone % 100) * 60));
}

} // namespace

QDateTime MimeHeaderDecoder::parseDate(const QByteArray &rfc5322Date)
{
    if (std::optional<QDateTime> canonical
        = parseCanonicalDate(QByteArrayView(rfc5322Date).trimmed()))
        return *canonical;
    QByteArray text = withoutComments(unfold(rfc5322Date));
    text.replace(',', ' ');
    QByteArrayList tokens;
    for (const QByteArray &token : text.simplified().split(' ')) {
        // IMAP's INTERNALDATE and some gateways write "17-Jul-1996".
        const QByteArrayList dashed = token.split('-');
        if (dashed.size() == 3 && isDigits(dashed.at(0)) && monthFromName(dashed.at(1)) > 0)
            tokens << dashed;
        else if (!token.isEmpty())
            tokens << token;
    }

    int day = 0;
    int month = 0;
    int year = 0;
    QTime time;
    bool haveTime = false;
    int offset = 0;
    bool haveNumericZone = false;
    for (const QByteArray &token : std::as_const(tokens)) {
        if (parseNumericZone(token, &offset)) {
            if (haveNumericZone)
                return {};
            haveNumericZone = true;
        } else if (token.contains(':')) {
            if (haveTime || !parseTime(token, &time))
                return {};
            haveTime = true;
        } else if (isDigits(token)) {
            if (token.size() > 4)
                return {};
            if (day == 0 && token.size() <= 2 && year == 0)
                day = token.toInt();
            else if (year == 0 && (day > 0 || token.size() >= 3))
                year = fullYear(token);
            else
                return {};
        } else if (month == 0 && monthFromName(token) > 0 && !haveTime) {
            month = monthFromName(token);
        } else if (isDayName(token) && day == 0 && !haveTime) {
            continue;
        } else if (haveTime) {
            // A zone name; numeric offsets win, names nobody agrees on count as UTC.
            const QByteArray lower = token.toLower();
            for (const NamedZone &zone : namedZones) {
                if (!haveNumericZone && lower == zone.name)
                    offset = zone.hours * 3600;
            }
        } else {
            return {};
        }
    }
    if (day == 0 || month == 0 || year < 1900)
        return {};
    const QDate date(year, month, day);
    if (!date.isValid())
        return {};
    return QDateTime(date, haveTime ? time : QTime(0, 0), Qt::OffsetFromUTC, offset);
}
