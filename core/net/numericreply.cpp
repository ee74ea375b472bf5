#include "numericreply.h"

#include <QStringDecoder>

#include <utility>

NumericReply::NumericReply(int code, QList<QByteArray> lines)
    : m_code(code)
    , m_lines(std::move(lines))
{ }

QString NumericReply::text() const
{
    QByteArray joined;
    for (const QByteArray &line : m_lines) {
        if (!joined.isEmpty())
            joined += '\n';
        joined += line;
    }
    return decodeServerText(joined);
}

QString NumericReply::toDisplayString() const
{
    QString display;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        if (i > 0)
            display += QLatin1Char('\n');
        const bool last = i == m_lines.size() - 1;
        display += QString::number(m_code) + (last ? QLatin1Char(' ') : QLatin1Char('-'))
            + decodeServerText(m_lines.at(i));
    }
    return display;
}

QString NumericReply::decodeServerText(const QByteArray &bytes)
{
    QStringDecoder utf8(QStringDecoder::Utf8);
    QString text = utf8.decode(bytes);
    // Servers without UTF8 support send their own 8-bit charset; Latin-1 never fails and
    // keeps every byte visible.
    if (utf8.hasError())
        return QString::fromLatin1(bytes);
    return text;
}
