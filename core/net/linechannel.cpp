#include "linechannel.h"

#include "net/logcategories.h"
#include "net/protocollog.h"
#include "security/certificatestore.h"

#include <QSslCipher>

#include <utility>

LineChannel::LineChannel(QString protocol, ProtocolLog *log, QObject *parent)
    : QObject(parent)
    , m_protocol(std::move(protocol))
    , m_log(log)
    , m_category(loggingCategoryForProtocol(m_protocol))
    , m_socket(new QSslSocket(this))
{
    m_connectTimer.setSingleShot(true);
    m_readTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        fail(Error(Error::Kind::Timeout,
            tr("Could not connect to %1 port %2 within %3 seconds.")
                .arg(m_host)
                .arg(m_port)
                .arg(m_connectTimeoutMs / 1000)));
    });
    connect(&m_readTimer, &QTimer::timeout, this, [this] {
        fail(Error(Error::Kind::Timeout,
            tr("The server %1 did not answer within %2 seconds.")
                .arg(m_host)
                .arg(m_readTimeoutMs / 1000)));
    });
    connect(m_socket, &QSslSocket::connected, this, [this] {
        logInfo(tr("Connected to %1 port %2").arg(m_socket->peerAddress().toString()).arg(m_port));
        if (!m_implicitTls) {
            m_connectTimer.stop();
            emit connected();
        }
    });
    connect(m_socket, &QSslSocket::encrypted, this, &LineChannel::onEncrypted);
    connect(m_socket, &QSslSocket::readyRead, this, &LineChannel::onReadyRead);
    connect(m_socket, &QSslSocket::errorOccurred, this, &LineChannel::onSocketError);
    connect(m_socket, &QSslSocket::sslErrors, this, &LineChannel::onSslErrors);
    connect(m_socket, &QSslSocket::disconnected, this, [this] {
        m_readTimer.stop();
        if (!m_failed)
            emit disconnected();
    });
}

LineChannel::~LineChannel() = default;

void LineChannel::setCertificateStore(const CertificateStore *store)
{
    m_certificates = store;
    if (store)
        setSslConfiguration(store->sslConfiguration());
}

void LineChannel::setSslConfiguration(const QSslConfiguration &configuration)
{
    m_socket->setSslConfiguration(configuration);
}

void LineChannel::connectToHost(const QString &host, quint16 port, Security security)
{
    m_host = host;
    m_port = port;
    m_connectionId = ProtocolLog::nextConnectionId();
    m_implicitTls = security == Security::ImplicitTls;
    m_failed = false;
    m_buffer.clear();
    m_certificateFailure.reset();
    logInfo(tr("Connecting to %1 port %2%3")
                .arg(host)
                .arg(port)
                .arg(m_implicitTls ? tr(" (implicit TLS)") : QString()));
    m_connectTimer.start(m_connectTimeoutMs);
    if (m_implicitTls)
        m_socket->connectToHostEncrypted(host, port);
    else
        m_socket->connectToHost(host, port);
}

Error LineChannel::writeCommand(const QByteArray &verb, const QByteArray &argument, LogMode logMode)
{
    for (const char c : QByteArray(verb + argument)) {
        if (c == '\r' || c == '\n' || c == '\0') {
            const QString message
                = tr("Refused to send %1: the argument contains a line break or NUL.")
                      .arg(QString::fromLatin1(verb));
            logError(message);
            return Error(Error::Kind::UnsafeName, message);
        }
    }
    QByteArray line = verb;
    if (!argument.isEmpty())
        line += ' ' + argument;
    if (m_log || m_category.isDebugEnabled()) {
        QString shown = QString::fromUtf8(line);
        if (logMode == LogMode::MaskArgument)
            shown = QString::fromLatin1(verb) + QStringLiteral(" ****");
        else if (logMode == LogMode::MaskLine)
            shown = QStringLiteral("****");
        if (m_log)
            m_log->add(m_connectionId, m_protocol, ProtocolLog::Direction::Sent, shown);
        qCDebug(m_category).noquote() << m_protocol << m_connectionId << '>' << shown;
    }
    m_socket->write(line + "\r\n");
    return {};
}

void LineChannel::writeRaw(const QByteArray &bytes, const QString &logSummary)
{
    if (m_log)
        m_log->add(m_connectionId, m_protocol, ProtocolLog::Direction::Sent, logSummary);
    m_socket->write(bytes);
}

qsizetype LineChannel::startTls()
{
    const qsizetype discarded = m_buffer.size() + m_socket->bytesAvailable();
    if (discarded > 0)
        logError(tr("Discarded %1 bytes received before the TLS handshake.").arg(discarded));
    m_buffer.clear();
    m_socket->skip(m_socket->bytesAvailable());
    logInfo(tr("Starting TLS"));
    setAwaitingReply(true); // a handshake the server never answers must not hang forever
    m_socket->startClientEncryption();
    return discarded;
}

void LineChannel::setAwaitingReply(bool awaiting)
{
    m_awaitingReply = awaiting;
    if (awaiting)
        m_readTimer.start(m_readTimeoutMs);
    else
        m_readTimer.stop();
}

void LineChannel::close()
{
    m_connectTimer.stop();
    m_readTimer.stop();
    m_failed = true; // a close we asked for is not news
    m_socket->disconnectFromHost();
}

void LineChannel::abort()
{
    m_connectTimer.stop();
    m_readTimer.stop();
    m_failed = true;
    m_socket->abort();
}

bool LineChannel::isOpen() const
{
    return !m_failed && m_socket->state() == QAbstractSocket::ConnectedState;
}

