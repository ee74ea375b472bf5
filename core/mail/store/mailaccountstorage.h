// Where one mail account's mail lives on this machine, and the index over it: a folder holding
// index.sqlite (MailIndex), cache/ (IMAP bodies, once opened), Maildir/ (POP3 mail, readable
// by mutt), Outbox/, and Sent/ and Drafts/ for POP3 accounts. The app and wharf-cli open an
// account's mail through this one class.
#pragma once

#include "mail/store/mailindex.h"
#include "net/error.h"

#include <QCoreApplication>
#include <QString>

class MailAccountStorage
{
    Q_DECLARE_TR_FUNCTIONS(MailAccountStorage)

public:
    // directory: e.g. MailAccount::dataDirectory(); created by open().
    explicit MailAccountStorage(QString directory);

    [[nodiscard]] Error open();
    [[nodiscard]] const QString &directory() const { return m_directory; }
    [[nodiscard]] MailIndex &index() { return m_index; }

    [[nodiscard]] QString maildirPath() const;
    [[nodiscard]] QString outboxPath() const;
    // Local Sent and Drafts (Maildirs), for accounts whose server has no folders (POP3).
    [[nodiscard]] QString sentPath() const;
    [[nodiscard]] QString draftsPath() const;
    // The cached body of one IMAP message. The name carries UIDVALIDITY as well as the UID,
    // so a folder the server renumbered never serves another message's body.
    [[nodiscard]] QString bodyCachePath(
        const QString &folderPath, quint32 uidValidity, quint32 uid) const;

    // The folder that lists a POP3 account's Maildir in the index.
    static constexpr const char *pop3FolderPath = "INBOX";
    // Adds a message delivered to the Maildir (by POP3) to the index, so the lists show it like
    // IMAP mail; its body is the Maildir file itself. Returns the UID it got there.
    [[nodiscard]] Error indexMaildirMessage(const QString &file, quint32 *uid = nullptr);

private:
    QString m_directory;
    MailIndex m_index;
};
