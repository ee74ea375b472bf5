// ImapResponseParser: frames responses incrementally (lines, and the literals their ends
// announce) and hands each complete one to ImapResponseReader for the grammar.
#include "imapresponseparser.h"

#include "imapresponsereader.h"

#include <QCoreApplication>
#include <QDir>
#include <QTemporaryFile>

#include <algorithm>
#include <cstring>
#include <utility>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ImapResponseParser", text);
}

// The end of a skipped line kept to find its literal marker: "~{" 18 digits "+}" fits.
constexpr qsizetype markerTailSize = 32;
constexpr qsizetype maxLiteralDigits = 18; // below 2^63
// The declared size is the server's word: reserve no more than this ahead of the bytes.
constexpr qint64 maxLiteralReserve = qint64(16) * 1024 * 1024;
// Past this many bytes of one response's literals in memory, the next ones spool to files
// whatever their size; past this many literals the response is refused.
constexpr qint64 inMemoryLiteralsPerResponseFactor = 8;
constexpr qsizetype maxLiteralsPerResponse = 10000;

struct LiteralMarker
{
    qsizetype start = 0; // where "{" or "~{" starts
    qint64 size = -1; // -1: too many digits to be a size
};

// "{5}", "{5+}", "~{5}" at the very end of a line announce a literal of 5 bytes.
std::optional<LiteralMarker> findLiteralMarker(QByteArrayView line)
{
    if (!line.endsWith('}'))
        return std::nullopt;
    const qsizetype open = line.lastIndexOf('{');
    if (open < 0)
        return std::nullopt;
    QByteArrayView digits = line.sliced(open + 1, line.size() - open - 2);
    if (digits.endsWith('+'))
        digits.chop(1);
    if (digits.isEmpty())
        return std::nullopt;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
    }
    LiteralMarker marker;
    marker.start = open > 0 && line.at(open - 1) == '~' ? open - 1 : open;
    if (digits.size() <= maxLiteralDigits)
        marker.size = digits.toLongLong();
    return marker;
}

} // namespace

ImapResponseParser::ImapResponseParser() = default;
ImapResponseParser::~ImapResponseParser() = default;

void ImapResponseParser::feed(const QByteArray &bytes)
{
    if (m_buffer.isEmpty())
        m_buffer = bytes; // shared, not copied: the common case of one read, one parse
    else
        m_buffer.append(bytes);
}

ImapResponseParser::Result ImapResponseParser::next(ImapResponse *response)
{
    for (;;) {
        if (m_malformedPending) {
            m_malformedPending = false;
            return Result::Malformed;
        }
        if (m_inLiteral) {
            if (!consumeLiteralBytes()) {
                compactBuffer();
                if (std::exchange(m_malformedPending, false))
                    return Result::Malformed;
                return Result::NeedMore;
            }
            continue;
        }
        const char *data = m_buffer.constData();
        const qsizetype size = m_buffer.size();
        const auto *lf = static_cast<const char *>(
            std::memchr(data + m_scanPos, '\n', size_t(size - m_scanPos)));
        if (!lf) {
            m_scanPos = size;
            noteIncompleteLine();
            compactBuffer();
            if (std::exchange(m_malformedPending, false))
                return Result::Malformed;
            return Result::NeedMore;
        }
        // CRLF or, as RFC 2683 advises to accept, a bare LF.
        const qsizetype lfPos = lf - data;
        qsizetype lineEnd = lfPos;
        if (lineEnd > m_pos && data[lineEnd - 1] == '\r')
            --lineEnd;
        trackQuotes(m_pos, lineEnd);
        QByteArray line = m_buffer.sliced(m_pos, lineEnd - m_pos);
        if (m_discarding) {
            line = QByteArray(m_discardTail + line).right(markerTailSize);
            if (line.endsWith('\r'))
                line.chop(1);
            m_discardTail.clear();
        }
        const bool endsInQuote = m_inQuote;
        m_inQuote = false;
        m_quoteEscape = false;
        m_responseBytes += lfPos + 1 - m_pos;
        m_pos = lfPos + 1;
        m_scanPos = m_pos;
        if (const std::optional<Result> result
            = completeLine(std::move(line), endsInQuote, response))
            return *result;
    }
}

