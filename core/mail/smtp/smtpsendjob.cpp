#include "smtpsendjob.h"

#include "mail/smtp/smtpmessage.h"

#include <utility>

namespace {

LineChannelJob::Endpoint endpointOf(const SmtpSendJob::Settings &settings)
{
    return {settings.host, settings.port, settings.security == SmtpSendJob::Security::ImplicitTls,
        settings.connectTimeoutMs, settings.readTimeoutMs};
}

} // namespace

SmtpSendJob::SmtpSendJob(Settings settings, QString from, QStringList recipients,
    QByteArray message, CertificateStore *certificates, ProtocolLog *log, QObject *parent)
    : LineChannelJob(QStringLiteral("smtp"), endpointOf(settings), certificates, log, parent)
    , m_settings(std::move(settings))
    , m_from(std::move(from))
    , m_recipients(std::move(recipients))
    , m_message(std::move(message))
{ }

void SmtpSendJob::doStart()
{
    // Everything that can be refused without a connection is refused before one is made.
    for (const QString &address : QStringList {m_from} + m_recipients) {
        const QString problem = SmtpMessage::addressProblem(address);
        if (!problem.isEmpty()) {
            failWith(Error(Error::Kind::Unsupported, problem));
            return;
        }
    }
    if (m_recipients.isEmpty()) {
        failWith(Error(Error::Kind::Unsupported, tr("The message has no recipients.")));
        return;
    }
    connectToServer();
}

void SmtpSendJob::onConnected()
{
    channel()->setAwaitingReply(true);
    m_pending = [this](const NumericReply &reply) {
        if (reply.code() != 220) {
            fail(reply, tr("The server refused the connection."));
            return;
        }
        greet();
    };
}

void SmtpSendJob::onEncrypted()
{
    // Nothing learned before TLS counts (RFC 3207 4.2): ask again.
    m_capabilities.clear();
    greet();
}

void SmtpSendJob::forgetConversation()
{
    m_pending = {};
    m_capabilities.clear();
    m_parser = NumericReplyParser();
}

void SmtpSendJob::send(const QByteArray &line, ReplyHandler onReply, LineChannel::LogMode logMode)
{
    // A masked secret is the last word ("AUTH PLAIN <token>" logs as "AUTH PLAIN ****").
    const qsizetype space
        = logMode == LineChannel::LogMode::MaskArgument ? line.lastIndexOf(' ') : line.indexOf(' ');
    const Error error = space < 0
        ? channel()->writeCommand(line, {}, logMode)
        : channel()->writeCommand(line.left(space), line.mid(space + 1), logMode);
    if (error.isError()) {
        failWith(error);
        return;
    }
    m_pending = std::move(onReply);
    channel()->setAwaitingReply(true);
}

void SmtpSendJob::onLine(const QByteArray &line)
{
    const std::optional<NumericReply> reply = m_parser.feedLine(line);
    if (m_parser.state() == NumericReplyParser::State::Malformed) {
        failWith(Error(Error::Kind::Protocol, tr("The server sent a reply that is not SMTP."),
            NumericReply::decodeServerText(m_parser.malformedLine())));
        return;
    }
    if (!reply)
        return;
    channel()->setAwaitingReply(false);
    ReplyHandler handler = std::exchange(m_pending, {});
    if (handler)
        handler(*reply);
}

void SmtpSendJob::greet()
{
    send("EHLO " + m_settings.heloName.toUtf8(), [this](const NumericReply &reply) {
        if (reply.isCompletion()) {
            readCapabilities(reply);
            afterHello();
            return;
        }
        // A server from before ESMTP: HELO, and none of the extensions.
        send("HELO " + m_settings.heloName.toUtf8(), [this](const NumericReply &helo) {
            if (!helo.isCompletion()) {
                fail(helo, tr("The server refused the greeting."));
                return;
            }
            m_capabilities.clear();
            afterHello();
        });
    });
}

void SmtpSendJob::readCapabilities(const NumericReply &reply)
{
    m_capabilities.clear();
    for (qsizetype i = 1; i < reply.lines().size(); ++i) {
        const QByteArray line = reply.lines().at(i).trimmed();
        const qsizetype space = line.indexOf(' ');
        m_capabilities.insert((space < 0 ? line : line.left(space)).toUpper(),
            space < 0 ? QByteArray() : line.mid(space + 1));
    }
}

void SmtpSendJob::afterHello()
{
    if (!isTlsDone() && m_settings.security == Security::StartTls) {
        if (!m_capabilities.contains("STARTTLS")) {
            failWith(Error(Error::Kind::Tls,
                tr("%1 does not offer STARTTLS, and this account requires TLS.")
                    .arg(m_settings.host)));
            return;
        }
        send("STARTTLS", [this](const NumericReply &reply) {
            if (reply.code() != 220) {
                fail(reply, tr("The server refused STARTTLS."));
                return;
            }
            // Anything already received came before TLS: an injection, not the server.
            if (channel()->startTls() > 0) {
                failWith(Error(Error::Kind::Tls,
                    tr("The server sent data before the TLS handshake; the connection was "
                       "closed to prevent tampering.")));
                return;
            }
        });
        return;
    }
    authenticate();
}

