#include "sftpconnection.h"

#include "files/sftp/sftplogin.h"
#include "files/sftp/sftpsshconfig.h"
#include "net/logcategories.h"
#include "security/knownhostsfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <libssh/libssh.h>
#include <libssh/sftp.h>
#include <sys/socket.h>
#include <utility>

namespace {

// chacha20-poly1305 first: libssh's AES-GCM is about three times slower here.
constexpr const char *preferredCiphers = "chacha20-poly1305@openssh.com,aes128-gcm@openssh.com,"
                                         "aes256-gcm@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr";

} // namespace

QString SftpConnection::fromLibssh(const char *text)
{
    return text ? QString::fromUtf8(text) : QString();
}

SftpConnection::SftpConnection(SftpSettings settings, Questions questions)
    : m_settings(std::move(settings))
    , m_questions(std::move(questions))
{ }

SftpConnection::~SftpConnection()
{
    close();
}

void SftpConnection::log(ProtocolLog::Direction direction, const QString &text) const
{
    qCDebug(lcSftp) << text;
    if (m_questions.log)
        m_questions.log(direction, text);
}

QString SftpConnection::knownHostsFile() const
{
    if (!m_settings.knownHostsFile.isEmpty())
        return m_settings.knownHostsFile;
    return QDir::homePath() + QStringLiteral("/.ssh/known_hosts");
}

QString SftpConnection::sshError() const
{
    return m_ssh ? fromLibssh(ssh_get_error(m_ssh)) : QString();
}

Error SftpConnection::open(bool askNothing)
{
    if (isOpen())
        return {};
    close();
    m_askNothing = askNothing;
    Error error = connectSocket();
    if (!error.isError())
        error = checkHostKey();
    if (!error.isError())
        error = authenticate();
    if (!error.isError())
        error = openSftp();
    if (error.isError()) {
        log(ProtocolLog::Direction::Error, error.message());
        close();
    }
    return error;
}

void SftpConnection::interrupt()
{
    const QMutexLocker lock(&m_socketMutex);
    if (m_socket >= 0)
        ::shutdown(m_socket, SHUT_RDWR);
}

void SftpConnection::close()
{
    {
        const QMutexLocker lock(&m_socketMutex); // no interrupt() on a reused descriptor
        m_socket = -1;
    }
    if (m_sftp) {
        sftp_free(m_sftp);
        m_sftp = nullptr;
    }
    if (m_ssh) {
        if (ssh_is_connected(m_ssh))
            ssh_disconnect(m_ssh);
        ssh_free(m_ssh);
        m_ssh = nullptr;
        log(ProtocolLog::Direction::Info, tr("Connection closed"));
    }
}

