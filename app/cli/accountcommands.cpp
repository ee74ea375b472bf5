#include "accountcommands.h"

#include "accounts/filezillaimport.h"
#include "accounts/sitetransfer.h"
#include "clicontext.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <iostream>
#include <string>

namespace {

const QString passwordStdin = QStringLiteral("password-stdin");

// Parses "ACTION [options] ARGS"; prints usage errors itself.
bool parse(QCommandLineParser &parser, const QString &program, const QStringList &arguments)
{
    parser.addHelpOption();
    if (!parser.parse(QStringList {program} + arguments)) {
        CliContext::printUsageError(parser.errorText());
        return false;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(CliContext::Success); // exits
    return true;
}

void printJson(const QJsonArray &array)
{
    std::fputs(QJsonDocument(array).toJson(QJsonDocument::Indented).constData(), stdout);
}

void printNotes(const QStringList &notes)
{
    for (const QString &note : notes)
        std::fprintf(stderr, "wharf-cli: %s\n", qPrintable(note));
}

} // namespace

int AccountCommands::storeSecret(
    CliContext &context, bool isSite, const QString &id, const QString &field)
{
    std::string line;
    if (!std::getline(std::cin, line)) {
        CliContext::printUsageError(tr("No %1 on standard input.").arg(field));
        return CliContext::UsageError;
    }
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    const QString secret = QString::fromStdString(line);
    const Error error = context.waitFor([&](const std::function<void(const Error &)> &done) {
        context.credentials().write(
            isSite ? CredentialStore::Kind::Site : CredentialStore::Kind::MailAccount, id, field,
            secret, done);
    });
    if (error.isError()) {
        std::fprintf(stderr, "wharf-cli: the %s was not saved: %s\n", qPrintable(field),
            qPrintable(error.message()));
        return CliContext::Failure;
    }
    return CliContext::Success;
}

int AccountCommands::runSites(const QStringList &arguments)
{
    const QString action = arguments.value(0);
    QCommandLineParser parser;
    CliContext context;
    Error error;
    if (action == QLatin1StringView("add")) {
        parser.addOptions({{passwordStdin, tr("Save a password read from standard input.")},
            {QStringLiteral("passphrase-stdin"),
                tr("SFTP: save the key's passphrase, read from standard input (after the "
                   "password).")},
            {QStringLiteral("tls"), tr("FTP: auto, require or none."), tr("mode"),
                QStringLiteral("auto")},
            {QStringLiteral("active"), tr("FTP: active mode.")},
            {QStringLiteral("identity"), tr("SFTP: the private key file to log in with."),
                tr("file")}});
        parser.addPositionalArgument(QStringLiteral("NAME"), tr("The site's name."));
        parser.addPositionalArgument(QStringLiteral("URL"), tr("ftp://, ftps:// or sftp://"));
        if (!parse(parser, QStringLiteral("wharf-cli sites add"), arguments.mid(1)))
            return CliContext::UsageError;
        if (parser.positionalArguments().size() != 2) {
            CliContext::printUsageError(tr("sites add takes a name and a URL."));
            return CliContext::UsageError;
        }
        const RemoteUrl url = RemoteUrl::parse(parser.positionalArguments().at(1), &error);
        if (!url.isValid())
            return CliContext::report(error);
        Site site = Site::fromUrl(url);
        site.name = parser.positionalArguments().at(0);
        site.ftpTls = parser.value(QStringLiteral("tls"));
        site.ftpActiveMode = parser.isSet(QStringLiteral("active"));
        site.identityFile = parser.value(QStringLiteral("identity"));
        AccountStore *store = context.accounts(&error);
        if (!store)
            return CliContext::report(error);
        error = store->addSite(site);
        if (error.isError())
            return CliContext::report(error);
        // Both from standard input: the password on the first line, the passphrase next.
        if (parser.isSet(passwordStdin)) {
            const int stored = storeSecret(context, true, site.id, QStringLiteral("password"));
            if (stored != CliContext::Success)
                return stored;
        }
        if (parser.isSet(QStringLiteral("passphrase-stdin")))
            return storeSecret(context, true, site.id, QStringLiteral("passphrase"));
        return CliContext::Success;
    }
    if (action == QLatin1StringView("list")) {
        parser.addOption({QStringLiteral("json"), tr("Print JSON.")});
        if (!parse(parser, QStringLiteral("wharf-cli sites list"), arguments.mid(1)))
            return CliContext::UsageError;
        AccountStore *store = context.accounts(&error);
        if (!store)
            return CliContext::report(error);
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonArray array;
            for (const Site &site : store->sites())
                array.append(QJsonObject {{QStringLiteral("id"), site.id},
                    {QStringLiteral("name"), site.name}, {QStringLiteral("url"), site.url()},
                    {QStringLiteral("ftpTls"), site.ftpTls},
                    {QStringLiteral("ftpActive"), site.ftpActiveMode},
                    {QStringLiteral("identityFile"), site.identityFile}});
            printJson(array);
        } else {
            for (const Site &site : store->sites())
                std::printf("%-20s %s\n", qPrintable(site.name), qPrintable(site.url()));
        }
        return CliContext::Success;
    }
    if (action == QLatin1StringView("remove")) {
        parser.addPositionalArgument(QStringLiteral("NAME"), tr("The site to forget."));
        if (!parse(parser, QStringLiteral("wharf-cli sites remove"), arguments.mid(1))
            || parser.positionalArguments().size() != 1)
            return CliContext::UsageError;
        AccountStore *store = context.accounts(&error);
        if (!store)
            return CliContext::report(error);
        const std::optional<Site> site = store->siteByName(parser.positionalArguments().at(0));
        if (!site)
            return CliContext::report(Error(Error::Kind::NotFound,
                tr("There is no saved site named \"%1\".")
                    .arg(parser.positionalArguments().at(0))));
        return CliContext::report(
            context.waitFor([&](const std::function<void(const Error &)> &done) {
                store->removeSite(site->id, done);
            }));
    }
    if (action == QLatin1StringView("export"))
        return exportSites(arguments.mid(1));
    if (action == QLatin1StringView("import"))
        return importSites(arguments.mid(1));
    if (action == QLatin1StringView("import-filezilla"))
        return importFileZilla(arguments.mid(1));
    CliContext::printUsageError(
        tr("Use: wharf-cli sites add|list|remove|export|import|import-filezilla"));
    return CliContext::UsageError;
}

