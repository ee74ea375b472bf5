#include "mail/imap/imapresponse.h"

namespace {

QByteArray logText(const ImapValue &value)
{
    switch (value.type()) {
    case ImapValue::Type::Nil: return "NIL";
    case ImapValue::Type::Atom: return value.bytes();
    case ImapValue::Type::String:
        // A message body is no log line: its size says enough.
        if (value.spoolFile() || value.size() > 200 || value.bytes().contains('\n'))
            return '{' + QByteArray::number(value.size()) + " bytes}";
        return '"' + value.bytes() + '"';
    case ImapValue::Type::List: {
        QByteArray text = "(";
        for (qsizetype i = 0; i < value.items().size(); ++i) {
            if (i > 0)
                text += ' ';
            text += logText(value.items().at(i));
        }
        return text + ')';
    }
    }
    return {};
}

} // namespace

QString ImapResponse::toLogText() const
{
    QByteArray line;
    switch (kind) {
    case Kind::Continuation: return QStringLiteral("+ ") + QString::fromUtf8(text);
    case Kind::Tagged: line = tag; break;
    case Kind::Untagged: line = "*"; break;
    }
    static const char *const statusNames[] = {"", "OK", "NO", "BAD", "PREAUTH", "BYE"};
    if (isStatus())
        line += QByteArray(" ") + statusNames[int(status)];
    if (number)
        line += ' ' + QByteArray::number(*number);
    if (!name.isEmpty())
        line += ' ' + name;
    if (!code.isEmpty()) {
        line += " [" + code;
        for (const ImapValue &value : codeArguments)
            line += ' ' + logText(value);
        line += ']';
    }
    for (const ImapValue &value : values)
        line += ' ' + logText(value);
    if (!text.isEmpty())
        line += ' ' + text;
    return QString::fromUtf8(line);
}