std::optional<ImapResponseParser::Result> ImapResponseParser::completeLine(
    QByteArray line, bool endsInQuote, ImapResponse *response)
{
    if (!m_singleLine) {
        if (line.isEmpty()) {
            m_responseBytes = 0; // an empty line between responses carries nothing
            return std::nullopt;
        }
        m_singleLine = ImapResponseReader::isSingleLineResponse(line);
    }
    std::optional<LiteralMarker> marker;
    if (!*m_singleLine && !endsInQuote)
        marker = findLiteralMarker(line);
    if (!m_discarding) {
        m_responseText += line.size();
        if (m_responseText > m_maxResponseText) {
            startDiscarding(
                tr("The response's text is longer than %1 bytes.").arg(m_maxResponseText));
        } else if (marker && m_literals.size() >= maxLiteralsPerResponse) {
            startDiscarding(
                tr("The response has more than %1 literals.").arg(maxLiteralsPerResponse));
        }
    }
    if (marker && marker->size < 0) {
        // Its bytes can't be counted, so the stream can't be kept in step: the response ends
        // here and whatever follows is read as new lines.
        startDiscarding(tr("A literal's size is too large a number."));
        marker.reset();
    }
    if (marker) {
        if (!m_discarding) {
            line.truncate(marker->start);
            m_lines.append(std::move(line));
            if (marker->size > m_maxLiteralSize) {
                startDiscarding(tr("A literal of %1 bytes exceeds the limit of %2 bytes.")
                                    .arg(marker->size)
                                    .arg(m_maxLiteralSize));
            }
        }
        beginLiteral(marker->size);
        return std::nullopt;
    }
    if (m_discarding) {
        clearResponse(); // reported when the limit was hit
        return std::nullopt;
    }
    m_lines.append(std::move(line));
    QString error;
    std::optional<ImapResponse> parsed = ImapResponseReader::read(m_lines, m_literals, &error);
    clearResponse();
    if (!parsed) {
        m_errorString = error;
        return Result::Malformed;
    }
    if (response)
        *response = std::move(*parsed);
    return Result::Response;
}

void ImapResponseParser::noteIncompleteLine()
{
    const qsizetype size = m_buffer.size();
    if (!m_discarding && m_responseText + (size - m_pos) > m_maxResponseText) {
        if (!m_singleLine)
            m_singleLine = ImapResponseReader::isSingleLineResponse(m_buffer.sliced(m_pos));
        startDiscarding(tr("The response's text is longer than %1 bytes.").arg(m_maxResponseText));
    }
    if (!m_discarding)
        return;
    // Skipping: keep only what finding the line's literal marker needs.
    trackQuotes(m_pos, size);
    m_discardTail += m_buffer.sliced(std::max(m_pos, size - markerTailSize));
    m_discardTail = m_discardTail.right(markerTailSize);
    m_responseBytes += size - m_pos;
    m_pos = size;
    m_scanPos = size;
}

void ImapResponseParser::beginLiteral(qint64 size)
{
    m_inLiteral = true;
    m_literalExpected = size;
    m_literalReceived = 0;
    m_discardingLiteral = m_discarding;
    if (m_discarding)
        return;
    const qint64 memoryBudget = m_maxInMemoryLiteral * inMemoryLiteralsPerResponseFactor;
    if (size <= m_maxInMemoryLiteral && m_literalMemory + size <= memoryBudget) {
        m_literalMemory += size;
        m_literalData.reserve(std::min(size, maxLiteralReserve));
        return;
    }
    const QString directory = m_spoolDirectory.isEmpty() ? QDir::tempPath() : m_spoolDirectory;
    auto file = std::make_shared<QTemporaryFile>(
        directory + QStringLiteral("/wharf-imap-XXXXXX.literal"));
    if (!file->open()) {
        startDiscarding(tr("Cannot create a file for a literal of %1 bytes in %2: %3")
                            .arg(size)
                            .arg(QDir::toNativeSeparators(directory), file->errorString()));
        m_discardingLiteral = true;
        return;
    }
    m_literalFile = std::move(file);
}

