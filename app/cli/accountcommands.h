// wharf-cli's saved sites and mail accounts: `sites add|list|remove|export|import|
// import-filezilla` and `mail accounts add|list|remove`. Passwords go to the keychain, never to the
// settings file.
#pragma once

#include <QCoreApplication>
#include <QStringList>

class CliContext;

class AccountCommands
{
    Q_DECLARE_TR_FUNCTIONS(AccountCommands)

public:
    // arguments: everything after "sites" (or after "mail accounts").
    [[nodiscard]] static int runSites(const QStringList &arguments);
    [[nodiscard]] static int runMailAccounts(const QStringList &arguments);

private:
    // Reads one line of standard input and saves it in the keychain under the field.
    static int storeSecret(
        CliContext &context, bool isSite, const QString &id, const QString &field);
    static int exportSites(const QStringList &arguments);
    static int importSites(const QStringList &arguments);
    static int importFileZilla(const QStringList &arguments);
};
