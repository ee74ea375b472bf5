#include "ftpdataconnection.h"

#include "security/certificatestore.h"

#include <QIODevice>
#include <QSslSocket>
#include <QTcpServer>

#include <functional>
#include <unistd.h>
#include <utility>

namespace {
// Keep this much queued for the socket during uploads: enough to never starve it, little
// enough that progress reflects what really left.
constexpr qint64 sendQueueLimit = 4 * FtpDataConnection::blockSize;
constexpr qint64 progressIntervalMs = 100;
// How long an upload waits for a TLS 1.3 session ticket before closing anyway.
constexpr int ticketWaitMs = 1000;

// Hands the accepted socket's descriptor over, so it can become a QSslSocket (QTcpServer
// would make a plain QTcpSocket of it).
class DescriptorListener : public QTcpServer
{
public:
    DescriptorListener(QObject *parent, std::function<void(qintptr)> onConnection)
        : QTcpServer(parent)
        , m_onConnection(std::move(onConnection))
    { }

protected:
    void incomingConnection(qintptr socketDescriptor) override { m_onConnection(socketDescriptor); }

private:
    std::function<void(qintptr)> m_onConnection;
};
} // namespace

FtpDataConnection::FtpDataConnection(QObject *parent)
    : QObject(parent)
    , m_socket(new QSslSocket(this))
{
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        finish(Error(Error::Kind::Timeout,
            tr("The data connection to %1 stalled for %2 seconds.")
                .arg(m_host)
                .arg(m_idleTimeoutMs / 1000)));
    });
    connect(m_socket, &QSslSocket::connected, this, [this] {
        touch();
        emit connected();
    });
    connect(m_socket, &QSslSocket::readyRead, this, &FtpDataConnection::onReadyRead);
    connect(m_socket, &QSslSocket::bytesWritten, this, &FtpDataConnection::onBytesWritten);
    connect(m_socket, &QSslSocket::encryptedBytesWritten, this, &FtpDataConnection::onBytesWritten);
    connect(m_socket, &QSslSocket::encrypted, this, [this] {
        touch();
        if (m_direction == Direction::Send)
            sendMore();
    });
    // Queued: the signal comes from inside OpenSSL's read, where closing the socket crashes.
    connect(
        m_socket, &QSslSocket::newSessionTicketReceived, this,
        [this] {
            m_ticketReceived = true;
            if (m_closing && !m_done)
                closeAfterUpload();
        },
        Qt::QueuedConnection);
    connect(m_socket, &QSslSocket::disconnected, this, &FtpDataConnection::onDisconnected);
    connect(m_socket, &QSslSocket::errorOccurred, this, &FtpDataConnection::onSocketError);
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        // The control connection's certificate was verified (or accepted by the person); the
        // data connection must present one the same way.
        const QList<QSslCertificate> chain = m_socket->peerCertificateChain();
        if (m_certificates && !chain.isEmpty()
            && m_certificates->isAccepted(m_host, m_socket->peerPort(), chain.constFirst()))
            m_socket->ignoreSslErrors(errors);
    });
}

FtpDataConnection::~FtpDataConnection() = default;

void FtpDataConnection::setTls(const QSslConfiguration &configuration, const QString &verifyName,
    const CertificateStore *certificates)
{
    m_tls = true;
    m_socket->setSslConfiguration(configuration);
    m_socket->setPeerVerifyName(verifyName);
    m_certificates = certificates;
}

void FtpDataConnection::setDevice(Direction direction, QIODevice *device)
{
    m_direction = direction;
    m_device = device;
}

void FtpDataConnection::connectToHost(const QString &host, quint16 port)
{
    m_host = host;
    m_port = port;
    m_progressClock.start();
    touch();
    m_socket->connectToHost(host, port);
}

quint16 FtpDataConnection::listen(const QHostAddress &address)
{
    m_host = address.toString();
    m_progressClock.start();
    m_listener = new DescriptorListener(this, [this](qintptr descriptor) { adopt(descriptor); });
    if (!m_listener->listen(address, 0))
        return 0;
    touch(); // a server that never connects is a stalled transfer
    return m_listener->serverPort();
}

void FtpDataConnection::adopt(qintptr socketDescriptor)
{
    m_listener->close(); // one connection per transfer; a second one is not ours
    if (m_done || !m_socket->setSocketDescriptor(socketDescriptor)) {
        ::close(int(socketDescriptor));
        return;
    }
    m_port = m_socket->peerPort();
    touch();
    emit connected();
    if (m_started)
        beginStreaming(); // the server answered the command before it connected
}

void FtpDataConnection::start()
{
    if (m_started || m_done)
        return;
    m_started = true;
    touch();
    if (isConnected())
        beginStreaming();
}

void FtpDataConnection::beginStreaming()
{
    if (m_tls) {
        m_socket->startClientEncryption();
        return;
    }
    if (m_direction == Direction::Send)
        sendMore();
    else
        onReadyRead(); // bytes that arrived before the 1xx reply
}

void FtpDataConnection::abort()
{
    m_idleTimer.stop();
    m_done = true;
    m_socket->abort();
}

