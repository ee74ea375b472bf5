// The grammar half of ImapResponseParser: turns one complete response, already cut into its
// lines and the literals between them, into an ImapResponse. Internal to the parser.
#pragma once

#include "mail/imap/imapresponse.h"

#include <QByteArrayList>
#include <QString>

class ImapResponseReader
{
public:
    // Lists nested deeper than this are refused: a hostile server can't exhaust the stack.
    static constexpr int maxNestingDepth = 100;

    // lines.size() == literals.size() + 1: literal i follows line i, whose marker ("{5}",
    // "~{5}", "{5+}") was already cut off. nullopt with *error set when malformed.
    [[nodiscard]] static std::optional<ImapResponse> read(
        const QByteArrayList &lines, const QList<ImapValue> &literals, QString *error);

    // True when the first line of a response starts a continuation request, a tagged response
    // or an untagged status response: those are one line, whatever they end with.
    [[nodiscard]] static bool isSingleLineResponse(QByteArrayView firstLine);

private:
    ImapResponseReader(const QByteArrayList &lines, const QList<ImapValue> &literals);

    bool readResponse(ImapResponse *response);
    bool readStatus(ImapResponse *response);
    void readResponseCode(ImapResponse *response);
    bool readValue(ImapValue *value, int depth, bool inCode);
    bool readList(ImapValue *value, int depth, bool inCode);
    bool readQuoted(ImapValue *value);
    bool readAtom(QByteArray *atom, bool inCode);
    QByteArray readWord();
    QByteArray restOfLine();
    void skipSpaces();
    [[nodiscard]] bool atLineEnd() const { return m_pos >= m_lines.at(m_line).size(); }
    [[nodiscard]] bool literalFollows() const { return m_line < m_literals.size(); }
    [[nodiscard]] bool atEnd() const { return atLineEnd() && !literalFollows(); }
    [[nodiscard]] char peek() const { return m_lines.at(m_line).at(m_pos); }
    bool fail(const QString &error);

    const QByteArrayList &m_lines;
    const QList<ImapValue> &m_literals;
    qsizetype m_line = 0;
    qsizetype m_pos = 0;
    QString m_error;
};
