// What every wharf-cli command shares: connection options, the password, trust, the protocol
// log, running a job to its end, and exit codes that scripts can rely on.
#pragma once

#include "accounts/accountstore.h"
#include "accounts/credentialstore.h"
#include "files/remoteurl.h"
#include "net/error.h"
#include "net/protocollog.h"
#include "security/certificatestore.h"
#include "terminalprompter.h"

#include <QCommandLineParser>

#include <functional>
#include <memory>

class Job;
class RemoteFs;
class TransferQueue;

class CliContext
{
    Q_DECLARE_TR_FUNCTIONS(CliContext)

public:
    // Exit codes (docs/cli.md).
    enum ExitCode {
        Success = 0,
        Failure = 1,
        UsageError = 2,
        ConnectionFailed = 3,
        AuthenticationFailed = 4,
        TrustRefused = 5,
        NotFound = 6,
        PermissionDenied = 7,
        LocalError = 8,
        PartialFailure = 9,
        Deferred = 10, // mail: the server asked to try later; the message waits in the Outbox
    };

    CliContext();
    ~CliContext();

    void addConnectionOptions(QCommandLineParser &parser);
    // Parses the command line of program ("wharf-cli mail send") and applies the connection
    // options. nullopt: go on; a number: the exit code to return now (a usage error was
    // printed, or the help shown).
    [[nodiscard]] std::optional<int> parseCommandLine(
        QCommandLineParser &parser, const QString &program, const QStringList &arguments);
    // Reads the connection options; false (after printing why) when they are unusable.
    bool applyConnectionOptions(const QCommandLineParser &parser);

    // A URL, or site:NAME/path for a saved site (whose password then comes from the keychain).
    [[nodiscard]] RemoteUrl parseUrl(const QString &text, Error *error);
    // The saved sites and accounts, loaded on first use.
    [[nodiscard]] AccountStore *accounts(Error *error);
    [[nodiscard]] CredentialStore &credentials() { return m_credentials; }
    // Starts an asynchronous operation and runs the event loop until it calls back.
    Error waitFor(const std::function<void(std::function<void(const Error &)>)> &start);
    // A file system for the URL's site, logged in on its first job.
    [[nodiscard]] std::unique_ptr<RemoteFs> openRemote(const RemoteUrl &url, Error *error);
    // Runs the job until it finishes; returns its error.
    Error run(Job *job);
    // Runs the queue until it is idle, printing each failure; returns the exit code.
    int run(TransferQueue &queue);
    // A queue whose connections all log in to the URL's site.
    [[nodiscard]] std::unique_ptr<TransferQueue> makeQueue(const RemoteUrl &url, int connections);

    // For protocols outside RemoteFs (mail): trust, prompts, the log and the --tls choice.
    [[nodiscard]] CertificateStore &certificates() { return m_certificates; }
    [[nodiscard]] Prompter *prompter() { return &m_prompter; }
    [[nodiscard]] ProtocolLog *log() { return &m_log; }
    [[nodiscard]] const QString &tlsMode() const { return m_tls; }
    [[nodiscard]] bool passwordFromStdin() const { return m_passwordFromStdin; }
    // The first of these keychain fields saved for a mail account ("smtp-password",
    // "password"); nullopt when none is (read errors are printed).
    [[nodiscard]] std::optional<QString> savedMailSecret(
        const QString &accountId, const QStringList &fields);
    // --password-stdin, else a terminal prompt; empty when neither can answer.
    [[nodiscard]] std::optional<QString> askPassword(
        const QString &user, const QString &host) const;

    [[nodiscard]] static int exitCodeFor(const Error &error);
    // Prints the error for a person (and the server's words) on stderr; returns its exit code.
    static int report(const Error &error);
    static void printUsageError(const QString &message);

private:
    [[nodiscard]] std::optional<QString> password(const RemoteUrl &url);
    // A secret saved in the keychain for the URL's site ("password", "passphrase").
    [[nodiscard]] std::optional<QString> savedSecret(const QString &field);

    CertificateStore m_certificates;
    TerminalPrompter m_prompter;
    ProtocolLog m_log;
    QString m_tls = QStringLiteral("auto");
    bool m_passwordFromStdin = false;
    bool m_activeMode = false;
    QString m_identityFile; // SFTP
    QString m_knownHostsFile; // SFTP; empty: ~/.ssh/known_hosts
    bool m_acceptNewHostKey = false; // SFTP
    std::optional<QString> m_password; // asked once, used by every connection
    CredentialStore m_credentials;
    std::unique_ptr<AccountStore> m_accounts;
    std::optional<Site> m_site; // when the URL named a saved site
};
