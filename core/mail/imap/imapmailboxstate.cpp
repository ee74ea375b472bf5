#include "mail/imap/imapmailboxstate.h"

void ImapMailboxState::beginSelect(const QByteArray &mailbox, bool readOnly)
{
    clear();
    m_selecting = mailbox;
    m_selectingReadOnly = readOnly;
}

void ImapMailboxState::endSelect(bool succeeded, const QByteArray &resultCode)
{
    if (succeeded) {
        m_selected = m_selecting;
        m_readOnly = m_selectingReadOnly || resultCode == "READ-ONLY";
    }
    m_selecting.clear();
}

void ImapMailboxState::clear()
{
    m_selected.clear();
    m_selecting.clear();
    m_selectingReadOnly = false;
    m_readOnly = false;
    m_uidValidity = 0;
    m_uidNext = 0;
    m_highestModSeq = 0;
    m_sequenceUids.clear();
}

quint32 ImapMailboxState::uidForSequence(quint32 sequence) const
{
    if (sequence == 0 || sequence > quint32(m_sequenceUids.size()))
        return 0;
    return m_sequenceUids.at(qsizetype(sequence) - 1);
}

ImapMailboxState::Change ImapMailboxState::apply(const ImapResponse &response)
{
    Change change;
    if (!response.number)
        return change;
    const quint32 number = *response.number;
    const QByteArray &name = response.name;
    if (name == "EXISTS") {
        change.countWentDown = number < messageCount();
        m_sequenceUids.resize(qsizetype(number), 0);
        if (!m_selecting.isEmpty() || !m_selected.isEmpty())
            change.messageCount = number;
    } else if (name == "EXPUNGE") {
        if (number == 0 || number > messageCount())
            return change;
        // Every later message moves down one sequence number (RFC 3501 §7.4.1).
        const quint32 uid = m_sequenceUids.takeAt(qsizetype(number) - 1);
        if (uid != 0)
            change.expungedUids.append(uid);
        change.messageCount = messageCount();
    } else if (name == "FETCH" && !response.values.isEmpty()) {
        // Only UID and FLAGS matter here; the running command decodes the rest itself.
        std::optional<quint32> uid;
        bool hasFlags = false;
        const QList<ImapValue> &items = response.values.constFirst().items();
        for (qsizetype i = 0; i + 1 < items.size(); i += 2) {
            const ImapValue &key = items.at(i);
            if (key.isAtom("UID")) {
                if (const std::optional<quint64> value = items.at(i + 1).toNumber())
                    uid = quint32(*value);
            } else if (key.isAtom("FLAGS") && items.at(i + 1).isList()) {
                for (const ImapValue &flag : items.at(i + 1).items())
                    change.flags.append(flag.bytes());
                hasFlags = true;
            }
        }
        if (number > messageCount())
            m_sequenceUids.resize(qsizetype(number), 0);
        if (uid && number > 0)
            m_sequenceUids[qsizetype(number) - 1] = *uid;
        const quint32 known = uid.value_or(uidForSequence(number));
        if (hasFlags && known != 0)
            change.flagsUid = known;
    }
    return change;
}

void ImapMailboxState::applyCode(const ImapResponse &response)
{
    const QByteArray &code = response.code;
    // GCC 12 warns about a maybe-uninitialised std::optional here, so a plain flag it is.
    const std::optional<quint64> argument = response.codeArguments.isEmpty()
        ? std::optional<quint64>()
        : response.codeArguments.constFirst().toNumber();
    const bool hasNumber = argument.has_value();
    const quint64 number = argument.value_or(0);
    if (code == "UIDVALIDITY" && hasNumber)
        m_uidValidity = quint32(number);
    else if (code == "UIDNEXT" && hasNumber)
        m_uidNext = quint32(number);
    else if (code == "HIGHESTMODSEQ" && hasNumber)
        m_highestModSeq = number;
    else if (code == "READ-ONLY" && !m_selecting.isEmpty())
        m_selectingReadOnly = true;
}