void LineChannel::logInfo(const QString &text) const
{
    if (m_log)
        m_log->add(m_connectionId, m_protocol, ProtocolLog::Direction::Info, text);
    qCDebug(m_category).noquote() << m_protocol << m_connectionId << '*' << text;
}

bool LineChannel::isLogging() const
{
    return (m_log && m_log->isListened()) || m_category.isDebugEnabled();
}

void LineChannel::logReceived(const QString &text) const
{
    if (m_log)
        m_log->add(m_connectionId, m_protocol, ProtocolLog::Direction::Received, text);
    qCDebug(m_category).noquote() << m_protocol << m_connectionId << '<' << text;
}

void LineChannel::logError(const QString &text) const
{
    if (m_log)
        m_log->add(m_connectionId, m_protocol, ProtocolLog::Direction::Error, text);
    qCDebug(m_category).noquote() << m_protocol << m_connectionId << '!' << text;
}

void LineChannel::onReadyRead()
{
    if (m_failed)
        return;
    if (m_awaitingReply)
        m_readTimer.start(m_readTimeoutMs);
    if (m_rawMode) {
        const QByteArray bytes = m_socket->readAll();
        if (!bytes.isEmpty())
            emit bytesReceived(bytes);
        return;
    }
    m_buffer += m_socket->readAll();
    // Each line leaves the buffer before it is handed out: a handler may start TLS, and what
    // is still buffered then came before the handshake.
    while (!m_failed) {
        const qsizetype newline = m_buffer.indexOf('\n');
        if (newline < 0)
            break;
        qsizetype end = newline;
        if (end > 0 && m_buffer.at(end - 1) == '\r')
            --end;
        const QByteArray line = m_buffer.left(end);
        m_buffer.remove(0, newline + 1);
        if (m_log)
            m_log->add(m_connectionId, m_protocol, ProtocolLog::Direction::Received,
                QString::fromUtf8(line));
        qCDebug(m_category).noquote() << m_protocol << m_connectionId << '<' << line;
        emit lineReceived(line);
    }
    if (!m_failed && m_buffer.size() > maxLineLength) {
        fail(Error(Error::Kind::Protocol,
            tr("The server sent a line longer than %1 bytes; the connection was closed.")
                .arg(maxLineLength)));
    }
}

void LineChannel::onEncrypted()
{
    const QSslCipher cipher = m_socket->sessionCipher();
    logInfo(tr("TLS established: %1, %2").arg(cipher.protocolString(), cipher.name()));
    if (m_implicitTls) {
        m_implicitTls = false;
        m_connectTimer.stop();
        emit connected();
        return;
    }
    setAwaitingReply(false);
    emit encrypted();
}

void LineChannel::onSslErrors(const QList<QSslError> &errors)
{
    const QList<QSslCertificate> chain = m_socket->peerCertificateChain();
    const QSslCertificate leaf = chain.isEmpty() ? QSslCertificate() : chain.constFirst();
    if (m_certificates && m_certificates->isAccepted(m_host, m_port, leaf)) {
        logInfo(tr("Certificate accepted earlier by you (SHA-256 %1)")
                    .arg(QString::fromLatin1(CertificateStore::fingerprint(leaf).toHex(':'))));
        m_socket->ignoreSslErrors(errors);
        return;
    }
    m_certificateFailure
        = CertificatePrompt {m_host, m_port, chain, errors, CertificateStore::fingerprint(leaf)};
    for (const QSslError &error : errors)
        logError(tr("Certificate problem: %1").arg(error.errorString()));
}

void LineChannel::onSocketError(QAbstractSocket::SocketError socketError)
{
    if (m_failed)
        return;
    // A server that closes after its last reply (QUIT, a 421) is a normal end.
    if (socketError == QAbstractSocket::RemoteHostClosedError && m_buffer.isEmpty()
        && !m_awaitingReply) {
        m_readTimer.stop();
        return;
    }
    fail(socketErrorToError(socketError));
}

Error LineChannel::socketErrorToError(QAbstractSocket::SocketError socketError) const
{
    const QString detail = m_socket->errorString();
    switch (socketError) {
    case QAbstractSocket::HostNotFoundError:
        return Error(Error::Kind::HostNotFound, tr("The host %1 was not found.").arg(m_host));
    case QAbstractSocket::ConnectionRefusedError:
        return Error(Error::Kind::ConnectionRefused,
            tr("%1 refused the connection on port %2.").arg(m_host).arg(m_port));
    case QAbstractSocket::SocketTimeoutError:
        return Error(Error::Kind::Timeout, tr("The connection to %1 timed out.").arg(m_host));
    case QAbstractSocket::SslHandshakeFailedError:
        if (m_certificateFailure)
            return Error(Error::Kind::Tls,
                tr("The certificate of %1 is not trusted: %2")
                    .arg(m_host,
                        m_certificateFailure->errors.isEmpty()
                            ? detail
                            : m_certificateFailure->errors.constFirst().errorString()));
        return Error(
            Error::Kind::Tls, tr("The TLS handshake with %1 failed: %2").arg(m_host, detail));
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return Error(Error::Kind::Tls, tr("TLS error with %1: %2").arg(m_host, detail));
    case QAbstractSocket::RemoteHostClosedError:
        return Error(
            Error::Kind::ConnectionLost, tr("%1 closed the connection unexpectedly.").arg(m_host));
    default:
        return Error(
            Error::Kind::ConnectionLost, tr("The connection to %1 failed: %2").arg(m_host, detail));
    }
}

void LineChannel::fail(const Error &error)
{
    if (m_failed)
        return;
    m_failed = true;
    m_connectTimer.stop();
    m_readTimer.stop();
    logError(error.message());
    m_socket->abort();
    emit failed(error);
}