Error SftpConnection::connectSocket()
{
    m_ssh = ssh_new();
    if (!m_ssh)
        return Error(Error::Kind::Internal, tr("Could not create an SSH session."));
    const QByteArray host = m_settings.host.toUtf8();
    const unsigned int port = m_settings.port;
    const long timeout = m_settings.connectTimeoutSeconds;
    const int noDelay = 1; // without it, 32 KiB writes crawl at ~1 MB/s
    const QByteArray knownHosts = QFile::encodeName(knownHostsFile());
    ssh_options_set(m_ssh, SSH_OPTIONS_HOST, host.constData());
    // The config first (it may turn an alias into HostName, Port, User), then what was given
    // explicitly, as OpenSSH's command line wins over its config. Port 22 counts as not given.
    if (Error error = applySshConfig(); error.isError())
        return error;
    if (port != 22)
        ssh_options_set(m_ssh, SSH_OPTIONS_PORT, &port);
    if (!m_settings.user.isEmpty())
        ssh_options_set(m_ssh, SSH_OPTIONS_USER, m_settings.user.toUtf8().constData());
    char *value = nullptr;
    if (ssh_options_get(m_ssh, SSH_OPTIONS_HOST, &value) == SSH_OK) {
        m_host = fromLibssh(value);
        ssh_string_free_char(value);
    }
    value = nullptr;
    if (ssh_options_get(m_ssh, SSH_OPTIONS_USER, &value) == SSH_OK) {
        m_user = fromLibssh(value);
        ssh_string_free_char(value);
    }
    if (ssh_options_get_port(m_ssh, &m_port) != SSH_OK)
        m_port = port;
    ssh_options_set(m_ssh, SSH_OPTIONS_TIMEOUT, &timeout);
    ssh_options_set(m_ssh, SSH_OPTIONS_NODELAY, &noDelay);
    ssh_options_set(m_ssh, SSH_OPTIONS_KNOWNHOSTS, knownHosts.constData());
    ssh_options_set(m_ssh, SSH_OPTIONS_CIPHERS_C_S, preferredCiphers);
    ssh_options_set(m_ssh, SSH_OPTIONS_CIPHERS_S_C, preferredCiphers);

    log(ProtocolLog::Direction::Info, tr("Connecting to %1 port %2").arg(m_host).arg(m_port));
    if (ssh_connect(m_ssh) == SSH_OK) {
        {
            const QMutexLocker lock(&m_socketMutex);
            m_socket = ssh_get_fd(m_ssh);
        }
        log(ProtocolLog::Direction::Info,
            tr("SSH connected: %1").arg(fromLibssh(ssh_get_serverbanner(m_ssh))));
        return {};
    }
    const QString reason = sshError();
    const QString where = tr("%1 port %2").arg(m_host).arg(m_port);
    if (reason.contains(QLatin1StringView("resolve"), Qt::CaseInsensitive))
        return Error(
            Error::Kind::HostNotFound, tr("Could not find the host %1.").arg(where), reason);
    if (reason.contains(QLatin1StringView("refused"), Qt::CaseInsensitive))
        return Error(Error::Kind::ConnectionRefused,
            tr("%1 refused the connection: is an SSH server running there?").arg(where), reason);
    if (reason.contains(QLatin1StringView("timeout"), Qt::CaseInsensitive)
        || reason.contains(QLatin1StringView("timed out"), Qt::CaseInsensitive))
        return Error(Error::Kind::Timeout, tr("%1 did not answer in time.").arg(where), reason);
    return Error(Error::Kind::ConnectionLost, tr("Could not connect to %1.").arg(where), reason);
}

Error SftpConnection::applySshConfig()
{
    m_configIdentities.clear();
    const QString &given = m_settings.sshConfigFile;
    const QString path
        = given.isEmpty() ? QDir::homePath() + QStringLiteral("/.ssh/config") : given;
    if (!given.isEmpty() && given != QLatin1StringView("none") && !QFileInfo::exists(path))
        return Error(Error::Kind::LocalIo, tr("The SSH config file %1 does not exist.").arg(path));
    if (given == QLatin1StringView("none") || !QFileInfo::exists(path)) {
        // Nothing to read: and libssh must not read a config of its own choosing in connect.
        const bool process = false;
        ssh_options_set(m_ssh, SSH_OPTIONS_PROCESS_CONFIG, &process);
        return {};
    }
    // Explicitly, and only this file: libssh would otherwise read the config of the passwd
    // entry's home (not $HOME) and /etc/ssh/ssh_config inside ssh_connect.
    if (ssh_options_parse_config(m_ssh, QFile::encodeName(path).constData()) != SSH_OK)
        return Error(Error::Kind::Protocol, tr("Could not read the SSH config file %1.").arg(path),
            sshError());
    log(ProtocolLog::Direction::Info, tr("Read the SSH config %1").arg(path));

    QFile config(path);
    QList<SftpSshConfig::Directive> directives;
    if (config.open(QIODevice::ReadOnly))
        directives = SftpSshConfig::applying(QString::fromUtf8(config.readAll()), m_settings.host);
    const QString home = QDir::homePath();
    QString hostName = m_settings.host;
    if (char *value = nullptr; ssh_options_get(m_ssh, SSH_OPTIONS_HOST, &value) == SSH_OK) {
        hostName = fromLibssh(value);
        ssh_string_free_char(value);
    }
    for (const SftpSshConfig::Directive &directive : std::as_const(directives)) {
        if (SftpSshConfig::needsProxy(directive.keyword)) {
            return Error(Error::Kind::Unsupported,
                tr("%1 line %2 says to reach %3 with %4 %5. Wharf does not support %4: it "
                   "connects to SSH servers directly. Connect to a host that can be reached "
                   "directly, or remove that line for this host.")
                    .arg(path)
                    .arg(directive.line)
                    .arg(m_settings.host, directive.keyword, directive.value));
        }
        if (SftpSshConfig::isIgnored(directive.keyword)) {
            log(ProtocolLog::Direction::Error,
                tr("%1 line %2: %3 is not supported by Wharf and is ignored")
                    .arg(path)
                    .arg(directive.line)
                    .arg(directive.keyword));
        } else if (directive.keyword.compare(QLatin1StringView("IdentityFile"), Qt::CaseInsensitive)
            == 0) {
            QString identity = directive.value;
            if (identity.startsWith(QLatin1StringView("~/")))
                identity = home + identity.mid(1);
            identity.replace(QLatin1StringView("%d"), home);
            identity.replace(QLatin1StringView("%h"), hostName);
            m_configIdentities << identity;
        }
    }
    // A proxy can also come from an Include: libssh knows it.
    char *proxy = nullptr;
    if (ssh_options_get(m_ssh, SSH_OPTIONS_PROXYCOMMAND, &proxy) == SSH_OK) {
        const QString command = fromLibssh(proxy);
        ssh_string_free_char(proxy);
        return Error(Error::Kind::Unsupported,
            tr("The SSH configuration says to reach %1 through a ProxyJump or ProxyCommand "
               "(%2). Wharf does not support them: it connects to SSH servers directly.")
                .arg(m_settings.host, command));
    }
    return {};
}

