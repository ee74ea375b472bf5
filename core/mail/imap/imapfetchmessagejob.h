// Downloads one message's exact bytes (UID FETCH BODY.PEEK[], so it stays unread), or one of
// its parts, into a file:
// a large body streams from the parser's spool file to disk and is renamed into place, never
// held twice in memory; a message expunged meanwhile is reported as not found.
#pragma once

#include "mail/imap/imapjob.h"

class ImapFetchMessageJob : public ImapJob
{
    Q_OBJECT

public:
    // destination must not exist; it appears only once the whole message is on disk.
    ImapFetchMessageJob(ImapSession *session, QByteArray encodedMailbox, quint32 uid,
        QString destination, QObject *parent = nullptr);

    // One part instead of the whole message (BODY.PEEK[1.2], sections as ImapBodyPart gives
    // them): the part's bytes as the server keeps them, still in their transfer encoding.
    void setSection(const QByteArray &section) { m_section = section; }

    [[nodiscard]] const QString &destination() const { return m_destination; }
    [[nodiscard]] qint64 size() const { return m_size; }

protected:
    void doStart() override;

private:
    void fetch();
    void store(const class ImapValue &body);

    QByteArray m_mailbox;
    quint32 m_uid = 0;
    QString m_destination;
    QByteArray m_section; // empty: the whole message
    qint64 m_size = -1;
    bool m_received = false;
    Error m_storeError;
};
