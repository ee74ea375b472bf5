// POP3 replies without a socket (RFC 1939, 2449): a status line "+OK text" or "-ERR text",
// and for multi-line commands the lines up to a lone ".", with dot-stuffing undone. Fed one
// line at a time (CRLF already stripped, as LineChannel hands them out).
#pragma once

#include <QByteArray>
#include <QByteArrayList>

class Pop3ReplyParser
{
public:
    enum class State { Idle, NeedMore, Complete, Malformed, TooLarge };

    struct Reply
    {
        bool ok = false;
        QByteArray text; // after "+OK " / "-ERR "
        QByteArrayList lines; // multi-line body, un-stuffed, without the final "."
        // The RFC 2449 response code in brackets at the start of text ("AUTH", "IN-USE"), if any.
        [[nodiscard]] QByteArray responseCode() const;
        // The body with each line ended by "\n" (the Maildir convention for stored messages).
        [[nodiscard]] QByteArray joinedLines(const QByteArray &lineEnd = "\n") const;
    };

    // Starts waiting for the reply to a command; multiLine for CAPA, UIDL, LIST, RETR, TOP.
    void expect(bool multiLine);
    State feedLine(const QByteArray &line);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] const Reply &reply() const { return m_reply; }
    // The reply, leaving the parser idle.
    [[nodiscard]] Reply takeReply();

    // A hostile server can't make a body grow without bound.
    void setMaxBodySize(qint64 bytes) { m_maxBodySize = bytes; }
    static constexpr qint64 defaultMaxBodySize = qint64(512) * 1024 * 1024;

private:
    Reply m_reply;
    State m_state = State::Idle;
    qint64 m_bodySize = 0;
    qint64 m_maxBodySize = defaultMaxBodySize;
    bool m_multiLine = false;
    bool m_statusSeen = false;
};
