// Charset decoding for message bodies and headers; see mimecharsets.h for the fallback order.
#include "mimecharsets.h"

#include "mail/mime/gmimelibrary.h"

#include <QByteArrayList>
#include <QStringDecoder>

#include <array>
#include <cerrno>
#include <cstdint>
#include <iconv.h>

namespace {

// windows-1252 at 0x80..0x9F; the five holes keep the C1 code point, as browsers do.
constexpr std::array<char16_t, 32> windows1252High {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026,
    0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018,
    0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D,
    0x017E, 0x0178};

QChar windows1252(unsigned char byte)
{
    if (byte >= 0x80 && byte < 0xA0)
        return QChar(windows1252High.at(byte - 0x80));
    return QChar(char16_t(byte));
}

bool isContinuation(unsigned char byte)
{
    return (byte & 0xC0) == 0x80;
}

// Length of the well-formed UTF-8 sequence starting at p (RFC 3629: no overlongs, no
// surrogates, nothing past U+10FFFF), or 0 where there is none.
int utf8SequenceLength(const unsigned char *p, qsizetype remaining)
{
    const unsigned char lead = p[0];
    if (lead < 0x80)
        return 1;
    int length = 0;
    unsigned char secondMin = 0x80;
    unsigned char secondMax = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            secondMin = 0xA0;
        else if (lead == 0xED)
            secondMax = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            secondMin = 0x90;
        else if (lead == 0xF4)
            secondMax = 0x8F;
    } else {
        return 0;
    }
    if (remaining < length || p[1] < secondMin || p[1] > secondMax)
        return 0;
    for (int i = 2; i < length; ++i) {
        if (!isContinuation(p[i]))
            return 0;
    }
    return length;
}

// Labels that say "no idea" or "Western": treated as unlabelled bytes.
bool isUnlabelled(const QByteArray &name)
{
    static const QByteArrayList names {"", "us-ascii", "ascii", "ansi_x3.4-1968", "utf-8", "utf8",
        "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "windows-1252",
        "cp1252", "x-unknown", "unknown-8bit", "unknown", "x-user-defined", "default"};
    return names.contains(name);
}

// The superset an iconv should decode a label with: mailers send GBK under "gb2312", UHC under
// "euc-kr", windows-31j under "shift_jis" and HKSCS under "big5" (WHATWG's mapping too).
QByteArray iconvName(const QByteArray &name)
{
    if (name == "gb2312" || name == "gbk" || name == "euc-cn" || name == "x-gbk" || name == "cp936"
        || name == "csgb2312" || name == "gb_2312-80")
        return "GB18030";
    if (name == "euc-kr" || name == "ks_c_5601-1987" || name == "ks_c_5601" || name == "cseuckr")
        return "CP949";
    if (name == "shift_jis" || name == "shift-jis" || name == "sjis" || name == "x-sjis"
        || name == "ms_kanji" || name == "windows-31j")
        return "CP932";
    if (name == "big5" || name == "x-x-big5" || name == "cn-big5")
        return "BIG5-HKSCS";
    return name;
}

// iconv with a U+FFFD for each byte it can't convert; a null string where iconv doesn't know
// the charset at all. invalidBytes counts the replacements.
QString decodeWithIconv(const QByteArray &bytes, const QByteArray &charset, int *invalidBytes)
{
    GMimeLibrary::ensureInitialized();
    iconv_t cd = g_mime_iconv_open("UTF-8", charset.constData());
    if (reinterpret_cast<std::intptr_t>(cd) == -1) // iconv_open's (iconv_t)-1
        return {};
    iconv(cd, nullptr, nullptr, nullptr, nullptr); // a cached descriptor may hold state
    QByteArray out(bytes.size() * 2 + 16, Qt::Uninitialized);
    char *in = const_cast<char *>(bytes.constData());
    auto inLeft = size_t(bytes.size());
    char *outPtr = out.data();
    auto outLeft = size_t(out.size());
    const auto grow = [&out, &outPtr, &outLeft] {
        const qsizetype written = outPtr - out.data();
        out.resize(out.size() * 2);
        outPtr = out.data() + written;
        outLeft = size_t(out.size() - written);
    };
    while (true) {
        // After the input, one call without input writes what a stateful charset still holds.
        const bool flushing = inLeft == 0;
        const size_t result = flushing ? iconv(cd, nullptr, nullptr, &outPtr, &outLeft)
                                       : iconv(cd, &in, &inLeft, &outPtr, &outLeft);
        if (result != size_t(-1)) {
            if (flushing)
                break;
            continue;
        }
        if (errno == E2BIG) {
            grow();
            continue;
        }
        if (flushing)
            break;
        // EILSEQ, or EINVAL for a sequence cut off at the end: mark it and go on.
        if (outLeft < 3)
            grow();
        ++*invalidBytes;
        *outPtr++ = char(0xEF);
        *outPtr++ = char(0xBF);
        *outPtr++ = char(0xBD);
        outLeft -= 3;
        ++in;
        --inLeft;
    }
    g_mime_iconv_close(cd);
    out.truncate(outPtr - out.data());
    return QString::fromUtf8(out);
}

} // namespace

bool MimeCharsets::isValidUtf8(const QByteArray &bytes)
{
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype size = bytes.size();
    for (qsizetype i = 0; i < size;) {
        const int length = utf8SequenceLength(data + i, size - i);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

QString MimeCharsets::decodeUnlabelled(const QByteArray &bytes)
{
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype size = bytes.size();
    QString text;
    text.reserve(size);
    qsizetype runStart = 0; // start of the current run of valid UTF-8
    for (qsizetype i = 0; i < size;) {
        const int length = utf8SequenceLength(data + i, size - i);
        if (length > 0) {
            i += length;
            continue;
        }
        text += QString::fromUtf8(bytes.constData() + runStart, i - runStart);
        text += windows1252(data[i]);
        runStart = ++i;
    }
    text += QString::fromUtf8(bytes.constData() + runStart, size - runStart);
    return text;
}

QString MimeCharsets::decode(const QByteArray &bytes, const QByteArray &charset)
{
    QByteArray name = charset.trimmed().toLower();
    if (name.size() >= 2 && name.startsWith('"') && name.endsWith('"'))
        name = name.mid(1, name.size() - 2).trimmed();
    if (isUnlabelled(name) || bytes.isEmpty())
        return decodeUnlabelled(bytes);

    int invalidBytes = 0;
    QString converted = decodeWithIconv(bytes, iconvName(name), &invalidBytes);
    if (!converted.isNull()) {
        // A label that doesn't fit the bytes but UTF-8 does: the label lies (a common
        // misconfiguration); otherwise keep what the label gives, with marks where it failed.
        if (invalidBytes > 0 && isValidUtf8(bytes))
            return QString::fromUtf8(bytes);
        return converted;
    }
    QStringDecoder decoder(name.constData(), QStringDecoder::Flag::Stateless);
    if (decoder.isValid()) {
        QString text = decoder.decode(bytes);
        if (!decoder.hasError())
            return text;
    }
    return decodeUnlabelled(bytes);
}
