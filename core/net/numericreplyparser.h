// Assembles NumericReply objects from the lines of an FTP or SMTP control connection, however
// the lines arrive. Socket-free, so it can be fed hostile bytes in tests and fuzzing.
#pragma once

#include "net/numericreply.h"

#include <QByteArray>
#include <QList>

#include <optional>

class NumericReplyParser
{
public:
    enum class State { Idle, InMultiLine, Malformed };

    // Feeds one line without its line ending. Returns a reply when the line completes one.
    // After a malformed line, state() is Malformed and every later line is ignored: a stream
    // whose framing is lost can't be trusted again.
    std::optional<NumericReply> feedLine(const QByteArray &line);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] const QByteArray &malformedLine() const { return m_malformedLine; }
    void reset();

    // Replies longer than this (FEAT, STAT, HELP on a chatty server) are cut off as malformed,
    // so a hostile server can't grow memory without bound.
    static constexpr int maxLinesPerReply = 10000;

private:
    static int leadingCode(const QByteArray &line);
    std::optional<NumericReply> fail(const QByteArray &line);

    State m_state = State::Idle;
    int m_code = 0;
    QList<QByteArray> m_lines;
    QByteArray m_malformedLine;
};
