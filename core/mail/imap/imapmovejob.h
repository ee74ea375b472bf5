// Moves messages to another folder: UID MOVE (RFC 6851) where the server has it, else UID COPY
// then \Deleted and UID EXPUNGE of exactly those UIDs (UIDPLUS). A server with neither gets
// COPY + \Deleted, and EXPUNGE only when the caller allows it: a plain EXPUNGE also removes
// every other message someone marked deleted, which Wharf never does on its own.
#pragma once

#include "mail/imap/imapjob.h"

class ImapMoveJob : public ImapJob
{
    Q_OBJECT

public:
    ImapMoveJob(ImapSession *session, QByteArray fromMailbox, QList<quint32> uids,
        QByteArray toMailbox, QObject *parent = nullptr);

    // Without MOVE and UIDPLUS: may a plain EXPUNGE finish the move? (default: no; the
    // messages then stay in the source folder marked \Deleted.)
    void setPlainExpungeAllowed(bool allowed) { m_plainExpungeAllowed = allowed; }
    // True when the copies exist but the originals are only marked \Deleted.
    [[nodiscard]] bool leftDeletedInSource() const { return m_leftDeleted; }

protected:
    void doStart() override;

private:
    void runSteps();
    void next();

    QByteArray m_from;
    QByteArrayList m_sets;
    QByteArray m_to;
    QList<QByteArray> m_steps;
    qsizetype m_nextStep = 0;
    bool m_plainExpungeAllowed = false;
    bool m_leftDeleted = false;
};