int AccountCommands::exportSites(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("FILE"), tr("The JSON file to write (no passwords go in it)."));
    if (!parse(parser, QStringLiteral("wharf-cli sites export"), arguments))
        return CliContext::UsageError;
    if (parser.positionalArguments().size() != 1) {
        CliContext::printUsageError(tr("sites export takes a file name."));
        return CliContext::UsageError;
    }
    CliContext context;
    Error error;
    AccountStore *store = context.accounts(&error);
    if (!store)
        return CliContext::report(error);
    error = SiteTransfer::exportToFile(store->sites(), parser.positionalArguments().at(0));
    if (error.isError())
        return CliContext::report(error);
    std::fprintf(stderr, "wharf-cli: %lld site(s) exported to %s, without passwords\n",
        static_cast<long long>(store->sites().size()),
        qPrintable(parser.positionalArguments().at(0)));
    return CliContext::Success;
}

int AccountCommands::importSites(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("FILE"), tr("A file written by 'wharf-cli sites export'."));
    if (!parse(parser, QStringLiteral("wharf-cli sites import"), arguments))
        return CliContext::UsageError;
    if (parser.positionalArguments().size() != 1) {
        CliContext::printUsageError(tr("sites import takes a file name."));
        return CliContext::UsageError;
    }
    Error error;
    QList<Site> sites = SiteTransfer::importFromFile(parser.positionalArguments().at(0), &error);
    if (error.isError())
        return CliContext::report(error);
    CliContext context;
    AccountStore *store = context.accounts(&error);
    if (!store)
        return CliContext::report(error);
    QStringList renamed;
    error = store->addSites(sites, &renamed);
    if (error.isError())
        return CliContext::report(error);
    printNotes(renamed);
    std::fprintf(
        stderr, "wharf-cli: %lld site(s) imported\n", static_cast<long long>(sites.size()));
    return CliContext::Success;
}

int AccountCommands::importFileZilla(const QStringList &arguments)
{
    const QString withPasswords = QStringLiteral("with-passwords");
    QCommandLineParser parser;
    parser.addOption({withPasswords,
        tr("Also read the passwords FileZilla keeps (base64, not encrypted) and save them in "
           "the keychain.")});
    parser.addPositionalArgument(
        QStringLiteral("FILE"), tr("FileZilla's sitemanager.xml (it is only read)."));
    if (!parse(parser, QStringLiteral("wharf-cli sites import-filezilla"), arguments))
        return CliContext::UsageError;
    if (parser.positionalArguments().size() != 1) {
        CliContext::printUsageError(tr("sites import-filezilla takes a file name."));
        return CliContext::UsageError;
    }
    Error error;
    const FileZillaImport::Result result = FileZillaImport::readFile(
        parser.positionalArguments().at(0), parser.isSet(withPasswords), &error);
    if (error.isError())
        return CliContext::report(error);
    printNotes(result.skipped);
    CliContext context;
    AccountStore *store = context.accounts(&error);
    if (!store)
        return CliContext::report(error);
    QList<Site> sites;
    for (const FileZillaImport::Entry &entry : result.entries)
        sites.append(entry.site);
    QStringList renamed;
    error = store->addSites(sites, &renamed);
    if (error.isError())
        return CliContext::report(error);
    printNotes(renamed);
    std::fprintf(
        stderr, "wharf-cli: %lld site(s) imported\n", static_cast<long long>(sites.size()));

    // The sites are saved; now their passwords, one keychain entry each.
    int saved = 0;
    for (qsizetype i = 0; i < sites.size(); ++i) {
        const QString &password = result.entries.at(i).password;
        if (password.isEmpty())
            continue;
        error = context.waitFor([&](const std::function<void(const Error &)> &done) {
            context.credentials().write(CredentialStore::Kind::Site, sites.at(i).id,
                QStringLiteral("password"), password, done);
        });
        if (error.isError()) {
            std::fprintf(stderr, "wharf-cli: the sites were saved, but not their passwords: %s\n",
                qPrintable(error.message()));
            return CliContext::Failure;
        }
        ++saved;
    }
    if (parser.isSet(withPasswords))
        std::fprintf(stderr, "wharf-cli: %d password(s) saved in the keychain\n", saved);
    return result.skipped.isEmpty() ? CliContext::Success : CliContext::PartialFailure;
}

