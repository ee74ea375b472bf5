#include "accountstore.h"

#include "accounts/credentialstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>
#include <utility>

namespace {

const QString versionKey = QStringLiteral("schema/version");

QString schemeKey(RemoteUrl::Scheme scheme)
{
    return RemoteUrl::schemeName(scheme);
}

std::optional<RemoteUrl::Scheme> schemeFromKey(const QString &text)
{
    if (text == QLatin1StringView("ftp"))
        return RemoteUrl::Scheme::Ftp;
    if (text == QLatin1StringView("ftps"))
        return RemoteUrl::Scheme::Ftps;
    if (text == QLatin1StringView("sftp"))
        return RemoteUrl::Scheme::Sftp;
    return std::nullopt;
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

AccountStore::AccountStore(QString fileName, CredentialStore *credentials, QObject *parent)
    : QObject(parent)
    , m_fileName(std::move(fileName))
    , m_credentials(credentials)
{ }

QString AccountStore::defaultFileName()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
        + QStringLiteral("/accounts.ini");
}

Error AccountStore::load()
{
    m_sites.clear();
    m_mailAccounts.clear();
    m_migrationNotes.clear();
    if (!QFile::exists(m_fileName))
        return {};
    int version = 0;
    {
        QSettings settings(m_fileName, QSettings::IniFormat);
        version = settings.value(versionKey, 0).toInt();
        // Without a version, only a file of [site ...] groups (version 0) is ours; anything
        // else (garbage, another program's file) must not be migrated into an empty store.
        const QStringList groups = settings.childGroups();
        const bool looksLikeVersion0 = std::all_of(groups.cbegin(), groups.cend(),
            [](const QString &group) { return group.startsWith(QLatin1StringView("site ")); });
        const bool unknown = version == 0 && QFileInfo(m_fileName).size() > 0
            && (groups.isEmpty() || !looksLikeVersion0);
        if (settings.status() != QSettings::NoError || version > schemaVersion || unknown) {
            const QString broken = m_fileName + QStringLiteral(".broken");
            QFile::remove(broken);
            QFile::rename(m_fileName, broken);
            return Error(Error::Kind::LocalIo,
                version > schemaVersion
                    ? tr("%1 was written by a newer Wharf; it was kept aside as %2.")
                          .arg(m_fileName, broken)
                    : tr("%1 could not be read; it was kept aside as %2.").arg(m_fileName, broken));
        }
    }
    if (version == 0)
        return migrateFromVersion0(); // fills m_sites itself

    QSettings settings(m_fileName, QSettings::IniFormat);
    settings.beginGroup(QStringLiteral("sites"));
    for (const QString &id : settings.childGroups()) {
        settings.beginGroup(id);
        Site site;
        site.id = id;
        site.name = settings.value(QStringLiteral("name")).toString();
        site.scheme = schemeFromKey(settings.value(QStringLiteral("scheme")).toString())
                          .value_or(RemoteUrl::Scheme::Sftp);
        site.host = settings.value(QStringLiteral("host")).toString();
        site.port = quint16(settings.value(QStringLiteral("port"), 0).toUInt());
        site.user = settings.value(QStringLiteral("user")).toString();
        site.initialPath = settings.value(QStringLiteral("path")).toString();
        site.ftpTls = settings.value(QStringLiteral("ftp-tls"), QStringLiteral("auto")).toString();
        site.ftpActiveMode = settings.value(QStringLiteral("ftp-active"), false).toBool();
        site.identityFile = settings.value(QStringLiteral("identity-file")).toString();
        settings.endGroup();
        if (!site.name.isEmpty() && !site.host.isEmpty())
            m_sites.append(site);
    }
    settings.endGroup();
    settings.beginGroup(QStringLiteral("mail"));
    for (const QString &id : settings.childGroups()) {
        settings.beginGroup(id);
        MailAccount account;
        account.id = id;
        account.name = settings.value(QStringLiteral("name")).toString();
        account.emailAddress = settings.value(QStringLiteral("address")).toString();
        account.displayName = settings.value(QStringLiteral("display-name")).toString();
        account.incomingUrl = settings.value(QStringLiteral("incoming")).toString();
        account.smtpUrl = settings.value(QStringLiteral("smtp")).toString();
        settings.endGroup();
        if (!account.name.isEmpty())
            m_mailAccounts.append(account);
    }
    settings.endGroup();
    return {};
}

// Version 0 (Wharf before 0.1) kept each site under [site <name>] with its password in the
// file. The passwords move to the keychain; the file is rewritten without them only once the
// keychain has every one, so nothing is lost when it can't take them.
Error AccountStore::migrateFromVersion0()
{
    QSettings old(m_fileName, QSettings::IniFormat);
    QList<std::pair<Site, QString>> found;
    for (const QString &group : old.childGroups()) {
        if (!group.startsWith(QLatin1StringView("site ")))
            continue;
        old.beginGroup(group);
        Site site;
        site.id = newId();
        site.name = group.mid(5);
        site.scheme = schemeFromKey(old.value(QStringLiteral("protocol")).toString().toLower())
                          .value_or(RemoteUrl::Scheme::Ftp);
        site.host = old.value(QStringLiteral("host")).toString();
        site.port = quint16(old.value(QStringLiteral("port"), 0).toUInt());
        site.user = old.value(QStringLiteral("user")).toString();
        found.append({site, old.value(QStringLiteral("password")).toString()});
        old.endGroup();
    }
    m_migrationNotes.append(
        tr("Updating the saved sites to the current format (%1 sites).").arg(found.size()));
    m_migrationError = Error();
    m_migratedSecrets = 0;
    for (const auto &[site, password] : found) {
        m_sites.append(site);
        if (!password.isEmpty() && m_credentials)
            ++m_pendingSecrets;
    }
    if (m_pendingSecrets == 0)
        return save();
    for (const auto &[site, password] : found) {
        if (password.isEmpty() || !m_credentials)
            continue;
        m_credentials->write(CredentialStore::Kind::Site, site.id, QStringLiteral("password"),
            password, [this](const Error &error) { secretMigrated(error); });
    }
    return {};
}

void AccountStore::secretMigrated(const Error &error)
{
    if (error.isError() && !m_migrationError.isError())
        m_migrationError = error;
    else if (!error.isError())
        ++m_migratedSecrets;
    if (--m_pendingSecrets > 0)
        return;
    if (m_migrationError.isError()) {
        // The old file, passwords and all, stays as it is until a keychain can take them.
        const Error kept(Error::Kind::LocalIo,
            tr("The saved passwords could not be moved to the keychain (%1); %2 was left as it "
               "is.")
                .arg(m_migrationError.message(), m_fileName));
        emit migrationFinished(kept);
        return;
    }
    m_migrationNotes.append(
        tr("Moved %1 passwords from the settings file to the keychain.").arg(m_migratedSecrets));
    emit migrationFinished(save());
}

Error AccountStore::save() const
{
    QDir().mkpath(QFileInfo(m_fileName).absolutePath());
    QSettings settings(m_fileName, QSettings::IniFormat);
    settings.clear();
    settings.setValue(versionKey, schemaVersion);
    for (const Site &site : m_sites) {
        settings.beginGroup(QStringLiteral("sites/") + site.id);
        settings.setValue(QStringLiteral("name"), site.name);
        settings.setValue(QStringLiteral("scheme"), schemeKey(site.scheme));
        settings.setValue(QStringLiteral("host"), site.host);
        settings.setValue(QStringLiteral("port"), site.port);
        settings.setValue(QStringLiteral("user"), site.user);
        settings.setValue(QStringLiteral("path"), site.initialPath);
        settings.setValue(QStringLiteral("ftp-tls"), site.ftpTls);
        settings.setValue(QStringLiteral("ftp-active"), site.ftpActiveMode);
        settings.setValue(QStringLiteral("identity-file"), site.identityFile);
        settings.endGroup();
    }
    for (const MailAccount &account : m_mailAccounts) {
        settings.beginGroup(QStringLiteral("mail/") + account.id);
        settings.setValue(QStringLiteral("name"), account.name);
        settings.setValue(QStringLiteral("address"), account.emailAddress);
        settings.setValue(QStringLiteral("display-name"), account.displayName);
        settings.setValue(QStringLiteral("incoming"), account.incomingUrl);
        settings.setValue(QStringLiteral("smtp"), account.smtpUrl);
        settings.endGroup();
    }
    settings.sync();
    if (settings.status() != QSettings::NoError)
        return Error(Error::Kind::LocalIo, tr("Could not save %1.").arg(m_fileName));
    return {};
}

bool AccountStore::nameTaken(const QString &name, const QString &exceptId) const
{
    for (const Site &site : m_sites) {
        if (site.id != exceptId && site.name.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    for (const MailAccount &account : m_mailAccounts) {
        if (account.id != exceptId && account.name.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

std::optional<Site> AccountStore::siteByName(const QString &name) const
{
    for (const Site &site : m_sites) {
        if (site.name.compare(name, Qt::CaseInsensitive) == 0)
            return site;
    }
    return std::nullopt;
}

Error AccountStore::addSite(Site &site)
{
    if (site.name.trimmed().isEmpty())
        return Error(Error::Kind::Unsupported, tr("A site needs a name."));
    if (nameTaken(site.name, site.id))
        return Error(Error::Kind::AlreadyExists,
            tr("There is already a site or account named %1.").arg(site.name));
    if (site.id.isEmpty())
        site.id = newId();
    m_sites.append(site);
    return save();
}

Error AccountStore::addSites(QList<Site> &sites, QStringList *renamed)
{
    const QList<Site> before = m_sites;
    for (Site &site : sites) {
        if (site.name.trimmed().isEmpty()) {
            m_sites = before;
            return Error(Error::Kind::Unsupported, tr("A site needs a name."));
        }
        const QString name = freeName(site.name);
        if (name != site.name && renamed)
            renamed->append(tr("%1 -> %2").arg(site.name, name));
        site.name = name;
        site.id = newId();
        m_sites.append(site);
    }
    Error error = save();
    if (error.isError())
        m_sites = before;
    return error;
}

QString AccountStore::freeName(const QString &name) const
{
    QString candidate = name;
    for (int n = 2; nameTaken(candidate, {}); ++n)
        candidate = QStringLiteral("%1 (%2)").arg(name).arg(n);
    return candidate;
}

Error AccountStore::updateSite(const Site &site)
{
    for (Site &existing : m_sites) {
        if (existing.id != site.id)
            continue;
        if (nameTaken(site.name, site.id))
            return Error(Error::Kind::AlreadyExists,
                tr("There is already a site or account named %1.").arg(site.name));
        existing = site; // same id: the keychain entry stays attached through a rename
        return save();
    }
    return Error(Error::Kind::NotFound, tr("No such site."));
}

void AccountStore::removeSite(const QString &id, const std::function<void(const Error &)> &done)
{
    const qsizetype removed = m_sites.removeIf([&id](const Site &site) { return site.id == id; });
    if (removed == 0) {
        done(Error(Error::Kind::NotFound, tr("No such site.")));
        return;
    }
    const Error saved = save();
    if (!m_credentials || saved.isError()) {
        done(saved);
        return;
    }
    m_credentials->removeAll(CredentialStore::Kind::Site, id, done);
}

std::optional<MailAccount> AccountStore::mailAccountByName(const QString &name) const
{
    for (const MailAccount &account : m_mailAccounts) {
        if (account.name.compare(name, Qt::CaseInsensitive) == 0)
            return account;
    }
    return std::nullopt;
}

Error AccountStore::addMailAccount(MailAccount &account)
{
    if (account.name.trimmed().isEmpty())
        return Error(Error::Kind::Unsupported, tr("A mail account needs a name."));
    if (nameTaken(account.name, account.id))
        return Error(Error::Kind::AlreadyExists,
            tr("There is already a site or account named %1.").arg(account.name));
    QString problem;
    if (!MailAccount::isValidIncomingUrl(account.incomingUrl, &problem)
        || !MailAccount::isValidSmtpUrl(account.smtpUrl, &problem))
        return Error(Error::Kind::Unsupported, problem);
    if (account.id.isEmpty())
        account.id = newId();
    m_mailAccounts.append(account);
    return save();
}

void AccountStore::removeMailAccount(
    const QString &id, const std::function<void(const Error &)> &done)
{
    const qsizetype removed
        = m_mailAccounts.removeIf([&id](const MailAccount &account) { return account.id == id; });
    if (removed == 0) {
        done(Error(Error::Kind::NotFound, tr("No such mail account.")));
        return;
    }
    const Error saved = save();
    if (!m_credentials || saved.isError()) {
        done(saved);
        return;
    }
    m_credentials->removeAll(CredentialStore::Kind::MailAccount, id, done);
}
