#include "messagesummary.h"

#include <algorithm>
#include <array>

namespace {

struct SystemFlag
{
    MessageFlag flag;
    const char *atom;
};

constexpr std::array<SystemFlag, 6> systemFlags {{
    {MessageFlag::Seen, "\\Seen"},
    {MessageFlag::Answered, "\\Answered"},
    {MessageFlag::Flagged, "\\Flagged"},
    {MessageFlag::Deleted, "\\Deleted"},
    {MessageFlag::Draft, "\\Draft"},
    {MessageFlag::Recent, "\\Recent"},
}};

bool isAtomChar(char c)
{
    // ATOM-CHAR: any CHAR except atom-specials: ( ) { SP CTL % * " \ ]
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f)
        return false;
    switch (c) {
    case '(':
    case ')':
    case '{':
    case '%':
    case '*':
    case '"':
    case '\\':
    case ']': return false;
    default: return true;
    }
}

} // namespace

MessageFlags MessageSummary::flagsFromImap(const QByteArrayList &atoms, QStringList *extraFlags)
{
    MessageFlags flags;
    for (const QByteArray &atom : atoms) {
        if (atom.isEmpty())
            continue;
        bool known = false;
        for (const SystemFlag &system : systemFlags) {
            if (atom.compare(system.atom, Qt::CaseInsensitive) == 0) {
                flags |= system.flag;
                known = true;
                break;
            }
        }
        if (known || !extraFlags)
            continue;
        const QString text = QString::fromUtf8(atom);
        if (!extraFlags->contains(text, Qt::CaseInsensitive))
            extraFlags->append(text);
    }
    return flags;
}

QByteArrayList MessageSummary::imapFlags(MessageFlags flags, const QStringList &extraFlags)
{
    QByteArrayList atoms;
    for (const SystemFlag &system : systemFlags) {
        if (system.flag != MessageFlag::Recent && flags.testFlag(system.flag))
            atoms.append(QByteArray(system.atom));
    }
    for (const QString &extra : extraFlags) {
        const QByteArray atom = extra.toUtf8();
        if (extra.compare(QLatin1String("\\Recent"), Qt::CaseInsensitive) == 0
            || !isValidFlagAtom(atom)) {
            continue;
        }
        const bool duplicate
            = std::any_of(atoms.cbegin(), atoms.cend(), [&atom](const QByteArray &known) {
                  return known.compare(atom, Qt::CaseInsensitive) == 0;
              });
        if (!duplicate)
            atoms.append(atom);
    }
    return atoms;
}

bool MessageSummary::isValidFlagAtom(QByteArrayView atom)
{
    if (atom.startsWith('\\'))
        atom = atom.sliced(1);
    return !atom.isEmpty() && std::all_of(atom.begin(), atom.end(), isAtomChar);
}
