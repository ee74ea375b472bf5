// Saved sites and mail accounts, in an INI file under the app's config folder. Never a secret:
// those go to CredentialStore. The file carries a schema version; older files are migrated,
// and a file that can't be read is kept aside as .broken, never silently replaced.
#pragma once

#include "accounts/mailaccount.h"
#include "accounts/site.h"
#include "net/error.h"

#include <QList>
#include <QObject>

#include <functional>

class CredentialStore;

class AccountStore : public QObject
{
    Q_OBJECT

public:
    static constexpr int schemaVersion = 1;

    // credentials: where secrets of removed sites go away, and where passwords found in old
    // files are moved to. May be null (tests of the file format).
    explicit AccountStore(
        QString fileName, CredentialStore *credentials = nullptr, QObject *parent = nullptr);

    [[nodiscard]] static QString defaultFileName();

    // Reads the file. A missing file is an empty store; an unreadable one is renamed to
    // <file>.broken and reported here.
    Error load();
    [[nodiscard]] Error save() const;

    [[nodiscard]] const QList<Site> &sites() const { return m_sites; }
    [[nodiscard]] std::optional<Site> siteByName(const QString &name) const;
    // A new id is made when site.id is empty. Names are unique (case-insensitively).
    [[nodiscard]] Error addSite(Site &site);
    [[nodiscard]] Error updateSite(const Site &site);
    // Imports: each site gets a new id, and a name already taken gets " (2)", " (3)"... (the
    // new names are in renamed, "Old -> New"). All are saved at once, or none.
    [[nodiscard]] Error addSites(QList<Site> &sites, QStringList *renamed);
    // name, or "name (2)", "name (3)"... whichever no site or account has yet.
    [[nodiscard]] QString freeName(const QString &name) const;
    // Also deletes the site's secrets from the keychain; done follows when they are gone.
    void removeSite(const QString &id, const std::function<void(const Error &)> &done);

    [[nodiscard]] const QList<MailAccount> &mailAccounts() const { return m_mailAccounts; }
    [[nodiscard]] std::optional<MailAccount> mailAccountByName(const QString &name) const;
    [[nodiscard]] Error addMailAccount(MailAccount &account);
    void removeMailAccount(const QString &id, const std::function<void(const Error &)> &done);

    // What load() did to an old file, for the person to read ("moved 2 passwords to the
    // keychain").
    [[nodiscard]] const QStringList &migrationNotes() const { return m_migrationNotes; }
    // An old file's passwords are being moved to the keychain: the file is rewritten (without
    // them) only once every one is stored; migrationFinished() follows.
    [[nodiscard]] bool isMigrating() const { return m_pendingSecrets > 0; }

signals:
    void migrationFinished(const Error &error);

private:
    Error migrateFromVersion0();
    void secretMigrated(const Error &error);
    [[nodiscard]] bool nameTaken(const QString &name, const QString &exceptId) const;

    QString m_fileName;
    CredentialStore *m_credentials;
    QList<Site> m_sites;
    QList<MailAccount> m_mailAccounts;
    QStringList m_migrationNotes;
    int m_pendingSecrets = 0;
    int m_migratedSecrets = 0;
    Error m_migrationError;
};
