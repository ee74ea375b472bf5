#include "lineendingconverter.h"

QByteArray LineEndingConverter::convert(const char *data, qint64 size)
{
    QByteArray out;
    out.reserve(m_direction == Direction::ToWire ? size + size / 16 + 1 : size + 1);
    if (m_direction == Direction::ToLocal) {
        for (qint64 i = 0; i < size; ++i) {
            const char c = data[i];
            if (m_pendingCr) {
                m_pendingCr = false;
                if (c != '\n')
                    out += '\r'; // a lone CR is data
            }
            if (c == '\r')
                m_pendingCr = true;
            else
                out += c;
        }
        return out;
    }
    for (qint64 i = 0; i < size; ++i) {
        const char c = data[i];
        if (c == '\n' && !m_lastWasCr)
            out += '\r';
        out += c;
        m_lastWasCr = c == '\r';
    }
    return out;
}

QByteArray LineEndingConverter::finish()
{
    if (m_direction == Direction::ToLocal && m_pendingCr) {
        m_pendingCr = false;
        return QByteArrayLiteral("\r");
    }
    return {};
}
