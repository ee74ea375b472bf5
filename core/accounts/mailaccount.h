// A saved mail account: the address it sends as, where mail comes from (IMAP or POP3) and goes
// to (SMTP). Never a password: those live in the keychain under the account's id.
#pragma once

#include <QString>

struct MailAccount
{
    QString id; // stable across renames
    QString name;
    QString emailAddress;
    QString displayName;
    QString incomingUrl; // imap://, imaps://, pop3://, pop3s:// with user, host and port
    QString smtpUrl; // smtp:// (STARTTLS) or smtps:// (implicit TLS), with user

    // True for the URL forms above; why not in *problem otherwise.
    [[nodiscard]] static bool isValidIncomingUrl(const QString &url, QString *problem);
    [[nodiscard]] static bool isValidSmtpUrl(const QString &url, QString *problem);
    // Where this account's mail lives on this machine: <AppDataLocation>/mail/<id>, holding
    // Maildir/ (POP3 mail, readable by mutt), index.sqlite and the IMAP body cache.
    [[nodiscard]] QString dataDirectory() const;
};
