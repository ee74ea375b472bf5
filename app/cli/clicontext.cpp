#include "clicontext.h"

#include "files/ftp/ftpfs.h"
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
    });
}

bool CliContext::applyConnectionOptions(const QCommandLineParser &parser)
{
    m_passwordFromStdin = parser.isSet(passwordStdinOption);
    m_activeMode = parser.isSet(activeOption);
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

RemoteUrl CliContext::parseUrl(const QString &text, Error *error) const
{
    return RemoteUrl::parse(text, error);
}

std::optional<QString> CliContext::password(const RemoteUrl &url)
{
    if (m_password)
        return m_password;
    if (m_passwordFromStdin) {
        std::string line;
        if (!std::getline(std::cin, line))
            return std::nullopt;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        m_password = QString::fromStdString(line);
    } else if (url.user().isEmpty() || url.user() == QLatin1StringView("anonymous")
        || !TerminalPrompter::isInteractive()) {
        m_password = QString();
    } else {
        m_password
            = TerminalPrompter::readSecret(tr("Password for %1@%2: ").arg(url.user(), url.host()));
    }
    return m_password;
}

std::unique_ptr<RemoteFs> CliContext::openRemote(const RemoteUrl &url, Error *error)
{
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
        settings.activeMode = m_activeMode;
        if (url.scheme() == RemoteUrl::Scheme::Ftps)
            settings.tls = FtpSession::TlsMode::Implicit;
        else if (m_tls == QLatin1StringView("require"))
            settings.tls = FtpSession::TlsMode::Require;
        else if (m_tls == QLatin1StringView("none"))
            settings.tls = FtpSession::TlsMode::None;
        return std::make_unique<FtpFs>(settings, &m_certificates, &m_prompter, &m_log);
    }
    case RemoteUrl::Scheme::Sftp:
        *error = Error(Error::Kind::Unsupported, tr("SFTP is not available in this build yet."));
        return {};
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
