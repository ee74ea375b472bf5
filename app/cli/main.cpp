// wharf-cli: Wharf's core without a window, for scripts, benchmarks and tests.
#include "accountcommands.h"
#include "appidentity.h"
#include "clicontext.h"
#include "filecommands.h"
#include "mailcommands.h"
#include "mailreadcommands.h"

#include <QCoreApplication>

#include <cstdio>

namespace {

void printUsage(FILE *out)
{
    std::fputs("Usage: wharf-cli COMMAND [OPTIONS] ARGUMENTS\n"
               "\n"
               "Files (ftp://, ftps://, sftp://):\n"
               "  ls [--json] URL                 list a folder\n"
               "  get [-r] [--resume] URL [LOCAL] download a file (-r: a folder)\n"
               "  put [-r] [--resume] LOCAL URL   upload a file (-r: a folder)\n"
               "  mkdir URL                       create a folder\n"
               "  rm [-r] URL                     delete a file (-r: a folder and all in it)\n"
               "  mv URL NEWPATH                  rename or move\n"
               "\n"
               "Saved sites and accounts (passwords in the system keychain):\n"
               "  sites add [--password-stdin] NAME URL   save a site; use it as site:NAME/path\n"
               "  sites list [--json] | sites remove NAME\n"
               "  sites export FILE | sites import FILE   sites as JSON, without passwords\n"
               "  sites import-filezilla [--with-passwords] FILE   FileZilla's sites\n"
               "  mail accounts add NAME --imap URL|--pop3 URL --smtp URL [--password-stdin]\n"
               "  mail accounts list [--json] | mail accounts remove NAME\n"
               "\n"
               "Mail:\n"
               "  mail send --account NAME|--smtp URL --from ADDR --to ADDRS [--cc ..] [--bcc ..]\n"
               "            --subject TEXT"
               " [--attach FILE].. [--body FILE]   send (text from stdin)\n"
               "  mail outbox --account NAME [--send [--all]] [--remove ID]   what waits to go\n"
               "  mail folders [--json] URL|--account NAME      IMAP folders with counts\n"
               "  mail list [--json] URL|--account NAME [--folder F]   messages (id = UID)\n"
               "  mail show [--raw] URL|--account NAME ID      one message, decoded or exact\n"
               "  mail fetch --account NAME | pop3[s]://.. --maildir DIR   new mail, locally\n"
               "URLs: imaps:// and pop3s:// are implicit TLS; imap:// and pop3:// require\n"
               "      STARTTLS unless --tls=none.\n"
               "\n"
               "Connection options: --password-stdin, --ca-file FILE, --tls=auto|require|none,\n"
               "--log. SFTP: --identity FILE, --known-hosts FILE, --accept-new-hostkey.\n"
               "'wharf-cli COMMAND --help' shows a command's options.\n"
               "URLs: ftp://user@host:port/path (a path of \"~/x\" is inside the home folder).\n"
               "      ftps:// is implicit TLS; ftp:// upgrades with AUTH TLS when offered.\n"
               "      sftp://user@host:port/path checks ~/.ssh/known_hosts and logs in with\n"
               "      ssh-agent, keys, then a password.\n"
               "Passwords never go on the command line: use --password-stdin or the prompt.\n",
        out);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    AppIdentity::applyToApplication();

    QStringList arguments = QCoreApplication::arguments().mid(1);
    if (arguments.isEmpty()) {
        printUsage(stderr);
        return CliContext::UsageError;
    }
    const QString command = arguments.takeFirst();
    if (command == QLatin1StringView("--version") || command == QLatin1StringView("-V")) {
        std::printf("wharf-cli %s\n", qPrintable(AppIdentity::version()));
        return CliContext::Success;
    }
    if (command == QLatin1StringView("--help") || command == QLatin1StringView("-h")
        || command == QLatin1StringView("help")) {
        printUsage(stdout);
        return CliContext::Success;
    }
    if (FileCommands::names().contains(command))
        return FileCommands::run(command, arguments);
    if (command == QLatin1StringView("sites"))
        return AccountCommands::runSites(arguments);
    if (command == QLatin1StringView("mail") && arguments.value(0) == QLatin1StringView("send"))
        return MailCommands::send(arguments.mid(1));
    if (command == QLatin1StringView("mail") && arguments.value(0) == QLatin1StringView("outbox"))
        return MailCommands::outbox(arguments.mid(1));
    if (command == QLatin1StringView("mail")
        && MailReadCommands::names().contains(arguments.value(0)))
        return MailReadCommands::run(arguments.value(0), arguments.mid(1));
    if (command == QLatin1StringView("mail") && arguments.value(0) == QLatin1StringView("accounts"))
        return AccountCommands::runMailAccounts(arguments.mid(1));
    std::fprintf(stderr, "wharf-cli: unknown command '%s'\n\n", qPrintable(command));
    printUsage(stderr);
    return CliContext::UsageError;
}