bool FtpDataConnection::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void FtpDataConnection::touch()
{
    m_idleTimer.start(m_idleTimeoutMs);
}

void FtpDataConnection::onReadyRead()
{
    if (m_done || m_direction != Direction::Receive || !m_device)
        return;
    touch();
    // One buffer for the whole transfer: no allocation per block on the hot path.
    if (m_block.size() != blockSize)
        m_block.resize(blockSize);
    while (m_socket->bytesAvailable() > 0) {
        const qint64 got = m_socket->read(m_block.data(), blockSize);
        if (got <= 0)
            break;
        bool written = false;
        if (m_convertLineEndings) {
            const QByteArray local = m_toLocal.convert(m_block.constData(), got);
            written = writeToDevice(local.constData(), local.size());
        } else {
            written = writeToDevice(m_block.constData(), got);
        }
        if (!written)
            return;
        m_transferred += got;
    }
    if (m_progressClock.elapsed() >= progressIntervalMs) {
        m_progressClock.restart();
        emit progressed(m_transferred);
    }
}

bool FtpDataConnection::writeToDevice(const char *data, qint64 size)
{
    if (m_device->write(data, size) == size)
        return true;
    finish(Error(
        Error::Kind::LocalIo, tr("Could not write the download: %1").arg(m_device->errorString())));
    return false;
}

void FtpDataConnection::onBytesWritten()
{
    if (m_done || m_direction != Direction::Send || !m_started)
        return;
    touch();
    sendMore();
}

void FtpDataConnection::sendMore()
{
    if (m_done || !m_device || (m_tls && !m_socket->isEncrypted()))
        return;
    if (m_block.size() != blockSize)
        m_block.resize(blockSize);
    while (!m_sourceExhausted
        && m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite() < sendQueueLimit) {
        const qint64 got = m_device->read(m_block.data(), blockSize);
        if (got < 0) {
            finish(Error(Error::Kind::LocalIo,
                tr("Could not read the file to upload: %1").arg(m_device->errorString())));
            return;
        }
        if (got == 0) {
            m_sourceExhausted = true;
            break;
        }
        if (m_convertLineEndings)
            m_socket->write(m_toWire.convert(m_block.constData(), got));
        else
            m_socket->write(m_block.constData(), got);
        m_transferred += got;
    }
    const qint64 pending = m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite();
    if (m_progressClock.elapsed() >= progressIntervalMs) {
        m_progressClock.restart();
        emit progressed(m_transferred - pending);
    }
    if (m_sourceExhausted && pending == 0)
        closeAfterUpload();
}

void FtpDataConnection::closeAfterUpload()
{
    m_closing = true;
    // With TLS 1.3 the server sends a session ticket after the handshake. If it arrives after
    // we closed, our kernel answers with a reset, and the server's kernel throws away the
    // upload's last bytes it had not read yet (vsftpd: "426 Failure reading network stream").
    // So wait for the ticket, briefly, before closing.
    const bool tls13 = m_tls && m_socket->sessionProtocol() == QSsl::TlsV1_3;
    if (tls13 && !m_ticketReceived) {
        QTimer::singleShot(ticketWaitMs, this, [this] {
            m_ticketReceived = true;
            if (!m_done)
                closeAfterUpload();
        });
        return;
    }
    // Closing our side also sends TLS close_notify, which vsftpd expects.
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost();
}

void FtpDataConnection::onDisconnected()
{
    if (m_done)
        return;
    onReadyRead();
    if (m_direction == Direction::Send && !m_sourceExhausted) {
        finish(Error(Error::Kind::ConnectionLost,
            tr("The server closed the data connection during the upload.")));
        return;
    }
    if (m_direction == Direction::Receive && m_convertLineEndings) {
        const QByteArray tail = m_toLocal.finish();
        if (!writeToDevice(tail.constData(), tail.size()))
            return;
    }
    finish(Error());
}

void FtpDataConnection::onSocketError()
{
    if (m_done)
        return;
    if (m_socket->error() == QAbstractSocket::RemoteHostClosedError) {
        // Qt 6.4 reports the server's TLS close_notify this way and leaves TCP open: the data
        // is complete, close our side so the server sends its 226.
        onReadyRead();
        if (m_socket->state() != QAbstractSocket::UnconnectedState) {
            m_socket->disconnectFromHost();
            if (m_socket->state() != QAbstractSocket::UnconnectedState)
                return; // onDisconnected() follows
        }
        onDisconnected();
        return;
    }
    const Error::Kind kind = m_socket->error() == QAbstractSocket::SslHandshakeFailedError
        ? Error::Kind::Tls
        : Error::Kind::ConnectionLost;
    finish(Error(
        kind, tr("The data connection to %1 failed: %2").arg(m_host, m_socket->errorString())));
}

void FtpDataConnection::finish(const Error &error)
{
    if (m_done)
        return;
    m_done = true;
    m_idleTimer.stop();
    m_error = error;
    if (error.isError())
        m_socket->abort();
    emit progressed(m_transferred);
    emit done();
}