void SmtpSendJob::authenticate()
{
    if (m_settings.user.isEmpty()) {
        sendEnvelope();
        return;
    }
    if (!isTlsDone() && m_settings.security != Security::Plain) {
        failWith(Error(Error::Kind::Tls, tr("Refused to send the password without TLS.")));
        return;
    }
    const QByteArray mechanisms = m_capabilities.value("AUTH").toUpper();
    const QList<QByteArray> offered = mechanisms.split(' ');
    if (offered.contains("PLAIN")) {
        const QByteArray token
            = QByteArray('\0' + m_settings.user.toUtf8() + '\0' + m_settings.password.toUtf8())
                  .toBase64();
        send(
            "AUTH PLAIN " + token,
            [this](const NumericReply &reply) {
                if (reply.code() != 235) {
                    fail(reply, tr("Login failed: wrong user name or password."));
                    return;
                }
                sendEnvelope();
            },
            LineChannel::LogMode::MaskArgument);
        return;
    }
    if (offered.contains("LOGIN")) {
        send("AUTH LOGIN", [this](const NumericReply &reply) {
            if (reply.code() != 334) {
                fail(reply, tr("The server refused AUTH LOGIN."));
                return;
            }
            send(m_settings.user.toUtf8().toBase64(), [this](const NumericReply &userReply) {
                if (userReply.code() != 334) {
                    fail(userReply, tr("Login failed: wrong user name or password."));
                    return;
                }
                send(
                    m_settings.password.toUtf8().toBase64(),
                    [this](const NumericReply &passwordReply) {
                        if (passwordReply.code() != 235) {
                            fail(passwordReply, tr("Login failed: wrong user name or password."));
                            return;
                        }
                        sendEnvelope();
                    },
                    LineChannel::LogMode::MaskLine);
            });
        });
        return;
    }
    failWith(Error(Error::Kind::Unsupported,
        tr("%1 offers no login method Wharf knows (it offers: %2).")
            .arg(m_settings.host,
                mechanisms.isEmpty() ? tr("none") : QString::fromLatin1(mechanisms))));
}

void SmtpSendJob::sendEnvelope()
{
    const qint64 size = SmtpMessage::announcedSize(m_message);
    QByteArray mailFrom = "MAIL FROM:<" + m_from.toUtf8() + '>';
    if (m_capabilities.contains("SIZE")) {
        bool ok = false;
        const qint64 limit = m_capabilities.value("SIZE").toLongLong(&ok);
        if (ok && limit > 0 && size > limit) {
            failWith(Error(Error::Kind::Unsupported,
                tr("The message is %1 bytes; %2 accepts at most %3.")
                    .arg(size)
                    .arg(m_settings.host)
                    .arg(limit)));
            return;
        }
        mailFrom += " SIZE=" + QByteArray::number(size);
    }
    if (!SmtpMessage::isAscii(m_message) && m_capabilities.contains("8BITMIME"))
        mailFrom += " BODY=8BITMIME";
    QByteArray addresses = m_from.toUtf8();
    for (const QString &recipient : std::as_const(m_recipients))
        addresses += recipient.toUtf8();
    if (!SmtpMessage::isAscii(addresses)) {
        if (!m_capabilities.contains("SMTPUTF8")) {
            failWith(Error(Error::Kind::Unsupported,
                tr("%1 does not accept non-ASCII addresses (no SMTPUTF8).").arg(m_settings.host)));
            return;
        }
        mailFrom += " SMTPUTF8";
    }
    send(mailFrom, [this](const NumericReply &reply) {
        if (!reply.isCompletion()) {
            fail(reply, tr("The server refused the sender %1.").arg(m_from));
            return;
        }
        sendRecipient(0);
    });
}

void SmtpSendJob::sendRecipient(qsizetype index)
{
    if (index >= m_recipients.size()) {
        const bool anyAccepted = std::any_of(m_results.cbegin(), m_results.cend(),
            [](const RecipientResult &result) { return result.accepted(); });
        if (!anyAccepted) {
            m_temporary = std::any_of(m_results.cbegin(), m_results.cend(),
                [](const RecipientResult &result) { return result.code / 100 == 4; });
            failWith(Error(m_temporary ? Error::Kind::ConnectionLost : Error::Kind::NotFound,
                tr("No recipient was accepted: %1").arg(m_results.constFirst().reply)));
            return;
        }
        sendData();
        return;
    }
    const QString recipient = m_recipients.at(index);
    send("RCPT TO:<" + recipient.toUtf8() + '>',
        [this, index, recipient](const NumericReply &reply) {
            m_results.append({recipient, reply.code(), reply.text()});
            sendRecipient(index + 1);
        });
}

void SmtpSendJob::sendData()
{
    send("DATA", [this](const NumericReply &reply) {
        if (reply.code() != 354) {
            fail(reply, tr("The server refused the message."));
            return;
        }
        const QByteArray data = SmtpMessage::encodeData(m_message);
        channel()->writeRaw(data, tr("(message, %1 bytes)").arg(data.size()));
        setProgress(data.size(), data.size());
        m_pending = [this](const NumericReply &accepted) {
            if (!accepted.isCompletion()) {
                fail(accepted, tr("The server did not accept the message."));
                return;
            }
            send("QUIT", [this](const NumericReply &) {
                channel()->close();
                finishWithSuccess();
            });
        };
        channel()->setAwaitingReply(true);
    });
}

void SmtpSendJob::fail(const NumericReply &reply, const QString &what)
{
    // 4xx: try again later; 5xx: it won't work as it is.
    m_temporary = reply.isTransientFailure();
    Error::Kind kind = Error::Kind::Protocol;
    if (reply.code() == 535 || reply.code() == 534 || reply.code() == 530)
        kind = Error::Kind::Authentication;
    else if (m_temporary)
        kind = Error::Kind::ConnectionLost;
    failWith(Error(kind, what + QLatin1Char(' ') + reply.text().section(QLatin1Char('\n'), -1),
        reply.toDisplayString()));
}
