#include "mail/imap/imapsession.h"

#include "mail/imap/imaploginsteps.h"
#include "net/certificatequestion.h"
#include "net/linechannel.h"
#include "net/prompter.h"

#include <QCoreApplication>

namespace {

QString serverText(const ImapResponse &response)
{
    return QString::fromUtf8(response.text).trimmed();
}

} // namespace

ImapSession::ImapSession(Settings settings, CertificateStore *certificates, Prompter *prompter,
    ProtocolLog *log, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_certificates(certificates)
    , m_prompter(prompter)
    , m_log(log)
{
    if (!m_settings.spoolDirectory.isEmpty())
        m_parser.setSpoolDirectory(m_settings.spoolDirectory);
}

ImapSession::~ImapSession()
{
    if (m_channel)
        m_channel->abort();
}

void ImapSession::execute(const ImapCommand &command, Handlers handlers)
{
    enqueue(command, std::move(handlers), std::nullopt, false);
}

void ImapSession::select(const QByteArray &encodedMailbox, bool readOnly, Handlers handlers)
{
    ImapCommand command(readOnly ? "EXAMINE" : "SELECT");
    command.appendString(encodedMailbox);
    if (hasCapability("CONDSTORE"))
        command.append("(CONDSTORE)");
    enqueue(command, std::move(handlers), encodedMailbox, readOnly);
}

void ImapSession::enqueue(
    const ImapCommand &command, Handlers handlers, std::optional<QByteArray> selects, bool readOnly)
{
    Pending pending = makePending(command, std::move(handlers));
    pending.selects = std::move(selects);
    pending.readOnly = readOnly;
    pending.pipelinable = !pending.selects && pending.pieces.size() == 1
        && !pending.pieces.constFirst().hasLiteral && !pending.handlers.preempt
        && !pending.handlers.continuation
        && QByteArrayList {"UID FETCH", "FETCH", "UID STORE", "STORE", "STATUS"}.contains(
            pending.name.toUpper());
    m_queue.append(std::move(pending));
    preemptCurrent();
    pump();
}

void ImapSession::preemptCurrent()
{
    if (m_current && m_current->handlers.preempt && !m_current->preempted) {
        m_current->preempted = true;
        const std::function<void()> preempt = m_current->handlers.preempt;
        preempt();
    }
}

void ImapSession::logout()
{
    if (m_state == State::Disconnected && !m_current && m_queue.isEmpty())
        return;
    m_logoutRequested = true;
    preemptCurrent();
    pump();
}

void ImapSession::abort()
{
    failConnection(Error(Error::Kind::Cancelled, tr("Cancelled.")));
}

bool ImapSession::hasCapability(QByteArrayView capability) const
{
    return m_capabilities.contains(capability.toByteArray().toUpper());
}

void ImapSession::pump()
{
    if (m_state == State::Disconnected) {
        if (!m_queue.isEmpty())
            connectToServer();
        else
            m_logoutRequested = false;
        return;
    }
    if (m_state != State::Ready)
        return;
    if (m_current) {
        pipelineQueued();
        return;
    }
    if (!m_queue.isEmpty()) {
        startCommand(m_queue.takeFirst());
        return;
    }
    if (m_logoutRequested) {
        m_logoutRequested = false;
        setState(State::LoggingOut);
        Handlers handlers;
        handlers.completed = [this](const ImapResponse &, const Error &) {
            if (m_channel)
                m_channel->close();
        };
        startCommand(makePending(ImapCommand("LOGOUT"), std::move(handlers)));
    }
}

void ImapSession::pipelineQueued()
{
    static constexpr qsizetype maxInFlight = 4;
    if (!m_current->pipelinable || !m_current->isWritten())
        return;
    while (!m_queue.isEmpty() && m_queue.constFirst().pipelinable
        && m_pipelined.size() + 1 < maxInFlight && m_channel) {
        Pending next = m_queue.takeFirst();
        m_writer.tag(next);
        const Error error = ImapCommandWriter::writeOn(*m_channel, next, false); // no literals
        m_pipelined.append(std::move(next));
        if (error.isError()) {
            failConnection(error);
            return;
        }
    }
}

void ImapSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void ImapSession::connectToServer()
{
    if (m_channel) {
        m_channel->disconnect(this);
        m_channel->abort();
        m_channel->deleteLater();
    }
    m_parser.reset();
    m_capabilities.clear();
    m_greeted = false;
    m_tlsDone = false;
    m_stopReading = false;
    m_byeReceived = false;
    m_byeText.clear();
    m_mailbox.clear();
    setState(State::Connecting);

    m_channel = new LineChannel(QStringLiteral("imap"), m_log, this);
    m_channel->setRawMode(true);
    m_channel->setCertificateStore(m_certificates);
    m_channel->setConnectTimeout(m_settings.connectTimeoutMs);
    m_channel->setReadTimeout(m_settings.readTimeoutMs);
    connect(m_channel, &LineChannel::connected, this, &ImapSession::onConnected);
    connect(m_channel, &LineChannel::encrypted, this, &ImapSession::onEncrypted);
    connect(m_channel, &LineChannel::bytesReceived, this, &ImapSession::onBytes);
    connect(m_channel, &LineChannel::failed, this, &ImapSession::onChannelFailed);
    connect(m_channel, &LineChannel::disconnected, this, &ImapSession::onChannelDisconnected);
    if (m_settings.security == Security::Plain)
        m_channel->logError(tr("Plaintext connection: the password and all mail travel "
                               "unencrypted, as chosen for this server."));
    m_channel->connectToHost(m_settings.host, m_settings.port,
        m_settings.security == Security::ImplicitTls ? LineChannel::Security::ImplicitTls
                                                     : LineChannel::Security::Plain);
}

void ImapSession::onConnected()
{
    if (m_settings.security == Security::ImplicitTls)
        m_tlsDone = true;
    // The greeting must come within the read timeout.
    m_channel->setAwaitingReply(true);
}

void ImapSession::onEncrypted()
{
    if (!m_greeted)
        return; // implicit TLS: the greeting follows
    // After STARTTLS: everything learned before the handshake is void (RFC 3501 §6.2.1).
    m_tlsDone = true;
    m_parser.reset();
    m_stopReading = false;
    askCapabilities([this] { authenticate(); });
}

void ImapSession::onBytes(const QByteArray &bytes)
{
    if (m_stopReading)
        return;
    m_parser.feed(bytes);
    QPointer<ImapSession> self(this);
    while (self && !m_stopReading) {
        ImapResponse response;
        const ImapResponseParser::Result result = m_parser.next(&response);
        if (result == ImapResponseParser::Result::NeedMore)
            break;
        if (result == ImapResponseParser::Result::Malformed) {
            // RFC 2683: be liberal. A response we can't read is skipped; a command's result
            // that can't be read would leave it hanging, which the read timeout then ends.
            m_channel->logError(
                tr("Skipped a response that could not be read: %1").arg(m_parser.errorString()));
            continue;
        }
        if (m_channel->isLogging())
            m_channel->logReceived(response.toLogText());
        handleResponse(response);
    }
    if (self && m_parser.literalBytesExpected() > 0)
        emit literalProgress(m_parser.literalBytesReceived(), m_parser.literalBytesExpected());
    if (self && m_channel)
        m_channel->setAwaitingReply((m_current && !m_current->quiet) || !m_greeted);
}

void ImapSession::handleResponse(const ImapResponse &response)
{
    if (!m_greeted) {
        handleGreeting(response);
        return;
    }
    if (response.isContinuation()) {
        if (m_current && m_channel
            && ImapCommandWriter::awaitsLiteralRequest(*m_current, hasCapability("LITERAL+"))) {
            const Error error = ImapCommandWriter::continueWith(
                *m_channel, *m_current, hasCapability("LITERAL+"));
            if (error.isError())
                failConnection(error);
            return;
        }
        if (m_current && m_current->handlers.continuation) {
            if (m_current->handlers.preempt)
                m_current->quiet = true;
            m_current->handlers.continuation(response);
            return;
        }
        m_channel->logError(tr("Unexpected continuation request ignored."));
        return;
    }
    if (response.isTagged()) {
        applyResponseCode(response);
        if (m_current && response.tag == m_current->tag) {
            finishCurrent(response);
            return;
        }
        for (qsizetype i = 0; i < m_pipelined.size(); ++i) {
            if (m_pipelined.at(i).tag == response.tag) {
                // A pipelined command finished before the one ahead of it (allowed when the
                // server sees no dependency between them).
                completePending(m_pipelined.takeAt(i), response);
                return;
            }
        }
        m_channel->logError(tr("Ignored a result for a command that isn't running (%1).")
                                .arg(QString::fromLatin1(response.tag)));
        return;
    }
    applyUntagged(response);
    if (m_current && m_current->handlers.untagged)
        m_current->handlers.untagged(response);
}

void ImapSession::handleGreeting(const ImapResponse &response)
{
    Error error;
    const ImapLoginSteps::Greeting greeting = ImapLoginSteps::judgeGreeting(
        response, m_tlsDone, m_settings.security == Security::Plain, m_settings.host, &error);
    if (greeting == ImapLoginSteps::Greeting::Refused) {
        failConnection(error);
        return;
    }
    m_greeted = true;
    applyResponseCode(response);
    setState(State::LoggingIn);
    if (greeting == ImapLoginSteps::Greeting::PreAuthenticated) {
        askCapabilities([this] { afterLogin(ImapResponse()); });
        return;
    }
    askCapabilities([this] {
        if (m_settings.security == Security::StartTls && !m_tlsDone)
            startTls();
        else
            authenticate();
    });
}

void ImapSession::askCapabilities(const std::function<void()> &then)
{
    if (!m_capabilities.isEmpty()) {
        then();
        return;
    }
    Handlers handlers;
    handlers.completed = [this, then](const ImapResponse &, const Error &error) {
        if (error.isError()) {
            failConnection(error);
            return;
        }
        then();
    };
    runInternal(ImapCommand("CAPABILITY"), std::move(handlers));
}

void ImapSession::startTls()
{
    if (!hasCapability("STARTTLS")) {
        failConnection(ImapLoginSteps::noStartTls(m_settings.host));
        return;
    }
    Handlers handlers;
    handlers.completed = [this](const ImapResponse &, const Error &error) {
        if (error.isError()) {
            failConnection(ImapLoginSteps::startTlsRefused(m_settings.host, error));
            return;
        }
        // Anything already received after the OK was sent before TLS by someone who wants it
        // read as if it came after: response injection (CVE-2011-0411 style). Abort.
        m_stopReading = true;
        const qint64 injected = m_parser.bufferedBytes() + m_channel->startTls();
        if (injected > 0) {
            failConnection(ImapLoginSteps::injection(m_settings.host, injected));
            return;
        }
        m_capabilities.clear();
    };
    runInternal(ImapCommand("STARTTLS"), std::move(handlers));
}

void ImapSession::authenticate()
{
    Error error;
    const std::optional<ImapLoginSteps::Login> login = ImapLoginSteps::loginCommand(
        m_capabilities, m_settings.user, m_settings.password, m_settings.host, &error);
    if (!login) {
        failConnection(error);
        return;
    }
    Handlers handlers;
    handlers.completed = [this](const ImapResponse &tagged, const Error &refusal) {
        if (refusal.isError()) {
            failConnection(
                ImapLoginSteps::loginRefused(tagged, refusal, m_settings.host, m_settings.user));
            return;
        }
        afterLogin(tagged);
    };
    if (!login->continuationAnswer.isEmpty()) {
        handlers.continuation = [this, answer = login->continuationAnswer](
                                    const ImapResponse &) { sendLine(answer, true); };
    }
    runInternal(login->command, std::move(handlers));
}

void ImapSession::afterLogin(const ImapResponse &tagged)
{
    // Capabilities may change after login (RFC 9051 §6.2.3): use the ones sent with the OK,
    // else ask again.
    if (tagged.code != "CAPABILITY")
        m_capabilities.clear();
    askCapabilities([this] {
        setState(State::Ready);
        pump();
    });
}

void ImapSession::runInternal(const ImapCommand &command, Handlers handlers)
{
    startCommand(makePending(command, std::move(handlers)));
}

ImapSession::Pending ImapSession::makePending(const ImapCommand &command, Handlers handlers)
{
    Pending pending;
    pending.pieces = command.pieces();
    pending.secret = command.isSecret();
    pending.name = command.name();
    pending.handlers = std::move(handlers);
    return pending;
}

void ImapSession::startCommand(Pending pending)
{
    m_writer.tag(pending);
    if (pending.selects)
        m_mailbox.beginSelect(*pending.selects, pending.readOnly);
    m_current = std::move(pending);
    writeNextPiece();
}

void ImapSession::writeNextPiece()
{
    if (!m_current || !m_channel)
        return;
    const Error error
        = ImapCommandWriter::writeOn(*m_channel, *m_current, hasCapability("LITERAL+"));
    if (error.isError())
        failConnection(error);
}

void ImapSession::sendLine(const QByteArray &line, bool secret)
{
    if (!m_channel)
        return;
    if (m_current)
        m_current->quiet = false;
    m_channel->setAwaitingReply(true);
    const Error error = m_channel->writeCommand(
        line, {}, secret ? LineChannel::LogMode::MaskLine : LineChannel::LogMode::Plain);
    if (error.isError())
        failConnection(error);
}

void ImapSession::finishCurrent(const ImapResponse &tagged)
{
    Pending pending = std::move(*m_current);
    m_current.reset();
    if (!m_pipelined.isEmpty())
        m_current = m_pipelined.takeFirst();
    completePending(pending, tagged);
}

void ImapSession::completePending(const Pending &pending, const ImapResponse &tagged)
{
    Error error;
    if (tagged.status != ImapResponse::Status::Ok) {
        const QString words = serverText(tagged);
        error = Error(Error::Kind::Protocol,
            tr("The server refused %1: %2")
                .arg(QString::fromLatin1(pending.name),
                    words.isEmpty() ? tr("no reason given") : words),
            words);
    }
    if (pending.selects)
        m_mailbox.endSelect(!error.isError(), tagged.code);
    if (m_channel && !m_current)
        m_channel->setAwaitingReply(false);
    QPointer<ImapSession> self(this);
    if (pending.handlers.completed)
        pending.handlers.completed(tagged, error);
    if (self)
        pump();
}

void ImapSession::applyUntagged(const ImapResponse &response)
{
    if (response.isStatus()) {
        applyResponseCode(response);
        if (response.status == ImapResponse::Status::Bye) {
            // The connection ends after BYE (RFC 3501 §7.1.5); LOGOUT expects it.
            m_byeReceived = true;
            m_byeText = response.text;
        }
        return;
    }
    if (response.name == "CAPABILITY") {
        setCapabilities(response.values);
        return;
    }
    const ImapMailboxState::Change change = m_mailbox.apply(response);
    if (change.countWentDown)
        m_channel->logError(tr("EXISTS went down without EXPUNGE; the list is refreshed."));
    if (!change.expungedUids.isEmpty())
        emit messagesExpunged(change.expungedUids);
    if (change.messageCount)
        emit messageCountChanged(*change.messageCount);
    if (change.flagsUid)
        emit flagsChanged(*change.flagsUid, change.flags);
}

void ImapSession::applyResponseCode(const ImapResponse &response)
{
    if (response.code.isEmpty())
        return;
    if (response.code == "CAPABILITY")
        setCapabilities(response.codeArguments);
    else if (response.code == "ALERT")
        emit alert(serverText(response));
    else
        m_mailbox.applyCode(response);
}

void ImapSession::setCapabilities(const QList<ImapValue> &values)
{
    m_capabilities.clear();
    for (const ImapValue &value : values) {
        if (value.isAtom())
            m_capabilities.insert(value.bytes().toUpper());
    }
}

void ImapSession::onChannelFailed(const Error &error)
{
    if (error.kind() == Error::Kind::ConnectionLost
        && (m_byeReceived || m_state == State::LoggingOut)) {
        onChannelDisconnected(); // the server said why before it hung up
        return;
    }
    if ((m_state == State::Connecting || m_state == State::LoggingIn)
        && CertificateQuestion::offer(
            error, m_channel, m_prompter, m_certificates, &m_certificatePromptDone, this,
            [this] { connectToServer(); },
            [this](const Error &refused) { failConnection(refused); }))
        return;
    failConnection(error);
}

void ImapSession::onChannelDisconnected()
{
    if (m_state == State::LoggingOut || (m_byeReceived && !m_current && m_queue.isEmpty())) {
        // A clean end: LOGOUT's own result may not have arrived before the close.
        if (m_channel) {
            m_channel->disconnect(this);
            m_channel->deleteLater();
            m_channel = nullptr;
        }
        if (m_current && m_current->name == "LOGOUT")
            m_current.reset();
        m_mailbox.clear();
        setState(State::Disconnected);
        pump(); // commands queued meanwhile connect again
        return;
    }
    const QString reason = m_byeReceived
        ? tr("%1 ended the session: %2")
              .arg(m_settings.host, QString::fromUtf8(m_byeText).trimmed())
        : tr("%1 closed the connection.").arg(m_settings.host);
    failConnection(Error(Error::Kind::ConnectionLost, reason, QString::fromUtf8(m_byeText)));
}

void ImapSession::failConnection(const Error &error)
{
    if (m_channel) {
        m_channel->disconnect(this);
        m_channel->abort();
        m_channel->deleteLater();
        m_channel = nullptr;
    }
    m_stopReading = true;
    m_parser.reset();
    m_mailbox.clear();
    m_logoutRequested = false;
    m_certificatePromptDone = false;
    const bool wasConnected = m_state != State::Disconnected;
    setState(State::Disconnected);
    QList<Pending> failed;
    if (m_current)
        failed.append(std::move(*m_current));
    m_current.reset();
    failed.append(std::move(m_pipelined));
    m_pipelined.clear();
    failed.append(std::move(m_queue));
    m_queue.clear();
    QPointer<ImapSession> self(this);
    if (wasConnected)
        emit connectionLost(error);
    for (Pending &pending : failed) {
        if (pending.handlers.completed)
            pending.handlers.completed(ImapResponse(), error);
        if (!self)
            return;
    }
}
