// Feeds the bytes of an FTP listing, chunked anyhow, through FtpListingLineParser line by line:
// splits lines, drops over-long ones, and keeps only names that are safe as folder entries.
#include "files/ftp/ftplistingparser.h"

#include "files/ftp/ftplistinglineparser.h"

#include <QStringDecoder>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

using ParsedLine = FtpListingLineParser::ParsedLine;

} // namespace

FtpListingParser::FtpListingParser(Format format, const QDateTime &nowUtc)
    : m_format(format)
    , m_nowUtc(nowUtc.isValid() ? nowUtc.toUTC() : QDateTime::currentDateTimeUtc())
{ }

void FtpListingParser::addData(const QByteArray &data)
{
    const QByteArrayView bytes(data);
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        const qsizetype newline = bytes.indexOf('\n', pos);
        const qsizetype lineEnd = newline < 0 ? bytes.size() : newline;
        const QByteArrayView piece = bytes.sliced(pos, lineEnd - pos);
        pos = newline < 0 ? bytes.size() : newline + 1;
        if (m_discardingLine) {
            m_discardingLine = newline < 0;
            continue;
        }
        if (m_pending.size() + piece.size() > MaxLineLength) {
            reportOverlongLine(m_pending, piece);
            m_pending.clear();
            m_discardingLine = newline < 0;
            continue;
        }
        if (newline < 0) {
            m_pending.append(piece);
        } else if (m_pending.isEmpty()) {
            processLine(piece);
        } else {
            m_pending.append(piece);
            processLine(m_pending);
            m_pending.clear();
        }
    }
}

void FtpListingParser::finish()
{
    if (!m_discardingLine && !m_pending.isEmpty())
        processLine(m_pending);
    m_pending.clear();
    m_discardingLine = false;
}

QList<RemoteEntry> FtpListingParser::takeEntries()
{
    return std::exchange(m_entries, {});
}

void FtpListingParser::reportOverlongLine(QByteArrayView head, QByteArrayView tail)
{
    // The same first bytes whichever way the line was split, so the report does not depend on
    // how the network chunked it.
    constexpr qsizetype shownBytes = 120;
    QByteArray shown = head.first(std::min(head.size(), shownBytes)).toByteArray();
    shown.append(tail.first(std::min(tail.size(), shownBytes - shown.size())));
    m_unparsedLines.append(
        decodeServerText(shown) + u"… (line longer than %1 bytes, skipped)"_s.arg(MaxLineLength));
}

void FtpListingParser::processLine(QByteArrayView line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty())
        return;
    const QString text = decodeServerText(line);
    ParsedLine parsed;
    switch (m_format) {
    case Format::Mlsd: parsed = FtpListingLineParser::parseMlsdLine(text); break;
    case Format::Names:
        parsed.kind = ParsedLine::Kind::Entry;
        parsed.entry.type = RemoteEntry::Type::Other; // NLST does not say
        parsed.entry.name = text;
        break;
    case Format::Auto:
        parsed = FtpListingLineParser::parseUnixLine(text, m_nowUtc);
        if (parsed.kind == ParsedLine::Kind::Unparsed)
            parsed = FtpListingLineParser::parseDosLine(text);
        break;
    }
    switch (parsed.kind) {
    case ParsedLine::Kind::Skip: return;
    case ParsedLine::Kind::Unparsed: m_unparsedLines.append(text); return;
    case ParsedLine::Kind::Entry: break;
    }
    if (parsed.entry.name == "."_L1 || parsed.entry.name == ".."_L1)
        return;
    if (!isAcceptableName(parsed.entry.name)) {
        m_rejectedNames.append(parsed.entry.name);
        return;
    }
    m_entries.append(std::move(parsed.entry));
}

QString FtpListingParser::decodeServerText(QByteArrayView bytes)
{
    // RFC 2640 servers send UTF-8. A server without UTF8 support sends its own 8-bit charset and
    // does not say which: Latin-1 maps each byte to one character, so the name shows and encodes
    // back to the very bytes the server expects in RETR.
    QStringDecoder utf8(QStringDecoder::Utf8,
        QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    QString text = utf8.decode(bytes);
    if (!utf8.hasError())
        return text;
    return QString::fromLatin1(bytes);
}

bool FtpListingParser::isAcceptableName(QStringView name)
{
    if (name.isEmpty() || name == "."_L1 || name == ".."_L1)
        return false;
    return std::none_of(name.begin(), name.end(),
        [](QChar c) { return c == u'/' || c == u'\0' || c == u'\r' || c == u'\n'; });
}
