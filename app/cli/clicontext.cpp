#include "clicontext.h"

#include "files/ftp/ftpfs.h"
#include "net/job.h"

#include <QEventLoop>

#include <cstdio>
#include <iostream>
#include <string>

namespace {
const QString passwordStdinOption = QStringLiteral("password-stdin");
const QString caFileOption = QStringLiteral("ca-file");
const QString logOption = QStringLiteral("log");
const QString tlsOption = QStringLiteral("tls");
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
        {tlsOption, tr("FTP: auto (TLS when offered), require, or none."), tr("mode"),
            QStringLiteral("auto")},
    });
}

bool CliContext::applyConnectionOptions(const QCommandLineParser &parser)
{
    m_passwordFromStdin = parser.isSet(passwordStdinOption);
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
    if (m_passwordFromStdin) {
        if (!m_stdinPassword) {
            std::string line;
            if (!std::getline(std::cin, line))
                return std::nullopt;
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            m_stdinPassword = QString::fromStdString(line);
        }
        return m_stdinPassword;
    }
    if (url.user().isEmpty() || url.user() == QLatin1StringView("anonymous")
        || !TerminalPrompter::isInteractive())
        return QString();
    return TerminalPrompter::readSecret(tr("Password for %1@%2: ").arg(url.user(), url.host()));
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
