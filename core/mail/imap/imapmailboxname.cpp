// ImapMailboxName: modified UTF-7 (RFC 3501 §5.1.3) both ways, never failing on what a server
// sends.
#include "imapmailboxname.h"

#include <QStringDecoder>

namespace {

// Modified BASE64 (RFC 2152 with "," instead of "/"); -1 for anything else.
int base64Value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == ',')
        return 63;
    return -1;
}

bool isDirect(char16_t unit)
{
    return unit >= 0x20 && unit <= 0x7e;
}

// Decodes the modified BASE64 between "&" and "-" into UTF-16 code units appended to out.
bool decodeShifted(QByteArrayView base64, QString *out)
{
    quint32 bits = 0;
    int bitCount = 0;
    QString units;
    for (const char c : base64) {
        const int value = base64Value(c);
        if (value < 0)
            return false;
        bits = (bits << 6) | quint32(value);
        bitCount += 6;
        if (bitCount >= 16) {
            bitCount -= 16;
            units += QChar(char16_t((bits >> bitCount) & 0xffff));
        }
    }
    // Only the zero padding of the last unit may be left over.
    if (bitCount >= 6 || (bits & ((1U << bitCount) - 1)) != 0 || units.isEmpty())
        return false;
    for (qsizetype i = 0; i < units.size(); ++i) {
        const QChar unit = units.at(i);
        if (unit.isHighSurrogate()) {
            if (i + 1 >= units.size() || !units.at(i + 1).isLowSurrogate())
                return false;
            ++i;
        } else if (unit.isLowSurrogate()) {
            return false;
        }
    }
    *out += units;
    return true;
}

void appendShifted(const QString &units, QByteArray *out)
{
    QByteArray utf16;
    utf16.reserve(units.size() * 2);
    for (const QChar unit : units) {
        utf16 += char(unit.unicode() >> 8);
        utf16 += char(unit.unicode() & 0xff);
    }
    QByteArray base64 = utf16.toBase64(QByteArray::OmitTrailingEquals);
    base64.replace('/', ',');
    *out += '&' + base64 + '-';
}

} // namespace

std::optional<QString> ImapMailboxName::decodeStrict(const QByteArray &encoded)
{
    QString name;
    name.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded.at(i);
        if (!isDirect(char16_t(uchar(c))))
            return std::nullopt;
        if (c != '&') {
            name += QLatin1Char(c);
            continue;
        }
        const qsizetype end = encoded.indexOf('-', i + 1);
        if (end < 0)
            return std::nullopt;
        if (end == i + 1)
            name += QLatin1Char('&');
        else if (!decodeShifted(QByteArrayView(encoded).sliced(i + 1, end - i - 1), &name))
            return std::nullopt;
        i = end;
    }
    return name;
}

QString ImapMailboxName::decode(const QByteArray &encoded)
{
    if (std::optional<QString> name = decodeStrict(encoded))
        return *name;
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString name = utf8.decode(encoded);
    if (!utf8.hasError())
        return name;
    return QString::fromLatin1(encoded);
}

QByteArray ImapMailboxName::encode(const QString &name)
{
    QByteArray encoded;
    encoded.reserve(name.size());
    QString shifted; // UTF-16 code units waiting for their "&...-" run
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar unit = name.at(i);
        if (isDirect(unit.unicode())) {
            if (!shifted.isEmpty()) {
                appendShifted(shifted, &encoded);
                shifted.clear();
            }
            encoded += unit == QLatin1Char('&') ? QByteArray("&-")
                                                : QByteArray(1, char(unit.unicode()));
        } else if (unit.isHighSurrogate() && i + 1 < name.size()
            && name.at(i + 1).isLowSurrogate()) {
            shifted += unit;
            shifted += name.at(++i);
        } else if (unit.isSurrogate()) {
            shifted += QChar(QChar::ReplacementCharacter);
        } else {
            shifted += unit;
        }
    }
    if (!shifted.isEmpty())
        appendShifted(shifted, &encoded);
    return encoded;
}