Error SftpConnection::checkHostKey()
{
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(m_ssh, &key) != SSH_OK)
        return Error(Error::Kind::Protocol, tr("The server sent no host key."), sshError());
    unsigned char *hash = nullptr;
    size_t hashLength = 0;
    HostKeyPrompt prompt;
    prompt.host = m_host;
    prompt.port = m_port;
    prompt.keyType = fromLibssh(ssh_key_type_to_char(ssh_key_type(key)));
    prompt.knownHostsFile = knownHostsFile();
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hashLength) == 0) {
        char *text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hashLength);
        prompt.sha256 = fromLibssh(text);
        ssh_string_free_char(text);
        ssh_clean_pubkey_hash(&hash);
    }
    ssh_key_free(key);

    const ssh_known_hosts_e state = ssh_session_is_known_server(m_ssh);
    switch (state) {
    case SSH_KNOWN_HOSTS_OK:
        log(ProtocolLog::Direction::Info,
            tr("Host key %1 %2 is known").arg(prompt.keyType, prompt.sha256));
        return {};
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER: {
        const QString entry = KnownHostsFile::entryName(m_host, m_port);
        QStringList lines;
        for (const int line : KnownHostsFile::linesFor(prompt.knownHostsFile, m_host, m_port))
            lines << QString::number(line);
        const QString where = lines.isEmpty()
            ? prompt.knownHostsFile
            : tr("%1, line %2").arg(prompt.knownHostsFile, lines.join(QStringLiteral(", ")));
        return Error(Error::Kind::HostKey,
            tr("The host key of %1 has changed: it is now %2 %3, which does not match the key "
               "for %4 in %5. Someone may be intercepting the connection, or the server was "
               "reinstalled. Check with its administrator, then remove the old entry (ssh-keygen "
               "-R '%4' -f %6). Not connecting.")
                .arg(m_host, prompt.keyType, prompt.sha256, entry, where, prompt.knownHostsFile));
    }
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND: break;
    case SSH_KNOWN_HOSTS_ERROR:
        return Error(Error::Kind::HostKey,
            tr("Could not check the host key against %1.").arg(prompt.knownHostsFile), sshError());
    }

    if (m_askNothing) {
        return Error(Error::Kind::HostKey,
            tr("The host key of %1 (%2 %3) is not known yet; the first transfer asks.")
                .arg(m_host, prompt.keyType, prompt.sha256));
    }
    Prompter::TrustDecision decision = Prompter::TrustDecision::AcceptAndRemember;
    if (!m_settings.acceptNewHostKey) {
        decision
            = m_questions.hostKey ? m_questions.hostKey(prompt) : Prompter::TrustDecision::Reject;
    }
    if (decision == Prompter::TrustDecision::Reject)
        return Error(Error::Kind::HostKey,
            tr("The host key of %1 (%2 %3) is not known, and it was not accepted.")
                .arg(m_host, prompt.keyType, prompt.sha256));
    if (decision == Prompter::TrustDecision::AcceptAndRemember) {
        QDir().mkpath(QFileInfo(prompt.knownHostsFile).absolutePath());
        if (ssh_session_update_known_hosts(m_ssh) != SSH_OK)
            return Error(Error::Kind::LocalIo,
                tr("Could not add the host key to %1.").arg(prompt.knownHostsFile), sshError());
        log(ProtocolLog::Direction::Info,
            tr("Host key %1 %2 added to %3")
                .arg(prompt.keyType, prompt.sha256, prompt.knownHostsFile));
    } else {
        log(ProtocolLog::Direction::Info,
            tr("Host key %1 %2 accepted once").arg(prompt.keyType, prompt.sha256));
    }
    return {};
}

