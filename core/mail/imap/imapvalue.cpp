// ImapValue: the parser's generic value tree, and the conversions the typed decoders build on.
#include "imapvalue.h"

#include <QTemporaryFile>

#include <limits>
#include <utility>

ImapValue ImapValue::atom(QByteArray text)
{
    ImapValue value;
    value.m_type = Type::Atom;
    value.m_bytes = std::move(text);
    return value;
}

ImapValue ImapValue::string(QByteArray bytes)
{
    ImapValue value;
    value.m_type = Type::String;
    value.m_bytes = std::move(bytes);
    return value;
}

ImapValue ImapValue::list(QList<ImapValue> items)
{
    ImapValue value;
    value.m_type = Type::List;
    value.m_items = std::move(items);
    return value;
}

ImapValue ImapValue::spooledString(std::shared_ptr<QTemporaryFile> file, qint64 size)
{
    ImapValue value;
    value.m_type = Type::String;
    value.m_spoolFile = std::move(file);
    value.m_spoolSize = size;
    return value;
}

bool ImapValue::isAtom(QByteArrayView name) const
{
    return m_type == Type::Atom && QByteArrayView(m_bytes).compare(name, Qt::CaseInsensitive) == 0;
}

std::optional<quint64> ImapValue::toNumber() const
{
    if ((m_type != Type::Atom && m_type != Type::String) || m_spoolFile || m_bytes.isEmpty())
        return std::nullopt;
    // Digits only: QByteArray::toULongLong would also take "+5", " 5" and "0x5".
    quint64 number = 0;
    for (const char c : m_bytes) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const auto digit = quint64(c - '0');
        if (number > (std::numeric_limits<quint64>::max() - digit) / 10)
            return std::nullopt;
        number = number * 10 + digit;
    }
    return number;
}

std::optional<QByteArray> ImapValue::toBytes() const
{
    if (m_type != Type::Atom && m_type != Type::String)
        return std::nullopt;
    if (!m_spoolFile)
        return m_bytes;
    // A spooled literal is read back whole: the caller asked for bytes, e.g. a mailbox name or
    // an envelope field that a hostile server sent as a huge literal.
    if (!m_spoolFile->seek(0))
        return QByteArray();
    return m_spoolFile->read(m_spoolSize);
}

qint64 ImapValue::size() const
{
    if (m_spoolFile)
        return m_spoolSize;
    if (m_type == Type::List)
        return m_items.size();
    return m_bytes.size();
}

QByteArray ImapValue::toDebugString() const
{
    switch (m_type) {
    case Type::Nil: return "NIL";
    case Type::Atom: return m_bytes;
    case Type::String: {
        if (m_spoolFile)
            return '{' + QByteArray::number(m_spoolSize) + '}';
        QByteArray quoted = "\"";
        for (const char c : m_bytes) {
            switch (c) {
            case '"': quoted += "\\\""; break;
            case '\\': quoted += "\\\\"; break;
            case '\r': quoted += "\\r"; break;
            case '\n': quoted += "\\n"; break;
            default: quoted += c;
            }
        }
        return quoted + '"';
    }
    case Type::List: {
        QByteArray text = "(";
        for (qsizetype i = 0; i < m_items.size(); ++i) {
            if (i > 0)
                text += ' ';
            text += m_items.at(i).toDebugString();
        }
        return text + ')';
    }
    }
    return {};
}
