// Adds or removes flags on messages (UID STORE +FLAGS.SILENT / -FLAGS.SILENT), selecting their
// folder first when needed; UID sets are split so no command line passes ~8,000 octets.
#pragma once

#include "mail/imap/imapjob.h"

#include <QByteArrayList>

class ImapStoreFlagsJob : public ImapJob
{
    Q_OBJECT

public:
    enum class Change { Add, Remove };

    // flags: atoms such as "\\Seen", "$Forwarded" (see MessageSummary::imapFlags).
    ImapStoreFlagsJob(ImapSession *session, QByteArray encodedMailbox, QList<quint32> uids,
        Change change, QByteArrayList flags, QObject *parent = nullptr);

protected:
    void doStart() override;

private:
    void storeNext();

    QByteArray m_mailbox;
    QByteArrayList m_sets;
    qsizetype m_nextSet = 0;
    Change m_change;
    QByteArrayList m_flags;
};
