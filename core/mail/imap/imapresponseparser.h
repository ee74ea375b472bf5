// Turns the bytes an IMAP server sends into ImapResponses, without a socket: fed however the
// bytes arrive (one at a time is fine), it yields each response once complete. Literals ({n},
// {n+}, ~{n}) may sit anywhere, several per response; those above a size limit stream to a
// temporary file instead of memory. Malformed input gives an error for that response and
// parsing resumes at the next line; no byte string makes it crash or grow without bound.
#pragma once

#include "mail/imap/imapresponse.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QString>

#include <memory>
#include <optional>

class QTemporaryFile;

class ImapResponseParser
{
public:
    enum class Result { NeedMore, Response, Malformed };

    ImapResponseParser();
    ~ImapResponseParser();
    ImapResponseParser(const ImapResponseParser &) = delete;
    ImapResponseParser &operator=(const ImapResponseParser &) = delete;

    void feed(const QByteArray &bytes);
    // Call until NeedMore. Response: *response is filled. Malformed: errorString() says what
    // was wrong; the bad response has been skipped (one over a limit is reported as soon as
    // the limit is hit, and the rest of it is skipped as it arrives).
    [[nodiscard]] Result next(ImapResponse *response);
    [[nodiscard]] const QString &errorString() const { return m_errorString; }

    // Drops everything buffered: after STARTTLS, bytes from before the handshake are void.
    void reset();
    [[nodiscard]] qint64 bufferedBytes() const;

    // Literals larger than this go to a QTemporaryFile in the spool directory (default 1 MiB),
    // written as they arrive; so do all further ones of a response that already holds eight
    // times this in memory.
    void setMaxInMemoryLiteral(qint64 bytes) { m_maxInMemoryLiteral = bytes; }
    // Where spooled literals are written (default: QDir::tempPath()). Choosing a folder on the
    // same file system as the mail store lets the caller rename the file into place.
    void setSpoolDirectory(const QString &path) { m_spoolDirectory = path; }
    // Upper bounds against hostile servers: a single literal, and one response's text outside
    // literals. Beyond them the response is Malformed.
    void setMaxLiteralSize(qint64 bytes) { m_maxLiteralSize = bytes; }
    void setMaxResponseText(qint64 bytes) { m_maxResponseText = bytes; }

    // For progress on a large body: the literal being received now (0/0 when none).
    [[nodiscard]] qint64 literalBytesReceived() const;
    [[nodiscard]] qint64 literalBytesExpected() const;

    static constexpr qint64 defaultMaxInMemoryLiteral = qint64(1) * 1024 * 1024;
    static constexpr qint64 defaultMaxLiteralSize = qint64(2) * 1024 * 1024 * 1024;
    static constexpr qint64 defaultMaxResponseText = qint64(8) * 1024 * 1024;

private:
    std::optional<Result> completeLine(QByteArray line, bool endsInQuote, ImapResponse *response);
    void noteIncompleteLine();
    void beginLiteral(qint64 size);
    bool consumeLiteralBytes();
    void finishLiteral();
    // No literal in progress any more (its bytes, file and counts dropped).
    void forgetLiteral();
    void startDiscarding(const QString &reason);
    void trackQuotes(qsizetype begin, qsizetype end);
    void clearResponse();
    void compactBuffer();

    // Bytes fed and not yet consumed start at m_pos; the current line has no LF before
    // m_scanPos, so each byte is searched once however the input is split.
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qsizetype m_scanPos = 0;
    // Quoted-string state of the current line, for telling a literal marker "{5}" at its end
    // from the same bytes inside a quoted string.
    bool m_inQuote = false;
    bool m_quoteEscape = false;

    // The response being assembled: its lines (literal markers cut off), the literals between
    // them, the text outside literals so far and every byte it consumed (for bufferedBytes()).
    QByteArrayList m_lines;
    QList<ImapValue> m_literals;
    qint64 m_responseText = 0;
    qint64 m_responseBytes = 0;
    qint64 m_literalMemory = 0; // bytes of this response's literals held in memory
    std::optional<bool> m_singleLine; // decided by the first line: status lines have no literal

    // After a limit was hit, next() reports Malformed at once and then skips the rest of the
    // response (literals by their declared size, so the stream stays in step).
    bool m_discarding = false;
    bool m_malformedPending = false;
    QByteArray m_discardTail; // the end of the line being skipped, to find a literal marker

    bool m_inLiteral = false;
    bool m_discardingLiteral = false;
    qint64 m_literalExpected = 0;
    qint64 m_literalReceived = 0;
    QByteArray m_literalData;
    std::shared_ptr<QTemporaryFile> m_literalFile;

    QString m_errorString;
    QString m_spoolDirectory;
    qint64 m_maxInMemoryLiteral = defaultMaxInMemoryLiteral;
    qint64 m_maxLiteralSize = defaultMaxLiteralSize;
    qint64 m_maxResponseText = defaultMaxResponseText;
};
