#include "pop3fetchjob.h"

#include <QCryptographicHash>

#include <algorithm>
#include <utility>

namespace {

// RFC 1939 7: a UID is 1 to 70 characters from 0x21 to 0x7E. Anything else is refused before
// it reaches the UID file.
bool isValidUid(const QByteArray &uid)
{
    if (uid.isEmpty() || uid.size() > 70)
        return false;
    return std::all_of(uid.cbegin(), uid.cend(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

QString serverText(const Pop3ReplyParser::Reply &reply)
{
    return QString::fromUtf8(reply.text);
}

LineChannelJob::Endpoint endpointOf(const Pop3FetchJob::Settings &settings)
{
    return {settings.host, settings.port, settings.security == Pop3FetchJob::Security::ImplicitTls,
        settings.connectTimeoutMs, settings.readTimeoutMs};
}

} // namespace

Pop3FetchJob::Pop3FetchJob(Settings settings, QString maildirPath, QSet<QByteArray> knownUids,
    CertificateStore *certificates, ProtocolLog *log, QObject *parent)
    : LineChannelJob(QStringLiteral("pop3"), endpointOf(settings), certificates, log, parent)
    , m_settings(std::move(settings))
    , m_maildir(std::move(maildirPath))
    , m_knownUids(std::move(knownUids))
{ }

void Pop3FetchJob::doStart()
{
    const Error created = m_settings.headersOnly ? Error() : m_maildir.create();
    if (created.isError()) {
        failWith(created);
        return;
    }
    connectToServer();
}

void Pop3FetchJob::onConnected()
{
    m_parser.expect(false);
    m_pending = [this](const Pop3ReplyParser::Reply &reply) { onGreeting(reply); };
    channel()->setAwaitingReply(true);
}

void Pop3FetchJob::onEncrypted()
{
    // Nothing learned before TLS counts (RFC 2595 4): ask again.
    m_capabilities.clear();
    m_apopTimestamp.clear();
    askCapabilities();
}

void Pop3FetchJob::forgetConversation()
{
    m_pending = {};
    m_capabilities.clear();
    m_apopTimestamp.clear();
}

void Pop3FetchJob::send(const QByteArray &verb, const QByteArray &argument, bool multiLine,
    ReplyHandler onReply, LineChannel::LogMode logMode)
{
    const Error error = channel()->writeCommand(verb, argument, logMode);
    if (error.isError()) {
        failWith(error);
        return;
    }
    m_parser.expect(multiLine);
    m_pending = std::move(onReply);
    channel()->setAwaitingReply(true);
}

void Pop3FetchJob::onLine(const QByteArray &line)
{
    if (isFinished())
        return;
    switch (m_parser.feedLine(line)) {
    case Pop3ReplyParser::State::NeedMore: return;
    case Pop3ReplyParser::State::Complete: break;
    case Pop3ReplyParser::State::TooLarge:
        failWith(Error(Error::Kind::Protocol,
            tr("The server sent a reply larger than %1 bytes.")
                .arg(Pop3ReplyParser::defaultMaxBodySize)));
        return;
    case Pop3ReplyParser::State::Idle:
    case Pop3ReplyParser::State::Malformed:
        failWith(Error(Error::Kind::Protocol, tr("The server sent a reply that is not POP3."),
            QString::fromUtf8(line.left(200))));
        return;
    }
    channel()->setAwaitingReply(false);
    const Pop3ReplyParser::Reply reply = m_parser.takeReply();
    ReplyHandler handler = std::exchange(m_pending, {});
    if (handler)
        handler(reply);
}

void Pop3FetchJob::onGreeting(const Pop3ReplyParser::Reply &reply)
{
    if (!reply.ok) {
        fail(reply, Error::Kind::ConnectionRefused, tr("The server refused the connection."));
        return;
    }
    // "+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>": the APOP challenge (RFC 1939 7).
    const qsizetype open = reply.text.lastIndexOf('<');
    const qsizetype close = reply.text.lastIndexOf('>');
    if (open >= 0 && close > open && reply.text.mid(open, close - open).contains('@'))
        m_apopTimestamp = reply.text.mid(open, close - open + 1);
    askCapabilities();
}

void Pop3FetchJob::askCapabilities()
{
    send("CAPA", {}, true, [this](const Pop3ReplyParser::Reply &reply) {
        // A server from before RFC 2449 answers -ERR: no capabilities known, USER assumed.
        m_capaAnswered = reply.ok;
        m_capabilities.clear();
        for (const QByteArray &line : reply.lines) {
            const QByteArray name = line.trimmed().split(' ').constFirst().toUpper();
            if (!name.isEmpty())
                m_capabilities.insert(name);
        }
        afterCapabilities();
    });
}

void Pop3FetchJob::afterCapabilities()
{
    if (!isTlsDone() && m_settings.security == Security::StartTls) {
        if (m_capaAnswered && !m_capabilities.contains("STLS")) {
            failWith(Error(Error::Kind::Tls,
                tr("%1 does not offer STLS, and this account requires TLS.").arg(m_settings.host)));
            return;
        }
        send("STLS", {}, false, [this](const Pop3ReplyParser::Reply &reply) {
            if (!reply.ok) {
                fail(reply, Error::Kind::Tls, tr("The server refused STLS."));
                return;
            }
            // Anything already received came before TLS: an injection, not the server.
            if (channel()->startTls() > 0) {
                failWith(Error(Error::Kind::Tls,
                    tr("The server sent data before the TLS handshake; the connection was "
                       "closed to prevent tampering.")));
            }
        });
        return;
    }
    authenticate();
}

void Pop3FetchJob::authenticate()
{
    if (!isTlsDone() && m_settings.security != Security::Plain) {
        failWith(Error(Error::Kind::Tls, tr("Refused to send the password without TLS.")));
        return;
    }
    // On a plaintext connection APOP keeps the password off the wire; with TLS, USER/PASS is
    // the stronger choice (APOP makes the server keep the password in clear and uses MD5).
    if (!isTlsDone() && !m_apopTimestamp.isEmpty()) {
        const QByteArray digest = QCryptographicHash::hash(
            QByteArray(m_apopTimestamp + m_settings.password.toUtf8()), QCryptographicHash::Md5)
                                      .toHex();
        send(
            "APOP", m_settings.user.toUtf8() + ' ' + digest, false,
            [this](const Pop3ReplyParser::Reply &reply) {
                if (!reply.ok) {
                    fail(reply, Error::Kind::Authentication,
                        tr("Login failed: wrong user name or password."));
                    return;
                }
                afterLogin();
            },
            LineChannel::LogMode::MaskArgument);
        return;
    }
    if (m_capaAnswered && !m_capabilities.contains("USER")) {
        failWith(Error(Error::Kind::Unsupported,
            tr("%1 does not accept USER/PASS logins.").arg(m_settings.host)));
        return;
    }
    send("USER", m_settings.user.toUtf8(), false, [this](const Pop3ReplyParser::Reply &reply) {
        if (!reply.ok) {
            fail(reply, Error::Kind::Authentication, tr("The server refused the user name."));
            return;
        }
        sendPassword();
    });
}

void Pop3FetchJob::sendPassword()
{
    send(
        "PASS", m_settings.password.toUtf8(), false,
        [this](const Pop3ReplyParser::Reply &reply) {
            if (reply.ok) {
                afterLogin();
                return;
            }
            // RFC 2449 8.1: IN-USE (another client holds the mailbox) and SYS/TEMP are not a
            // wrong password; the next run may succeed.
            const QByteArray code = reply.responseCode();
            if (code == "IN-USE" || code == "LOGIN-DELAY" || code.startsWith("SYS/TEMP")) {
                fail(reply, Error::Kind::ConnectionLost,
                    tr("The server can't open the mailbox right now."));
                return;
            }
            fail(reply, Error::Kind::Authentication,
                tr("Login failed: wrong user name or password."));
        },
        LineChannel::LogMode::MaskArgument);
}

void Pop3FetchJob::afterLogin()
{
    send("STAT", {}, false, [this](const Pop3ReplyParser::Reply &reply) {
        bool ok = false;
        const int count = reply.text.split(' ').constFirst().toInt(&ok);
        if (!reply.ok || !ok || count < 0) {
            fail(reply, Error::Kind::Protocol, tr("The server did not report the mailbox size."));
            return;
        }
        m_serverCount = count;
        if (count == 0) {
            setProgress(0, 0);
            quit();
            return;
        }
        listUids();
    });
}

void Pop3FetchJob::listUids()
{
    send("UIDL", {}, true, [this](const Pop3ReplyParser::Reply &reply) {
        if (!reply.ok) {
            // Without UIDs there is no telling old mail from new: don't guess.
            fail(reply, Error::Kind::Unsupported,
                tr("The server does not support UIDL, which Wharf needs to avoid duplicates."));
            return;
        }
        QSet<QByteArray> seen;
        for (const QByteArray &line : reply.lines) {
            const QByteArrayList fields = line.simplified().split(' ');
            bool ok = false;
            const int number = fields.constFirst().toInt(&ok);
            if (fields.size() != 2 || !ok || number < 1 || !isValidUid(fields.at(1))) {
                failWith(Error(Error::Kind::Protocol, tr("The server sent an invalid UIDL line."),
                    QString::fromUtf8(line.left(200))));
                return;
            }
            const QByteArray &uid = fields.at(1);
            if (seen.contains(uid)) // two messages with one UID: fetch the first only
                continue;
            seen.insert(uid);
            if (!m_settings.onlyUids.isEmpty() && !m_settings.onlyUids.contains(uid))
                continue;
            if (!m_knownUids.contains(uid))
                m_toFetch.append({number, uid});
            else if (m_settings.deleteAfterDownload || m_settings.expiredUids.contains(uid))
                m_storedEarlier.append(number);
        }
        setProgress(0, m_toFetch.size());
        if (m_settings.headersOnly)
            listSizes();
        else
            retrieveNext();
    });
}

void Pop3FetchJob::listSizes()
{
    send("LIST", {}, true, [this](const Pop3ReplyParser::Reply &reply) {
        if (!reply.ok) {
            fail(reply, Error::Kind::Protocol, tr("The server could not list its messages."));
            return;
        }
        for (const QByteArray &line : reply.lines) {
            const QByteArrayList fields = line.simplified().split(' ');
            if (fields.size() >= 2)
                m_sizes.insert(fields.at(0).toInt(), fields.at(1).toLongLong());
        }
        headerNext();
    });
}

void Pop3FetchJob::headerNext()
{
    if (m_fetched >= m_toFetch.size()) {
        quit();
        return;
    }
    const Pending message = m_toFetch.at(m_fetched);
    send("TOP", QByteArray::number(message.number) + " 0", true,
        [this, message](const Pop3ReplyParser::Reply &reply) {
            if (!reply.ok) {
                fail(reply, Error::Kind::Unsupported,
                    tr("The server could not send the header of message %1 (TOP).")
                        .arg(message.number));
                return;
            }
            emit headerReceived(
                message.uid, m_sizes.value(message.number, -1), reply.joinedLines());
            if (isFinished())
                return;
            ++m_fetched;
            setProgress(m_fetched, m_toFetch.size());
            headerNext();
        });
}

void Pop3FetchJob::retrieveNext()
{
    if (m_fetched >= m_toFetch.size()) {
        deleteStoredEarlier();
        return;
    }
    const Pending message = m_toFetch.at(m_fetched);
    send("RETR", QByteArray::number(message.number), true,
        [this, message](const Pop3ReplyParser::Reply &reply) {
            if (!reply.ok) {
                fail(reply, Error::Kind::Protocol,
                    tr("The server could not send message %1.").arg(message.number));
                return;
            }
            // Stored and fsync'ed first; only then is the UID reported and DELE allowed.
            QString fileName;
            const Error stored = m_maildir.deliver(reply.joinedLines(), &fileName);
            if (stored.isError()) {
                failWith(stored);
                return;
            }
            m_knownUids.insert(message.uid);
            m_newUids.append(message.uid);
            emit messageStored(message.uid, fileName);
            if (isFinished()) // a slot cancelled us
                return;
            ++m_fetched;
            setProgress(m_fetched, m_toFetch.size());
            if (!m_settings.deleteAfterDownload) {
                retrieveNext();
                return;
            }
            send("DELE", QByteArray::number(message.number), false,
                [this, message](const Pop3ReplyParser::Reply &deleted) {
                    if (!deleted.ok) {
                        fail(deleted, Error::Kind::Protocol,
                            tr("The server could not delete message %1.").arg(message.number));
                        return;
                    }
                    retrieveNext();
                });
        });
}

void Pop3FetchJob::deleteStoredEarlier()
{
    if (m_storedEarlier.isEmpty()) {
        quit();
        return;
    }
    const int number = m_storedEarlier.takeFirst();
    send("DELE", QByteArray::number(number), false,
        [this, number](const Pop3ReplyParser::Reply &reply) {
            if (!reply.ok) {
                fail(reply, Error::Kind::Protocol,
                    tr("The server could not delete message %1.").arg(number));
                return;
            }
            deleteStoredEarlier();
        });
}

void Pop3FetchJob::quit()
{
    // DELEs take effect here (the UPDATE state): a connection lost before this deletes nothing.
    send("QUIT", {}, false, [this](const Pop3ReplyParser::Reply &reply) {
        if (!reply.ok) {
            fail(reply, Error::Kind::Protocol, tr("The server could not complete the session."));
            return;
        }
        channel()->close();
        finishWithSuccess();
    });
}

void Pop3FetchJob::fail(const Pop3ReplyParser::Reply &reply, Error::Kind kind, const QString &what)
{
    QString message = what;
    if (!reply.text.isEmpty())
        message += QLatin1Char(' ') + serverText(reply);
    const QString full
        = (reply.ok ? QStringLiteral("+OK ") : QStringLiteral("-ERR ")) + serverText(reply);
    failWith(Error(kind, message, full.trimmed()));
}
