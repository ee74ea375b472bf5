// Sends one message over SMTP (RFC 5321) on a connection of its own: EHLO, STARTTLS or implicit
// TLS, AUTH PLAIN or LOGIN, SIZE, 8BITMIME and SMTPUTF8 when offered, one RCPT per recipient
// with its own result, DATA dot-stuffed. Bcc recipients are only in the envelope, never here.
#pragma once

#include "net/linechanneljob.h"
#include "net/numericreplyparser.h"

#include <QHash>
#include <QList>
#include <QStringList>

#include <functional>

class CertificateStore;
class ProtocolLog;

class SmtpSendJob : public LineChannelJob
{
    Q_OBJECT

public:
    enum class Security {
        ImplicitTls, // smtps://, port 465: the default for new accounts
        StartTls, // port 587: TLS before anything else is said
        Plain, // only when the person chose it for this server
    };

    struct Settings
    {
        QString host;
        quint16 port = 465;
        Security security = Security::ImplicitTls;
        QString user; // empty: no AUTH
        QString password;
        QString heloName = QStringLiteral("localhost");
        int connectTimeoutMs = 20000;
        int readTimeoutMs = 60000;
    };

    struct RecipientResult
    {
        QString address;
        int code = 0;
        QString reply;
        [[nodiscard]] bool accepted() const { return code / 100 == 2; }
    };

    // message: the RFC 5322 bytes (headers and body); line ends are normalised here.
    SmtpSendJob(Settings settings, QString from, QStringList recipients, QByteArray message,
        CertificateStore *certificates, ProtocolLog *log, QObject *parent = nullptr);

    [[nodiscard]] const QList<RecipientResult> &recipientResults() const { return m_results; }
    // A 4xx answer: the message stays in the Outbox and is tried again later.
    [[nodiscard]] bool isTemporaryFailure() const { return m_temporary; }

protected:
    void doStart() override;
    void onLine(const QByteArray &line) override;
    void onConnected() override;
    void onEncrypted() override;
    void forgetConversation() override;

private:
    using ReplyHandler = std::function<void(const NumericReply &)>;

    void send(const QByteArray &line, ReplyHandler onReply,
        LineChannel::LogMode logMode = LineChannel::LogMode::Plain);
    void greet();
    void readCapabilities(const NumericReply &reply);
    void afterHello();
    void authenticate();
    void sendEnvelope();
    void sendRecipient(qsizetype index);
    void sendData();
    void fail(const NumericReply &reply, const QString &what);

    Settings m_settings;
    QString m_from;
    QStringList m_recipients;
    QByteArray m_message;
    NumericReplyParser m_parser;
    ReplyHandler m_pending;
    QHash<QByteArray, QByteArray> m_capabilities;
    QList<RecipientResult> m_results;
    bool m_temporary = false;
};
