#include "pop3replyparser.h"

#include <utility>

QByteArray Pop3ReplyParser::Reply::responseCode() const
{
    if (!text.startsWith('['))
        return {};
    const qsizetype end = text.indexOf(']');
    return end < 0 ? QByteArray() : text.mid(1, end - 1).toUpper();
}

QByteArray Pop3ReplyParser::Reply::joinedLines(const QByteArray &lineEnd) const
{
    qsizetype size = 0;
    for (const QByteArray &line : lines)
        size += line.size() + lineEnd.size();
    QByteArray joined;
    joined.reserve(size);
    for (const QByteArray &line : lines) {
        joined += line;
        joined += lineEnd;
    }
    return joined;
}

void Pop3ReplyParser::expect(bool multiLine)
{
    m_reply = {};
    m_state = State::NeedMore;
    m_bodySize = 0;
    m_multiLine = multiLine;
    m_statusSeen = false;
}

Pop3ReplyParser::State Pop3ReplyParser::feedLine(const QByteArray &line)
{
    if (m_state != State::NeedMore)
        return m_state == State::Idle ? State::Malformed : m_state; // nobody asked
    if (!m_statusSeen) {
        m_statusSeen = true;
        QByteArray rest;
        // RFC 1939 spells the indicators in upper case; some servers don't.
        if (line.left(3).toUpper() == "+OK") {
            m_reply.ok = true;
            rest = line.mid(3);
        } else if (line.left(4).toUpper() == "-ERR") {
            rest = line.mid(4);
        } else {
            m_reply.text = line;
            return m_state = State::Malformed;
        }
        if (!rest.isEmpty() && rest.at(0) != ' ' && rest.at(0) != '\t') {
            m_reply.text = line;
            return m_state = State::Malformed;
        }
        m_reply.text = rest.trimmed();
        // "-ERR" ends even a multi-line command: the body only follows a "+OK".
        return m_state = (m_multiLine && m_reply.ok) ? State::NeedMore : State::Complete;
    }
    if (line == ".")
        return m_state = State::Complete;
    // Byte-stuffing: a line that starts with "." had one more "." added by the server.
    const QByteArray content = line.startsWith('.') ? line.mid(1) : line;
    m_bodySize += content.size() + 2;
    if (m_bodySize > m_maxBodySize)
        return m_state = State::TooLarge;
    m_reply.lines.append(content);
    return m_state;
}

Pop3ReplyParser::Reply Pop3ReplyParser::takeReply()
{
    m_state = State::Idle;
    return std::exchange(m_reply, {});
}
