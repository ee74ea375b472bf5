#include "clicontext.h"

#include "files/ftp/ftpfs.h"
#include "files/sftp/sftpfs.h"
#include "files/transferqueue.h"
#include "net/job.h"

#include <QElapsedTimer>
#include <QEventLoop>

#include <cstdio>
#include <iostream>
#include <string>

namespace {
const QString passwordStdinOption = QStringLiteral("password-stdin");
const QString caFileOption = QStringLiteral("ca-file");
const QString logOption = QStringLiteral("log");
const QString tlsOption = QStringLiteral("tls");
const QString activeOption = QStringLiteral("active");
const QString identityOption = QStringLiteral("identity");
const QString knownHostsOption = QStringLiteral("known-hosts");
const QString acceptNewHostKeyOption = QStringLiteral("accept-new-hostkey");
} // namespace

CliContext::CliContext()
    : m_certificates(CertificateStore::defaultSettingsFile())
{ }

CliContext::~CliContext() = default;

void CliContext::addConnectionOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {passwordStdinOption, tr("Read the password from the first line of standard input.")},
        {caFileOption, tr("Also trust the certificate authorities in this PEM file."), tr("file")},
        {logOption, tr("Print the protocol conversation to standard error (secrets masked).")},
        {activeOption, tr("FTP: active mode (the server connects back) instead of passive.")},
        {tlsOption, tr("FTP: auto (TLS when offered), require, or none."), tr("mode"),
            QStringLiteral("auto")},
        {identityOption, tr("SFTP: log in with this private key file first."), tr("file")},
        {knownHostsOption, tr("SFTP: the known_hosts file (default ~/.ssh/known_hosts)."),
            tr("file")},
        {acceptNewHostKeyOption,
            tr("SFTP: accept and remember the key of a host not yet known (never a changed "
               "one).")},
    });
}

std::optional<int> CliContext::parseCommandLine(
    QCommandLineParser &parser, const QString &program, const QStringList &arguments)
{
    if (!parser.parse(QStringList {program} + arguments)) {
        printUsageError(parser.errorText());
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return Success;
    }
    if (!applyConnectionOptions(parser))
        return UsageError;
    return std::nullopt;
}

bool CliContext::applyConnectionOptions(const QCommandLineParser &parser)
{
    m_passwordFromStdin = parser.isSet(passwordStdinOption);
    m_activeMode = parser.isSet(activeOption);
    m_identityFile = parser.value(identityOption);
    m_knownHostsFile = parser.value(knownHostsOption);
    m_acceptNewHostKey = parser.isSet(acceptNewHostKeyOption);
    if (parser.isSet(caFileOption) && !m_certificates.addCaFile(parser.value(caFileOption))) {
        printUsageError(tr("No certificates found in %1.").arg(parser.value(caFileOption)));
        return false;
    }
    m_tls = parser.value(tlsOption).toLower();
    if (m_tls != QLatin1StringView("auto") && m_tls != QLatin1StringView("require")
        && m_tls != QLatin1StringView("none")) {
        printUsageError(tr("--tls takes auto, require or none."));
        return false;
    }
    if (parser.isSet(logOption)) {
        QObject::connect(&m_log, &ProtocolLog::entryAdded, [](const ProtocolLog::Entry &entry) {
            std::fprintf(stderr, "%s\n", qPrintable(ProtocolLog::format(entry)));
        });
    }
    return true;
}

RemoteUrl CliContext::parseUrl(const QString &text, Error *error)
{
    if (!text.startsWith(QLatin1StringView("site:")))
        return RemoteUrl::parse(text, error);
    const QString rest = text.mid(5);
    AccountStore *store = accounts(error);
    if (!store)
        return {};
    // Site names may hold "/" (FileZilla folders: "Work/Build server"): the longest saved
    // name that the text starts with wins; the rest is the path.
    qsizetype nameLength = -1;
    for (const Site &site : store->sites()) {
        const qsizetype length = site.name.size();
        const bool matches = rest.startsWith(site.name, Qt::CaseInsensitive)
            && (rest.size() == length || rest.at(length) == QLatin1Char('/'));
        if (matches && length > nameLength) {
            nameLength = length;
            m_site = site;
        }
    }
    if (nameLength < 0) {
        const QString name = rest.section(QLatin1Char('/'), 0, 0);
        *error = Error(Error::Kind::NotFound,
            tr("There is no saved site named \"%1\" (see 'wharf-cli sites list').").arg(name));
        return {};
    }
    return m_site->remoteUrl(rest.mid(nameLength + 1), error);
}

