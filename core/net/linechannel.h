// A CRLF line protocol connection (FTP, SMTP, POP3, IMAP control channels) over QSslSocket:
// lines split however the bytes arrive, bounded line length, commands that can't smuggle a
// second command, STARTTLS, timeouts and the protocol log.
#pragma once

#include "net/error.h"
#include "net/prompter.h"

#include <QByteArray>
#include <QLoggingCategory>
#include <QObject>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

class CertificateStore;
class ProtocolLog;

class LineChannel : public QObject
{
    Q_OBJECT

public:
    enum class Security { Plain, ImplicitTls };
    // MaskLine: the whole line is a secret (an AUTH LOGIN answer, a SASL response).
    enum class LogMode { Plain, MaskArgument, MaskLine };

    LineChannel(QString protocol, ProtocolLog *log, QObject *parent = nullptr);
    ~LineChannel() override;

    // Verifies against the store's CAs and accepted certificates (its TLS configuration is
    // applied; a caller that needs more options sets a configuration afterwards).
    void setCertificateStore(const CertificateStore *store);
    void setConnectTimeout(int milliseconds) { m_connectTimeoutMs = milliseconds; }
    void setReadTimeout(int milliseconds) { m_readTimeoutMs = milliseconds; }
    // Qt's default drops TLS session tickets; FTPS data connections need them (see ftpsession).
    void setSslConfiguration(const QSslConfiguration &configuration);

    void connectToHost(const QString &host, quint16 port, Security security);
    // Writes "VERB argument\r\n". Refuses (and sends nothing) when the argument holds CR, LF or
    // NUL: a hostile name must never become a second command.
    [[nodiscard]] Error writeCommand(
        const QByteArray &verb, const QByteArray &argument = {}, LogMode logMode = LogMode::Plain);
    // Writes bytes that are not a command (a message body), logging only the summary.
    void writeRaw(const QByteArray &bytes, const QString &logSummary);
    // Starts the TLS handshake after the server agreed to STARTTLS / AUTH TLS. Any line already
    // received was sent before TLS and is discarded; the count tells the caller (mail clients
    // treat it as an injection attack and abort).
    qsizetype startTls();
    // While waiting for a reply, silence longer than the read timeout fails the connection.
    void setAwaitingReply(bool awaiting);
    // Raw mode hands received bytes out as they come (bytesReceived) instead of lines, for
    // protocols whose replies embed counted binary data (IMAP literals). The caller's parser
    // then bounds sizes and logs what it parsed (logReceived).
    void setRawMode(bool raw) { m_rawMode = raw; }
    void close();
    void abort();

    [[nodiscard]] quint64 connectionId() const { return m_connectionId; }
    [[nodiscard]] const QString &host() const { return m_host; }
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] bool isEncrypted() const { return m_socket->isEncrypted(); }
    [[nodiscard]] bool isOpen() const;
    [[nodiscard]] QSslSocket *socket() const { return m_socket; }
    // Set when the last TLS handshake failed verification, for the Prompter.
    [[nodiscard]] const std::optional<CertificatePrompt> &certificateFailure() const
    {
        return m_certificateFailure;
    }

    void logInfo(const QString &text) const;
    void logReceived(const QString &text) const;
    // False when neither the protocol log nor debug output would show a line.
    [[nodiscard]] bool isLogging() const;
    void logError(const QString &text) const;

    static constexpr qsizetype maxLineLength = qsizetype(64) * 1024;

signals:
    void connected();
    void encrypted();
    void lineReceived(const QByteArray &line);
    void bytesReceived(const QByteArray &bytes);
    // Fatal: the connection is closed when this is emitted.
    void failed(const Error &error);
    // The server closed the connection cleanly.
    void disconnected();

private:
    void onReadyRead();
    void onSocketError(QAbstractSocket::SocketError socketError);
    void onSslErrors(const QList<QSslError> &errors);
    void onEncrypted();
    void fail(const Error &error);
    Error socketErrorToError(QAbstractSocket::SocketError socketError) const;

    QString m_protocol;
    ProtocolLog *m_log = nullptr;
    const QLoggingCategory &m_category;
    const CertificateStore *m_certificates = nullptr;
    QSslSocket *m_socket = nullptr;
    QTimer m_connectTimer;
    QTimer m_readTimer;
    QByteArray m_buffer;
    QString m_host;
    quint16 m_port = 0;
    quint64 m_connectionId = 0;
    int m_connectTimeoutMs = 20000;
    int m_readTimeoutMs = 30000;
    bool m_implicitTls = false;
    bool m_failed = false;
    bool m_awaitingReply = false;
    bool m_rawMode = false;
    std::optional<CertificatePrompt> m_certificateFailure;
};
