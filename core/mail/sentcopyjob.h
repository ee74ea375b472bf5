// Keeps a copy of a message that was sent, where the person will look for it: with IMAP in the
// server's Sent folder (the RFC 6154 \Sent one, else one called "Sent", created when missing),
// marked \Seen; without IMAP in the account's local Sent Maildir, marked seen there too.
#pragma once

#include "net/job.h"

#include <QPointer>

class ImapSession;
class MailAccountStorage;

class SentCopyJob : public Job
{
    Q_OBJECT

public:
    // session: the account's IMAP session, or null for a POP3 account (local Sent).
    SentCopyJob(MailAccountStorage *storage, ImapSession *session, QByteArray message,
        QObject *parent = nullptr);

    // Where the copy went: the IMAP folder's name, or the local Maildir's path.
    [[nodiscard]] const QString &folder() const { return m_folder; }

protected:
    void doStart() override;

private:
    void storeLocally();
    void findSentFolder();
    void append(const QByteArray &encodedMailbox);

    MailAccountStorage *m_storage;
    QPointer<ImapSession> m_session;
    QByteArray m_message;
    QString m_folder;
};