int AccountCommands::runMailAccounts(const QStringList &arguments)
{
    const QString action = arguments.value(0);
    QCommandLineParser parser;
    CliContext context;
    Error error;
    if (action == QLatin1StringView("add")) {
        parser.addOptions({{passwordStdin, tr("Save a password read from standard input.")},
            {QStringLiteral("imap"), tr("Read mail over IMAP: imaps://user@host."), tr("url")},
            {QStringLiteral("pop3"), tr("Read mail over POP3: pop3s://user@host."), tr("url")},
            {QStringLiteral("smtp"), tr("Send over SMTP: smtps://user@host."), tr("url")},
            {QStringLiteral("address"), tr("The address mail is sent from."), tr("email")},
            {QStringLiteral("display-name"), tr("The name shown to recipients."), tr("name")}});
        parser.addPositionalArgument(QStringLiteral("NAME"), tr("The account's name."));
        if (!parse(parser, QStringLiteral("wharf-cli mail accounts add"), arguments.mid(1)))
            return CliContext::UsageError;
        const bool imap = parser.isSet(QStringLiteral("imap"));
        if (parser.positionalArguments().size() != 1 || imap == parser.isSet(QStringLiteral("pop3"))
            || !parser.isSet(QStringLiteral("smtp"))) {
            CliContext::printUsageError(
                tr("mail accounts add takes a name, --imap or --pop3, and --smtp."));
            return CliContext::UsageError;
        }
        MailAccount account;
        account.name = parser.positionalArguments().at(0);
        account.incomingUrl = parser.value(imap ? QStringLiteral("imap") : QStringLiteral("pop3"));
        account.smtpUrl = parser.value(QStringLiteral("smtp"));
        account.emailAddress = parser.value(QStringLiteral("address"));
        account.displayName = parser.value(QStringLiteral("display-name"));
        AccountStore *store = context.accounts(&error);
        if (!store)
            return CliContext::report(error);
        error = store->addMailAccount(account);
        if (error.isError())
            return CliContext::report(error);
        if (parser.isSet(passwordStdin))
            return storeSecret(context, false, account.id, QStringLiteral("password"));
        return CliContext::Success;
    }
    if (action == QLatin1StringView("list")) {
        parser.addOption({QStringLiteral("json"), tr("Print JSON.")});
        if (!parse(parser, QStringLiteral("wharf-cli mail accounts list"), arguments.mid(1)))
            return CliContext::UsageError;
        AccountStore *store = context.accounts(&error);
        if (!store)
            return CliContext::report(error);
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonArray array;
            for (const MailAccount &account : store->mailAccounts())
                array.append(QJsonObject {{QStringLiteral("id"), account.id},
                    {QStringLiteral("name"), account.name},
                    {QStringLiteral("address"), account.emailAddress},
                    {QStringLiteral("incoming"), account.incomingUrl},
                    {QStringLiteral("smtp"), account.smtpUrl}});
            printJson(array);
        } else {
            for (const MailAccount &account : store->mailAccounts())
                std::printf("%-20s %s  %s\n", qPrintable(account.name),
                    qPrintable(account.incomingUrl), qPrintable(account.smtpUrl));
        }
        return CliContext::Success;
    }
    if (action == QLatin1StringView("remove")) {
        parser.addPositionalArgument(QStringLiteral("NAME"), tr("The account to forget."));
        if (!parse(parser, QStringLiteral("wharf-cli mail accounts remove"), arguments.mid(1))
            || parser.positionalArguments().size() != 1)
            return CliContext::UsageError;
        AccountStore *store = context.accounts(&error);
        if (!store)
            return CliContext::report(error);
        const std::optional<MailAccount> account
            = store->mailAccountByName(parser.positionalArguments().at(0));
        if (!account)
            return CliContext::report(Error(Error::Kind::NotFound,
                tr("There is no mail account named \"%1\".")
                    .arg(parser.positionalArguments().at(0))));
        return CliContext::report(
            context.waitFor([&](const std::function<void(const Error &)> &done) {
                store->removeMailAccount(account->id, done);
            }));
    }
    CliContext::printUsageError(tr("Use: wharf-cli mail accounts add|list|remove"));
    return CliContext::UsageError;
}
