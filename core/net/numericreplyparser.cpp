#include "numericreplyparser.h"

#include <utility>

int NumericReplyParser::leadingCode(const QByteArray &line)
{
    if (line.size() < 3)
        return -1;
    for (int i = 0; i < 3; ++i) {
        if (line.at(i) < '0' || line.at(i) > '9')
            return -1;
    }
    const int code = (line.at(0) - '0') * 100 + (line.at(1) - '0') * 10 + (line.at(2) - '0');
    return code >= 100 && code <= 599 ? code : -1;
}

std::optional<NumericReply> NumericReplyParser::feedLine(const QByteArray &line)
{
    if (m_state == State::Malformed)
        return std::nullopt;

    const int code = leadingCode(line);
    const char separator = line.size() > 3 ? line.at(3) : ' ';

    if (m_state == State::Idle) {
        if (code < 0 || (separator != ' ' && separator != '-'))
            return fail(line);
        m_code = code;
        m_lines = {line.mid(4)};
        if (separator == '-') {
            m_state = State::InMultiLine;
            return std::nullopt;
        }
        return NumericReply(code, std::exchange(m_lines, {}));
    }

    // Inside a multi-line reply only "<same code><space>" ends it (RFC 959 4.2); lines that
    // merely start with digits, or with the code and a hyphen, are part of the text.
    if (code == m_code && separator == ' ') {
        m_lines.append(line.mid(4));
        m_state = State::Idle;
        return NumericReply(m_code, std::exchange(m_lines, {}));
    }
    if (m_lines.size() >= maxLinesPerReply)
        return fail(line);
    m_lines.append(code == m_code && separator == '-' ? line.mid(4) : line);
    return std::nullopt;
}

std::optional<NumericReply> NumericReplyParser::fail(const QByteArray &line)
{
    m_state = State::Malformed;
    m_malformedLine = line.left(200);
    m_lines.clear();
    return std::nullopt;
}

void NumericReplyParser::reset()
{
    m_state = State::Idle;
    m_code = 0;
    m_lines.clear();
    m_malformedLine.clear();
}
