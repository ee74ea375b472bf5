// A complete reply of a protocol that answers with three-digit codes (FTP, SMTP): the code and
// its lines, multi-line replies joined (RFC 959 section 4.2, RFC 5321 section 4.2).
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

class NumericReply
{
public:
    NumericReply() = default;
    NumericReply(int code, QList<QByteArray> lines);

    [[nodiscard]] int code() const { return m_code; }
    // The text of every line without the code and separator, as the server sent it.
    [[nodiscard]] const QList<QByteArray> &lines() const { return m_lines; }
    // The text of every line, joined with newlines, decoded as UTF-8 (Latin-1 when invalid).
    [[nodiscard]] QString text() const;
    // The reply as it appeared on the wire, one line per line, for logs and error messages.
    [[nodiscard]] QString toDisplayString() const;

    [[nodiscard]] bool isValid() const { return m_code >= 100 && m_code <= 599; }
    [[nodiscard]] bool isPreliminary() const { return m_code / 100 == 1; }
    [[nodiscard]] bool isCompletion() const { return m_code / 100 == 2; }
    [[nodiscard]] bool isIntermediate() const { return m_code / 100 == 3; }
    [[nodiscard]] bool isTransientFailure() const { return m_code / 100 == 4; }
    [[nodiscard]] bool isPermanentFailure() const { return m_code / 100 == 5; }

    // Decodes bytes from a server that may or may not speak UTF-8.
    [[nodiscard]] static QString decodeServerText(const QByteArray &bytes);

private:
    int m_code = 0;
    QList<QByteArray> m_lines;
};