AccountStore *CliContext::accounts(Error *error)
{
    if (m_accounts)
        return m_accounts.get();
    auto store = std::make_unique<AccountStore>(AccountStore::defaultFileName(), &m_credentials);
    Error loaded = store->load();
    if (!loaded.isError() && store->isMigrating()) {
        loaded = waitFor([&store](const std::function<void(const Error &)> &done) {
            QObject::connect(store.get(), &AccountStore::migrationFinished, done);
        });
    }
    for (const QString &note : store->migrationNotes())
        std::fprintf(stderr, "wharf-cli: %s\n", qPrintable(note));
    if (loaded.isError()) {
        *error = loaded;
        return nullptr;
    }
    m_accounts = std::move(store);
    return m_accounts.get();
}

Error CliContext::waitFor(const std::function<void(std::function<void(const Error &)>)> &start)
{
    QEventLoop loop;
    std::optional<Error> result;
    start([&loop, &result](const Error &error) {
        result = error;
        loop.quit();
    });
    if (!result)
        loop.exec();
    return result.value_or(Error());
}

std::optional<QString> CliContext::savedSecret(const QString &field)
{
    std::optional<QString> saved;
    const Error error
        = waitFor([this, &saved, &field](const std::function<void(const Error &)> &done) {
              m_credentials.read(CredentialStore::Kind::Site, m_site->id, field,
                  [&saved, done](const std::optional<QString> &secret, const Error &readError) {
                      saved = secret;
                      done(readError);
                  });
          });
    if (error.isError())
        std::fprintf(stderr, "wharf-cli: %s\n", qPrintable(error.message()));
    return saved;
}

std::optional<QString> CliContext::savedMailSecret(
    const QString &accountId, const QStringList &fields)
{
    for (const QString &field : fields) {
        std::optional<QString> secret;
        const Error error = waitFor([&](const std::function<void(const Error &)> &done) {
            m_credentials.read(CredentialStore::Kind::MailAccount, accountId, field,
                [&secret, done](const std::optional<QString> &value, const Error &readError) {
                    secret = value;
                    done(readError);
                });
        });
        if (error.isError())
            std::fprintf(stderr, "wharf-cli: %s\n", qPrintable(error.message()));
        if (secret)
            return secret;
    }
    return std::nullopt;
}

std::optional<QString> CliContext::password(const RemoteUrl &url)
{
    if (m_password)
        return m_password;
    if (m_site && !m_passwordFromStdin) {
        if (std::optional<QString> saved = savedSecret(QStringLiteral("password"))) {
            m_password = saved;
            return m_password;
        }
    }
    m_password = askPassword(url.user(), url.host());
    return m_password;
}

std::optional<QString> CliContext::askPassword(const QString &user, const QString &host) const
{
    if (m_passwordFromStdin) {
        std::string line;
        if (!std::getline(std::cin, line))
            return std::nullopt;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        return QString::fromStdString(line);
    }
    if (user.isEmpty() || user == QLatin1StringView("anonymous")
        || !TerminalPrompter::isInteractive())
        return QString();
    return TerminalPrompter::readSecret(tr("Password for %1@%2: ").arg(user, host));
}

