// Stores a message in a folder (APPEND, RFC 3501 §6.3.11): the composer's Sent copy and
// Drafts. The message goes as one literal; with UIDPLUS the new UID comes back (APPENDUID).
#pragma once

#include "mail/imap/imapjob.h"

#include <QByteArrayList>
#include <QDateTime>

class ImapAppendJob : public ImapJob
{
    Q_OBJECT

public:
    // message: RFC 5322 bytes (line ends are made CRLF, as IMAP requires); flags such as
    // "\\Seen" or "\\Draft".
    ImapAppendJob(ImapSession *session, QByteArray encodedMailbox, const QByteArray &message,
        QByteArrayList flags = {}, QDateTime internalDate = {}, QObject *parent = nullptr);

    // The UID the server gave the message (UIDPLUS), 0 when it didn't say.
    [[nodiscard]] quint32 appendedUid() const { return m_uid; }
    [[nodiscard]] quint32 uidValidity() const { return m_uidValidity; }

    [[nodiscard]] static QByteArray withCrLf(const QByteArray &message);

protected:
    void doStart() override;

private:
    QByteArray m_mailbox;
    QByteArray m_message;
    QByteArrayList m_flags;
    QDateTime m_internalDate;
    quint32 m_uid = 0;
    quint32 m_uidValidity = 0;
};
