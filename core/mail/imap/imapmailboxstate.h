// What a client knows of the folder it has selected (RFC 3501 §6.3.1, §7.3, §7.4): its
// UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ, whether it is read-only, and which UID each message
// sequence number stands for, kept current from whatever the server says, whenever it says it.
#pragma once

#include "mail/imap/imapresponse.h"

#include <QByteArrayList>
#include <QList>

#include <optional>

class ImapMailboxState
{
public:
    // What one untagged response changed, for the session to announce.
    struct Change
    {
        std::optional<quint32> messageCount;
        QList<quint32> expungedUids; // only those whose UID was known
        std::optional<quint32> flagsUid; // FLAGS arrived for this UID
        QByteArrayList flags;
        bool countWentDown = false; // EXISTS below the known count, without EXPUNGE
    };

    // A SELECT or EXAMINE starts: everything known of the last folder is void.
    void beginSelect(const QByteArray &mailbox, bool readOnly);
    // Its tagged result: the folder is selected only when it succeeded.
    void endSelect(bool succeeded, const QByteArray &resultCode);
    void clear();

    // EXISTS, EXPUNGE and FETCH (UID, FLAGS); other responses change nothing.
    [[nodiscard]] Change apply(const ImapResponse &response);
    // UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and READ-ONLY response codes.
    void applyCode(const ImapResponse &response);

    [[nodiscard]] const QByteArray &selected() const { return m_selected; }
    [[nodiscard]] bool isReadOnly() const { return m_readOnly; }
    [[nodiscard]] quint32 uidValidity() const { return m_uidValidity; }
    [[nodiscard]] quint32 uidNext() const { return m_uidNext; }
    [[nodiscard]] quint64 highestModSeq() const { return m_highestModSeq; }
    [[nodiscard]] quint32 messageCount() const { return quint32(m_sequenceUids.size()); }
    // 0 while the UID of that message hasn't been seen in a FETCH yet.
    [[nodiscard]] quint32 uidForSequence(quint32 sequence) const;

private:
    QByteArray m_selected;
    QByteArray m_selecting; // the mailbox of a SELECT / EXAMINE in flight
    bool m_selectingReadOnly = false;
    bool m_readOnly = false;
    quint32 m_uidValidity = 0;
    quint32 m_uidNext = 0;
    quint64 m_highestModSeq = 0;
    QList<quint32> m_sequenceUids; // index = sequence number - 1; 0 = not known yet
};
