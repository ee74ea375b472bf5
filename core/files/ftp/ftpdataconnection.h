// One FTP data connection: connects (passive mode) or waits for the server (active mode),
// optionally speaks TLS resuming the control connection's session, and streams between the
// socket and a local device in large blocks.
#pragma once

#include "files/lineendingconverter.h"
#include "net/error.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>

class CertificateStore;
class QHostAddress;
class QIODevice;
class QSslSocket;
class QTcpServer;

class FtpDataConnection : public QObject
{
    Q_OBJECT

public:
    enum class Direction { Receive, Send };

    explicit FtpDataConnection(QObject *parent = nullptr);
    ~FtpDataConnection() override;

    void setTls(const QSslConfiguration &configuration, const QString &verifyName,
        const CertificateStore *certificates);
    void setIdleTimeout(int milliseconds) { m_idleTimeoutMs = milliseconds; }
    // Receive into sink, or send everything source has left. The device must outlive this.
    void setDevice(Direction direction, QIODevice *device);
    // ASCII mode: CRLF on the wire, LF in the file.
    void setConvertLineEndings(bool convert) { m_convertLineEndings = convert; }

    void connectToHost(const QString &host, quint16 port);
    // Active mode: listens on the address for the server's connection; 0 when that failed.
    [[nodiscard]] quint16 listen(const QHostAddress &address);
    // Called once the server answered the transfer command with 1xx: some servers (pyftpdlib)
    // drop a data connection whose TLS handshake starts before the command arrived.
    void start();
    void abort();

    [[nodiscard]] bool isConnected() const;
    [[nodiscard]] bool isDone() const { return m_done; }
    [[nodiscard]] qint64 transferred() const { return m_transferred; }
    [[nodiscard]] const Error &error() const { return m_error; }

    // Socket and disk both move data in blocks of this size.
    static constexpr qint64 blockSize = qint64(256) * 1024;

signals:
    void connected();
    void progressed(qint64 transferred);
    // All data moved and the connection closed, or an error (see error()).
    void done();

private:
    void onReadyRead();
    void onBytesWritten();
    void sendMore();
    void onDisconnected();
    void onSocketError();
    void finish(const Error &error);
    void touch();
    void closeAfterUpload();
    void adopt(qintptr socketDescriptor);
    void beginStreaming();
    bool writeToDevice(const char *data, qint64 size);

    QSslSocket *m_socket = nullptr;
    QTcpServer *m_listener = nullptr;
    QIODevice *m_device = nullptr;
    const CertificateStore *m_certificates = nullptr;
    Direction m_direction = Direction::Receive;
    QTimer m_idleTimer;
    QElapsedTimer m_progressClock;
    QByteArray m_block;
    QString m_host;
    quint16 m_port = 0;
    qint64 m_transferred = 0;
    int m_idleTimeoutMs = 30000;
    bool m_tls = false;
    bool m_started = false;
    bool m_sourceExhausted = false;
    bool m_done = false;
    bool m_ticketReceived = false;
    bool m_closing = false;
    bool m_convertLineEndings = false;
    LineEndingConverter m_toLocal {LineEndingConverter::Direction::ToLocal};
    LineEndingConverter m_toWire {LineEndingConverter::Direction::ToWire};
    Error m_error;
};