Error SftpConnection::authenticate()
{
    SftpLogin login(m_ssh, *this, m_settings, m_askNothing ? nullptr : &m_questions);
    return login.run(m_host, m_user, m_configIdentities);
}

Error SftpConnection::openSftp()
{
    m_sftp = sftp_new(m_ssh);
    if (!m_sftp || sftp_init(m_sftp) != SSH_OK) {
        Error error(Error::Kind::Protocol,
            tr("The server did not start SFTP (is its sftp subsystem enabled?)."), sshError());
        if (m_sftp) {
            sftp_free(m_sftp);
            m_sftp = nullptr;
        }
        return error;
    }
    m_largeRequests
        = !m_basicRequestsOnly && sftp_extension_supported(m_sftp, "limits@openssh.com", "1") == 1;
    // From here on the session timeout bounds every request: a server that stops answering
    // ends the request (and the session) instead of blocking the worker forever.
    const long requestTimeout = m_settings.requestTimeoutSeconds;
    ssh_options_set(m_ssh, SSH_OPTIONS_TIMEOUT, &requestTimeout);
    char *home = sftp_canonicalize_path(m_sftp, ".");
    m_home = home ? QString::fromUtf8(home) : QStringLiteral("/");
    ssh_string_free_char(home);
    log(ProtocolLog::Direction::Info,
        tr("SFTP version %1 ready; home folder %2; %3 requests")
            .arg(sftp_server_version(m_sftp))
            .arg(m_home, m_largeRequests ? tr("large") : tr("32 KiB")));
    return {};
}

void SftpConnection::fallBackToBasicRequests()
{
    if (m_basicRequestsOnly)
        return;
    m_basicRequestsOnly = true;
    m_largeRequests = false;
    log(ProtocolLog::Direction::Info,
        tr("The session dropped during requests above 32 KiB: using 32 KiB requests on this "
           "connection from now on"));
}

QString SftpConnection::resolvePath(const QString &path) const
{
    if (path.isEmpty() || path == QLatin1StringView("~"))
        return m_home;
    if (path.startsWith(QLatin1StringView("~/")))
        return (m_home.endsWith(QLatin1Char('/')) ? m_home.chopped(1) : m_home) + path.mid(1);
    return path;
}

Error SftpConnection::failure(const QString &action)
{
    if (!m_ssh || !ssh_is_connected(m_ssh) || ssh_get_error_code(m_ssh) == SSH_FATAL) {
        const QString reason = sshError();
        close();
        return Error(Error::Kind::ConnectionLost,
            tr("Could not %1: the connection to %2 was lost.").arg(action, m_host), reason);
    }
    const int code = sftp_get_error(m_sftp);
    switch (code) {
    case SSH_FX_NO_SUCH_FILE:
    case SSH_FX_NO_SUCH_PATH:
        return Error(
            Error::Kind::NotFound, tr("Could not %1: no such file or folder.").arg(action));
    case SSH_FX_PERMISSION_DENIED:
    case SSH_FX_WRITE_PROTECT:
        return Error(Error::Kind::PermissionDenied,
            tr("Could not %1: the server denied permission.").arg(action));
    case SSH_FX_FILE_ALREADY_EXISTS:
        return Error(
            Error::Kind::AlreadyExists, tr("Could not %1: it exists already.").arg(action));
    case SSH_FX_OP_UNSUPPORTED:
        return Error(Error::Kind::Unsupported,
            tr("Could not %1: the server does not support it.").arg(action));
    case SSH_FX_NO_MEDIA:
        return Error(
            Error::Kind::DiskFull, tr("Could not %1: the server has no space.").arg(action));
    case SSH_FX_CONNECTION_LOST:
    case SSH_FX_NO_CONNECTION:
        close();
        return Error(
            Error::Kind::ConnectionLost, tr("Could not %1: the connection was lost.").arg(action));
    default:
        return Error(Error::Kind::Protocol,
            tr("Could not %1: the server reported a failure (SFTP status %2).")
                .arg(action)
                .arg(code),
            sshError());
    }
}
