#include "ftpsession.h"

#include "files/ftp/ftpdataconnection.h"
#include "files/ftp/ftpoperation.h"
#include "files/ftp/ftpreplies.h"
#include "net/certificatequestion.h"
#include "net/job.h"
#include "net/prompter.h"
#include "security/certificatestore.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QTimer>

#include <utility>

namespace {
constexpr int abortGraceMs = 5000;
} // namespace

FtpSession::FtpSession(Settings settings, CertificateStore *certificates, Prompter *prompter,
    ProtocolLog *log, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_certificates(certificates)
    , m_prompter(prompter)
    , m_channel(new LineChannel(QStringLiteral("ftp"), log, this))
{
    if (m_settings.user.isEmpty())
        m_settings.user = QStringLiteral("anonymous");
    m_channel->setCertificateStore(m_certificates);
    connect(m_channel, &LineChannel::lineReceived, this, &FtpSession::onLine);
    connect(m_channel, &LineChannel::failed, this, &FtpSession::onChannelFailed);
    connect(m_channel, &LineChannel::encrypted, this, &FtpSession::onEncrypted);
    connect(m_channel, &LineChannel::disconnected, this, [this] {
        if (m_state != State::Disconnected && m_state != State::Failed)
            failConnection(Error(
                Error::Kind::ConnectionLost, tr("%1 closed the connection.").arg(m_settings.host)));
    });
    connect(m_channel, &LineChannel::connected, this, [this] {
        // The greeting: 220 (ready), or 120 first (ready in a moment).
        m_channel->setAwaitingReply(true);
        m_pendingReply = [this](const NumericReply &reply) {
            if (!reply.isCompletion()) {
                failConnection(
                    FtpReplies::toError(reply, tr("The server refused the connection.")));
                return;
            }
            const bool explicitTls
                = m_settings.tls == TlsMode::Auto || m_settings.tls == TlsMode::Require;
            if (!explicitTls) {
                login();
                return;
            }
            const Error error = m_channel->writeCommand("AUTH", "TLS");
            Q_UNUSED(error); // a constant argument is always accepted
            m_channel->setAwaitingReply(true);
            m_pendingReply = [this](const NumericReply &authReply) {
                if (authReply.code() == 234) {
                    m_channel->startTls();
                    return;
                }
                if (m_settings.tls == TlsMode::Require) {
                    failConnection(FtpReplies::toError(
                        authReply, tr("The server does not offer TLS, which this site requires.")));
                    return;
                }
                m_channel->logInfo(tr("The server does not offer TLS; continuing without it."));
                login();
            };
        };
    });
}

FtpSession::~FtpSession() = default;

void FtpSession::schedule(FtpOperation *operation)
{
    m_queue.enqueue(Queued {operation->job(), operation});
    if (m_state == State::Disconnected || m_state == State::Failed)
        connectToServer();
    else if (m_state == State::Ready && !m_current)
        runNext();
}

void FtpSession::unschedule(Job *job)
{
    m_queue.removeIf([job](const Queued &queued) { return queued.job == job; });
}

void FtpSession::release(Job *job)
{
    m_queue.removeIf([job](const Queued &queued) { return queued.job == job; });
    if (m_current != job)
        return;
    m_current = nullptr;
    m_currentOperation = nullptr;
    m_pendingPreliminary = {};
    if (m_awaitingFinalReply) {
        // The job ended before its last reply came (cancelled mid-command): swallow that
        // reply, or the next job would read it as the answer to its own command.
        m_pendingReply = [this](const NumericReply &) { runNext(); };
        return;
    }
    m_pendingReply = {};
    QMetaObject::invokeMethod(this, &FtpSession::runNext, Qt::QueuedConnection);
}

FtpOperation *FtpSession::currentOperation() const
{
    return m_current ? m_currentOperation : nullptr;
}

void FtpSession::runNext()
{
    // A reply still owed to a job that ended early (release() swallows it) comes first: the
    // next job's first command would otherwise read it as its own answer.
    if (m_current || m_state != State::Ready || m_awaitingFinalReply)
        return;
    while (!m_queue.isEmpty()) {
        const Queued next = m_queue.dequeue();
        if (!next.job || next.job->isFinished())
            continue;
        m_current = next.job;
        m_currentOperation = next.operation;
        next.operation->runOnSession();
        return;
    }
}

void FtpSession::connectToServer()
{
    m_state = State::Connecting;
    m_parser.reset();
    m_features = FtpFeatures();
    m_pendingReply = {};
    m_pendingPreliminary = {};
    m_awaitingFinalReply = false;
    QSslConfiguration configuration = m_certificates ? m_certificates->sslConfiguration()
                                                     : QSslConfiguration::defaultConfiguration();
    // Data connections resume this TLS session; servers like vsftpd (require_ssl_reuse=YES)
    // refuse those that don't. Qt drops session tickets unless told to keep them.
    configuration.setSslOption(QSsl::SslOptionDisableSessionPersistence, false);
    m_channel->setSslConfiguration(configuration);
    m_channel->setConnectTimeout(m_settings.connectTimeoutMs);
    m_channel->setReadTimeout(m_settings.readTimeoutMs);
    m_channel->connectToHost(m_settings.host, m_settings.port,
        m_settings.tls == TlsMode::Implicit ? LineChannel::Security::ImplicitTls
                                            : LineChannel::Security::Plain);
}

QString FtpSession::resolvePath(const QString &path) const
{
    if (path.isEmpty() || path == QLatin1StringView("~"))
        return m_home;
    if (path.startsWith(QLatin1StringView("~/")))
        return (m_home.endsWith(QLatin1Char('/')) ? m_home.chopped(1) : m_home) + path.mid(1);
    return path;
}

void FtpSession::disconnectFromServer()
{
    if (m_state == State::Ready) {
        const Error error = m_channel->writeCommand("QUIT");
        Q_UNUSED(error);
    }
    m_state = State::Disconnected;
    m_channel->close();
}

void FtpSession::onLine(const QByteArray &line)
{
    const std::optional<NumericReply> reply = m_parser.feedLine(line);
    if (m_parser.state() == NumericReplyParser::State::Malformed) {
        failConnection(Error(Error::Kind::Protocol, tr("The server sent a reply that is not FTP."),
            NumericReply::decodeServerText(m_parser.malformedLine())));
        return;
    }
    if (reply)
        onReply(*reply);
}

void FtpSession::onReply(const NumericReply &reply)
{
    if (reply.isPreliminary()) {
        // A transfer runs now; its data connection has its own stall timer.
        m_channel->setAwaitingReply(false);
        if (m_pendingPreliminary)
            m_pendingPreliminary(reply);
        return;
    }
    if (reply.code() == 421) {
        failConnection(FtpReplies::toError(reply, tr("The server closed the connection.")));
        return;
    }
    ReplyHandler handler = std::exchange(m_pendingReply, {});
    m_pendingPreliminary = {};
    m_awaitingFinalReply = false;
    m_channel->setAwaitingReply(false);
    if (handler)
        handler(reply);
    else
        m_channel->logInfo(tr("Ignored an unexpected reply."));
}

void FtpSession::onEncrypted()
{
    login();
}

void FtpSession::onChannelFailed(const Error &error)
{
    if (m_state == State::Connecting
        && CertificateQuestion::offer(
            error, m_channel, m_prompter, m_certificates, &m_certificatePromptDone, this,
            [this] { connectToServer(); },
            [this](const Error &refused) { failConnection(refused); }))
        return;
    failConnection(error);
}

void FtpSession::login()
{
    m_state = State::LoggingIn;
    const Error error = m_channel->writeCommand("USER", m_settings.user.toUtf8());
    if (error.isError()) {
        failConnection(error);
        return;
    }
    m_channel->setAwaitingReply(true);
    m_pendingReply = [this](const NumericReply &reply) {
        if (reply.code() == 230)
            afterLogin();
        else if (reply.code() == 331)
            sendPassword();
        else if (reply.code() == 332)
            failConnection(Error(Error::Kind::Unsupported,
                tr("The server asks for an account (ACCT), which Wharf does not "
                   "support."),
                reply.toDisplayString()));
        else
            failConnection(FtpReplies::toError(reply, tr("The server refused the user name.")));
    };
}

void FtpSession::sendPassword()
{
    const QString password
        = m_settings.user == QLatin1StringView("anonymous") && m_settings.password.isEmpty()
        ? QStringLiteral("anonymous@")
        : m_settings.password;
    const Error error
        = m_channel->writeCommand("PASS", password.toUtf8(), LineChannel::LogMode::MaskArgument);
    if (error.isError()) {
        failConnection(Error(Error::Kind::Authentication,
            tr("The password contains a line break, which FTP can't send.")));
        return;
    }
    m_channel->setAwaitingReply(true);
    m_pendingReply = [this](const NumericReply &reply) {
        if (reply.code() == 230 || reply.code() == 202) {
            afterLogin();
            return;
        }
        Error failure = FtpReplies::toError(reply, tr("Login failed."));
        if (reply.isPermanentFailure())
            failure = Error(Error::Kind::Authentication,
                tr("Login to %1 as %2 failed: wrong user name or password.")
                    .arg(m_settings.host, m_settings.user),
                reply.toDisplayString());
        failConnection(failure);
    };
}

void FtpSession::afterLogin()
{
    if (!m_channel->isEncrypted()) {
        negotiateFeatures();
        return;
    }
    // RFC 4217: PBSZ 0 then PROT P, so data connections are encrypted too.
    command("PBSZ", "0", [this](const NumericReply &) {
        command("PROT", "P", [this](const NumericReply &reply) {
            if (!reply.isCompletion()) {
                failConnection(FtpReplies::toError(
                    reply, tr("The server refused to encrypt data connections (PROT P).")));
                return;
            }
            negotiateFeatures();
        });
    });
}

void FtpSession::negotiateFeatures()
{
    command("FEAT", {}, [this](const NumericReply &featReply) {
        m_features = FtpFeatures::parse(featReply);
        auto afterUtf8 = [this] {
            const QByteArray mlst = m_features.parameters("MLST");
            if (mlst.isEmpty()) {
                finishLogin();
                return;
            }
            // Ask for every fact the server offers that Wharf reads (RFC 3659 7.9).
            QByteArray wanted;
            static const QList<QByteArray> useful
                = {"type", "size", "modify", "perm", "unix.mode", "unix.owner", "unix.group"};
            for (const QByteArray &fact : mlst.split(';')) {
                const QByteArray name = fact.endsWith('*') ? fact.chopped(1) : fact;
                if (useful.contains(name.toLower()))
                    wanted += name + ';';
            }
            command("OPTS", "MLST " + wanted, [this](const NumericReply &) { finishLogin(); });
        };
        if (m_features.supportsUtf8())
            command("OPTS", "UTF8 ON", [afterUtf8](const NumericReply &) { afterUtf8(); });
        else
            afterUtf8();
    });
}

void FtpSession::finishLogin()
{
    command("PWD", {}, [this](const NumericReply &pwdReply) {
        m_home = pwdReply.code() == 257 ? FtpReplies::pwdPath(pwdReply.lines().constFirst())
                                        : QString();
        if (m_home.isEmpty())
            m_home = QStringLiteral("/");
        command("TYPE", "I", [this](const NumericReply &typeReply) {
            if (!typeReply.isCompletion()) {
                failConnection(
                    FtpReplies::toError(typeReply, tr("The server refused binary mode.")));
                return;
            }
            m_state = State::Ready;
            m_type = 'I';
            m_certificatePromptDone = false;
            m_channel->logInfo(tr("Logged in; home folder %1").arg(m_home));
            runNext();
        });
    });
}

void FtpSession::command(const QByteArray &verb, const QByteArray &argument, ReplyHandler onReply,
    ReplyHandler onPreliminary)
{
    const Error error = m_channel->writeCommand(verb, argument);
    if (error.isError()) {
        // Nothing was sent, so no reply will come: answer with a local refusal.
        onReply(NumericReply(501, {error.message().toUtf8()}));
        return;
    }
    m_pendingReply = std::move(onReply);
    m_pendingPreliminary = std::move(onPreliminary);
    m_awaitingFinalReply = true;
    m_channel->setAwaitingReply(true);
}

void FtpSession::ensureType(char type, const std::function<void(const Error &)> &next)
{
    if (m_type == type) {
        next({});
        return;
    }
    command("TYPE", QByteArray(1, type), [this, type, next](const NumericReply &reply) {
        if (!reply.isCompletion()) {
            next(FtpReplies::toError(
                reply, tr("The server refused the transfer type %1.").arg(QLatin1Char(type))));
            return;
        }
        m_type = type;
        next({});
    });
}

void FtpSession::openDataConnection(const DataHandler &onReady)
{
    if (m_settings.activeMode)
        enterActive(onReady, !m_features.isRefused("EPRT"));
    else
        enterPassive(onReady, !m_features.isRefused("EPSV"));
}

FtpDataConnection *FtpSession::newDataConnection()
{
    // Owned by the running job, so it goes when the job goes.
    auto *data = new FtpDataConnection(
        m_current ? static_cast<QObject *>(m_current.data()) : static_cast<QObject *>(this));
    if (m_channel->isEncrypted()) {
        // Taken now, not at login: with TLS 1.3 the ticket arrives after the handshake.
        data->setTls(m_channel->socket()->sslConfiguration(), m_settings.host, m_certificates);
    }
    return data;
}

void FtpSession::enterActive(const DataHandler &onReady, bool extended)
{
    // Listen where the server reaches us: the control connection's own local address.
    const QHostAddress local = m_channel->socket()->localAddress();
    const bool ipv6 = local.protocol() == QAbstractSocket::IPv6Protocol;
    if (!extended && ipv6) {
        onReady(nullptr,
            Error(Error::Kind::Unsupported,
                tr("The server supports neither EPRT nor IPv6 in PORT.")));
        return;
    }
    FtpDataConnection *data = newDataConnection();
    const quint16 port = data->listen(local);
    if (port == 0) {
        data->deleteLater();
        onReady(nullptr,
            Error(Error::Kind::LocalIo, tr("Could not listen for the server's data connection.")));
        return;
    }
    QByteArray argument;
    if (extended) {
        // RFC 2428: EPRT |1|132.235.1.2|6275|
        argument = '|' + QByteArray(ipv6 ? "2" : "1") + '|' + local.toString().toLatin1() + '|'
            + QByteArray::number(port) + '|';
    } else {
        argument = local.toString().toLatin1().replace('.', ',') + ','
            + QByteArray::number(port / 256) + ',' + QByteArray::number(port % 256);
    }
    m_channel->logInfo(tr("Waiting for the server's data connection on port %1").arg(port));
    command(extended ? "EPRT" : "PORT", argument,
        [this, onReady, data, extended](const NumericReply &reply) {
            if (reply.isCompletion()) {
                onReady(data, {});
                return;
            }
            data->abort();
            data->deleteLater();
            if (extended) {
                m_features.markRefused("EPRT");
                enterActive(onReady, false);
                return;
            }
            onReady(nullptr, FtpReplies::toError(reply, tr("The server refused active mode.")));
        });
}

void FtpSession::enterPassive(const DataHandler &onReady, bool extended)
{
    if (extended) {
        command("EPSV", {}, [this, onReady](const NumericReply &reply) {
            // 229 Entering Extended Passive Mode (|||6446|)
            static const QRegularExpression portPattern(
                QStringLiteral("\\(([!-~])\\1\\1(\\d+)\\1\\)"));
            const QRegularExpressionMatch match = portPattern.match(reply.text());
            const uint port = match.hasMatch() ? match.captured(2).toUInt() : 0;
            if (reply.code() != 229 || port == 0 || port > 65535) {
                m_features.markRefused("EPSV");
                enterPassive(onReady, false);
                return;
            }
            connectData(m_channel->socket()->peerAddress().toString(), quint16(port), onReady);
        });
        return;
    }
    command("PASV", {}, [this, onReady](const NumericReply &reply) {
        // 227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)
        static const QRegularExpression hostPortPattern(
            QStringLiteral("(\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)"));
        const QRegularExpressionMatch match = hostPortPattern.match(reply.text());
        if (reply.code() != 227 || !match.hasMatch()) {
            onReady(nullptr, FtpReplies::toError(reply, tr("The server refused passive mode.")));
            return;
        }
        const uint port = match.captured(5).toUInt() * 256 + match.captured(6).toUInt();
        const QString announced = QStringList {match.captured(1), match.captured(2),
            match.captured(3), match.captured(4)}
                                      .join(QLatin1Char('.'));
        const QString peer = m_channel->socket()->peerAddress().toString();
        // Like mature clients, connect to the control connection's peer: the announced
        // address is often private behind NAT, and trusting it allows FTP bounce tricks.
        if (announced != peer
            && QHostAddress(peer).toIPv4Address() != QHostAddress(announced).toIPv4Address())
            m_channel->logInfo(
                tr("The server announced %1 for data; using %2 instead.").arg(announced, peer));
        if (port == 0 || port > 65535) {
            onReady(nullptr,
                FtpReplies::toError(reply, tr("The server sent an invalid passive port.")));
            return;
        }
        connectData(peer, quint16(port), onReady);
    });
}

void FtpSession::connectData(const QString &host, quint16 port, const DataHandler &onReady)
{
    FtpDataConnection *data = newDataConnection();
    auto called = std::make_shared<bool>(false);
    connect(data, &FtpDataConnection::connected, this, [data, onReady, called] {
        if (!std::exchange(*called, true))
            onReady(data, {});
    });
    connect(data, &FtpDataConnection::done, this, [data, onReady, called] {
        if (!std::exchange(*called, true)) {
            const Error error = data->error();
            data->deleteLater();
            onReady(nullptr, error);
        }
    });
    m_channel->logInfo(tr("Opening data connection to %1 port %2").arg(host).arg(port));
    data->connectToHost(host, port);
}

void FtpSession::abortTransfer(FtpDataConnection *data, const std::function<void()> &onDone)
{
    if (data)
        data->abort();
    auto finished = std::make_shared<bool>(false);
    auto finishOnce = [finished, onDone] {
        if (!std::exchange(*finished, true))
            onDone();
    };
    // Two replies follow ABOR: the transfer's own end (426 or 226), then ABOR's (225/226).
    command("ABOR", {}, [this, finishOnce](const NumericReply &) {
        m_pendingReply = [finishOnce](const NumericReply &) { finishOnce(); };
        m_awaitingFinalReply = true;
        m_channel->setAwaitingReply(true);
    });
    // A server that sends only one reply would leave the replies out of step: drop the
    // connection instead; the next job reconnects.
    QTimer::singleShot(abortGraceMs, this, [this, finished, finishOnce] {
        if (*finished)
            return;
        m_channel->logInfo(tr("The server did not confirm ABOR; reconnecting for the next job."));
        m_state = State::Disconnected;
        m_pendingReply = {};
        m_awaitingFinalReply = false;
        m_channel->abort();
        finishOnce();
    });
}

void FtpSession::failConnection(const Error &error)
{
    const bool wasLoggingIn = m_state != State::Ready;
    m_state = State::Failed;
    m_pendingReply = {};
    m_pendingPreliminary = {};
    m_awaitingFinalReply = false;
    m_channel->abort();
    FtpOperation *current = currentOperation();
    m_current = nullptr;
    m_currentOperation = nullptr;
    if (current)
        current->sessionFailed(error);
    // A login that failed would fail again for every queued job: they all get the error.
    if (wasLoggingIn) {
        const QQueue<Queued> queued = std::exchange(m_queue, {});
        for (const Queued &waiting : queued) {
            if (waiting.job && !waiting.job->isFinished())
                waiting.operation->sessionFailed(error);
        }
    } else if (!m_queue.isEmpty()) {
        QMetaObject::invokeMethod(this, &FtpSession::connectToServer, Qt::QueuedConnection);
    }
    emit connectionLost(error);
}