std::unique_ptr<RemoteFs> CliContext::openRemote(const RemoteUrl &url, Error *error)
{
    if (url.scheme() == RemoteUrl::Scheme::Sftp) {
        SftpSession::Settings settings;
        settings.host = url.host();
        settings.port = url.port();
        settings.user = url.user();
        // Keys usually log in without one; otherwise the connection asks through the prompter.
        if (m_passwordFromStdin || m_site) {
            const std::optional<QString> secret = password(url);
            if (!secret) {
                *error = Error(Error::Kind::Authentication, tr("No password was given."));
                return {};
            }
            settings.password = *secret;
        }
        settings.identityFile = m_identityFile;
        if (m_site) {
            if (settings.identityFile.isEmpty())
                settings.identityFile = m_site->identityFile;
            settings.keyPassphrase = savedSecret(QStringLiteral("passphrase")).value_or(QString());
        }
        settings.knownHostsFile = m_knownHostsFile;
        settings.acceptNewHostKey = m_acceptNewHostKey;
        return std::make_unique<SftpFs>(settings, &m_prompter, &m_log);
    }
    const std::optional<QString> secret = password(url);
    if (!secret) {
        *error = Error(Error::Kind::Authentication, tr("No password was given."));
        return {};
    }
    switch (url.scheme()) {
    case RemoteUrl::Scheme::Ftp:
    case RemoteUrl::Scheme::Ftps: {
        FtpSession::Settings settings;
        settings.host = url.host();
        settings.port = url.port();
        settings.user = url.user();
        settings.password = *secret;
        if (m_site) {
            // The site's own choices, unless a flag on this command line says otherwise.
            if (m_tls == QLatin1StringView("auto"))
                m_tls = m_site->ftpTls;
            m_activeMode = m_activeMode || m_site->ftpActiveMode;
        }
        settings.activeMode = m_activeMode;
        if (url.scheme() == RemoteUrl::Scheme::Ftps)
            settings.tls = FtpSession::TlsMode::Implicit;
        else if (m_tls == QLatin1StringView("require"))
            settings.tls = FtpSession::TlsMode::Require;
        else if (m_tls == QLatin1StringView("none"))
            settings.tls = FtpSession::TlsMode::None;
        return std::make_unique<FtpFs>(settings, &m_certificates, &m_prompter, &m_log);
    }
    case RemoteUrl::Scheme::Sftp: break; // above
    }
    return {};
}

Error CliContext::run(Job *job)
{
    QEventLoop loop;
    QObject::connect(job, &Job::finished, &loop, &QEventLoop::quit);
    job->start();
    if (!job->isFinished())
        loop.exec();
    return job->error();
}

std::unique_ptr<TransferQueue> CliContext::makeQueue(const RemoteUrl &url, int connections)
{
    auto queue = std::make_unique<TransferQueue>([this, url] {
        Error ignored; // the first connection was opened already, so this one can't fail
        return openRemote(url, &ignored);
    });
    queue->setMaxConnections(connections);
    return queue;
}

int CliContext::run(TransferQueue &queue)
{
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QObject::connect(&queue, &TransferQueue::idle, &loop, &QEventLoop::quit);
    if (!queue.isIdle())
        loop.exec();
    int worst = Success;
    for (const Error &problem : queue.problems()) {
        std::fprintf(stderr, "wharf-cli: %s\n", qPrintable(problem.message()));
        worst = queue.items().isEmpty() ? exitCodeFor(problem) : PartialFailure;
    }
    int done = 0;
    for (const TransferItem &item : queue.items()) {
        if (item.state == TransferItem::State::Done) {
            ++done;
            continue;
        }
        std::fprintf(stderr, "wharf-cli: %s: %s\n", qPrintable(item.remotePath),
            qPrintable(item.error.message()));
        worst = PartialFailure;
    }
    const double seconds = qMax<qint64>(clock.elapsed(), 1) / 1000.0;
    std::fprintf(stderr, "%d of %lld files, %lld bytes in %.2f s (%.1f MB/s)\n", done,
        static_cast<long long>(queue.items().size()), static_cast<long long>(queue.bytesDone()),
        seconds, double(queue.bytesDone()) / 1e6 / seconds);
    return worst;
}

int CliContext::exitCodeFor(const Error &error)
{
    switch (error.kind()) {
    case Error::Kind::None: return Success;
    case Error::Kind::HostNotFound:
    case Error::Kind::ConnectionRefused:
    case Error::Kind::ConnectionLost:
    case Error::Kind::Timeout: return ConnectionFailed;
    case Error::Kind::Authentication: return AuthenticationFailed;
    case Error::Kind::Tls:
    case Error::Kind::HostKey: return TrustRefused;
    case Error::Kind::NotFound: return NotFound;
    case Error::Kind::PermissionDenied: return PermissionDenied;
    case Error::Kind::DiskFull:
    case Error::Kind::LocalIo: return LocalError;
    default: return Failure;
    }
}

int CliContext::report(const Error &error)
{
    if (!error.isError())
        return Success;
    std::fprintf(stderr, "wharf-cli: %s\n", qPrintable(error.message()));
    if (!error.serverReply().isEmpty())
        std::fprintf(stderr, "  server said: %s\n",
            qPrintable(
                QString(error.serverReply()).replace(QLatin1Char('\n'), QStringLiteral("\n  "))));
    return exitCodeFor(error);
}

void CliContext::printUsageError(const QString &message)
{
    std::fprintf(stderr, "wharf-cli: %s\n", qPrintable(message));
}