bool ImapResponseParser::consumeLiteralBytes()
{
    const qint64 take
        = std::min(qint64(m_buffer.size() - m_pos), m_literalExpected - m_literalReceived);
    if (take > 0) {
        const char *bytes = m_buffer.constData() + m_pos;
        if (m_discardingLiteral) {
            // counted, not kept
        } else if (m_literalFile) {
            if (m_literalFile->write(bytes, take) != take) {
                startDiscarding(tr("Cannot write a literal to %1: %2")
                                    .arg(QDir::toNativeSeparators(m_literalFile->fileName()),
                                        m_literalFile->errorString()));
                m_discardingLiteral = true;
            }
        } else {
            m_literalData.append(bytes, take);
        }
        m_pos += take;
        m_literalReceived += take;
        m_responseBytes += take;
    }
    m_scanPos = m_pos;
    if (m_literalReceived < m_literalExpected)
        return false;
    finishLiteral();
    return true;
}

void ImapResponseParser::finishLiteral()
{
    if (!m_discardingLiteral && !m_discarding) {
        if (m_literalFile) {
            m_literalFile->flush();
            m_literals.append(
                ImapValue::spooledString(std::move(m_literalFile), m_literalExpected));
        } else {
            m_literals.append(ImapValue::string(std::exchange(m_literalData, {})));
        }
    }
    forgetLiteral();
}

void ImapResponseParser::forgetLiteral()
{
    m_inLiteral = false;
    m_discardingLiteral = false;
    m_literalExpected = 0;
    m_literalReceived = 0;
    m_literalData.clear();
    m_literalFile.reset();
}

void ImapResponseParser::startDiscarding(const QString &reason)
{
    if (m_discarding)
        return;
    m_discarding = true;
    m_malformedPending = true;
    m_errorString = reason;
    m_lines.clear();
    m_literals.clear();
    m_literalData.clear();
    m_literalFile.reset();
    m_literalMemory = 0;
}

void ImapResponseParser::trackQuotes(qsizetype begin, qsizetype end)
{
    const char *data = m_buffer.constData();
    for (qsizetype i = begin; i < end; ++i) {
        const char c = data[i];
        if (!m_inQuote) {
            m_inQuote = c == '"';
        } else if (m_quoteEscape) {
            m_quoteEscape = false;
        } else if (c == '\\') {
            m_quoteEscape = true;
        } else if (c == '"') {
            m_inQuote = false;
        }
    }
}

void ImapResponseParser::clearResponse()
{
    m_lines.clear();
    m_literals.clear();
    m_responseText = 0;
    m_responseBytes = 0;
    m_literalMemory = 0;
    m_singleLine.reset();
    m_discarding = false;
    m_discardTail.clear();
}

void ImapResponseParser::compactBuffer()
{
    if (m_pos >= m_buffer.size()) {
        m_buffer.resize(0);
        m_pos = 0;
        m_scanPos = 0;
        return;
    }
    // Moving the rest down only once half is consumed keeps the cost linear in the input.
    if (m_pos * 2 < m_buffer.size())
        return;
    m_buffer.remove(0, m_pos);
    m_scanPos -= m_pos;
    m_pos = 0;
}

void ImapResponseParser::reset()
{
    m_buffer.clear();
    m_pos = 0;
    m_scanPos = 0;
    m_inQuote = false;
    m_quoteEscape = false;
    clearResponse();
    m_malformedPending = false;
    forgetLiteral();
    m_errorString.clear();
}

qint64 ImapResponseParser::bufferedBytes() const
{
    return qint64(m_buffer.size() - m_pos) + m_responseBytes;
}

qint64 ImapResponseParser::literalBytesReceived() const
{
    return m_inLiteral ? m_literalReceived : 0;
}

qint64 ImapResponseParser::literalBytesExpected() const
{
    return m_inLiteral ? m_literalExpected : 0;
}
