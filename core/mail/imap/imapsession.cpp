#include "mail/imap/imapsession.h"

#include "mail/imap/imapfetchdata.h"
#include "net/certificatequestion.h"
#include "net/linechannel.h"
#include "net/prompter.h"
#include "security/certificatestore.h"

#include <QCoreApplication>

namespace {

QString serverText(const ImapResponse &response)
{
    return QString::fromUtf8(response.text).trimmed();
}

QByteArray describeValue(const ImapValue &value)
{
    switch (value.type()) {
    case ImapValue::Type::Nil: return "NIL";
    case ImapValue::Type::Atom: return value.bytes();
    case ImapValue::Type::String:
        if (value.spoolFile() || value.size() > 200 || value.bytes().contains('\n'))
            return '{' + QByteArray::number(value.size()) + " bytes}";
        return '"' + value.bytes() + '"';
    case ImapValue::Type::List: {
        QByteArray text = "(";
        for (qsizetype i = 0; i < value.items().size(); ++i) {
            if (i > 0)
                text += ' ';
            text += describeValue(value.items().at(i));
        }
        return text + ')';
    }
    }
    return {};
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
    Pending pending;
    pending.pieces = command.pieces();
    pending.secret = command.isSecret();
    pending.name = command.name();
    pending.handlers = std::move(handlers);
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

quint32 ImapSession::uidForSequence(quint32 sequence) const
{
    if (sequence == 0 || sequence > quint32(m_sequenceUids.size()))
        return 0;
    return m_sequenceUids.at(qsizetype(sequence) - 1);
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
        Pending pending;
        pending.pieces = ImapCommand("LOGOUT").pieces();
        pending.name = "LOGOUT";
        pending.handlers.completed = [this](const ImapResponse &, const Error &) {
            if (m_channel)
                m_channel->close();
        };
        startCommand(std::move(pending));
    }
}

void ImapSession::pipelineQueued()
{
    static constexpr qsizetype maxInFlight = 4;
    if (!m_current->pipelinable || m_current->nextPiece < m_current->pieces.size())
        return;
    while (!m_queue.isEmpty() && m_queue.constFirst().pipelinable
        && m_pipelined.size() + 1 < maxInFlight && m_channel) {
        Pending next = m_queue.takeFirst();
        next.tag = 'W' + QByteArray::number(m_nextTag++);
        const ImapCommand::Piece &piece = next.pieces.constFirst();
        const qsizetype nameLength = next.name.size();
        const Error error = m_channel->writeCommand(
            next.tag + ' ' + piece.text.left(nameLength), piece.text.mid(nameLength + 1));
        next.nextPiece = next.pieces.size();
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
    m_selected.clear();
    m_sequenceUids.clear();
    setState(State::Connecting);

    m_channel = new LineChannel(QStringLiteral("imap"), m_log, this);
    m_channel->setRawMode(true);
    m_channel->setCertificateStore(m_certificates);
    if (m_certificates)
        m_channel->setSslConfiguration(m_certificates->sslConfiguration());
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
            m_channel->logReceived(describe(response));
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
        if (m_current && m_current->nextPiece > 0
            && m_current->pieces.at(m_current->nextPiece - 1).hasLiteral
            && !hasCapability("LITERAL+")) {
            writeLiteral(m_current->pieces.at(m_current->nextPiece - 1));
            writeNextPiece();
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
    if (response.kind != ImapResponse::Kind::Untagged || !response.isStatus()) {
        failConnection(Error(Error::Kind::Protocol,
            tr("%1 did not greet like an IMAP server.").arg(m_settings.host), describe(response)));
        return;
    }
    if (response.status == ImapResponse::Status::Bye) {
        failConnection(Error(Error::Kind::ConnectionRefused,
            tr("%1 refused the connection.").arg(m_settings.host), serverText(response)));
        return;
    }
    m_greeted = true;
    applyResponseCode(response);
    if (response.status == ImapResponse::Status::PreAuth) {
        // A PREAUTH greeting skips login: over plaintext, TLS can then never start (RFC 9051
        // §6.2.1 and the "NO STARTTLS" attacks), so it is refused unless the person chose
        // plaintext.
        if (!m_tlsDone && m_settings.security != Security::Plain) {
            failConnection(Error(Error::Kind::Tls,
                tr("%1 skipped login before TLS was started (PREAUTH); the connection was "
                   "closed because it would not be encrypted.")
                    .arg(m_settings.host),
                serverText(response)));
            return;
        }
        setState(State::LoggingIn);
        askCapabilities([this] { afterLogin(ImapResponse()); });
        return;
    }
    if (response.status != ImapResponse::Status::Ok) {
        failConnection(Error(Error::Kind::Protocol,
            tr("%1 did not greet like an IMAP server.").arg(m_settings.host),
            serverText(response)));
        return;
    }
    setState(State::LoggingIn);
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
        failConnection(Error(Error::Kind::Tls,
            tr("%1 does not offer STARTTLS, and this account requires TLS. Use imaps:// (port "
               "993) if the server has it.")
                .arg(m_settings.host)));
        return;
    }
    Handlers handlers;
    handlers.completed = [this](const ImapResponse &, const Error &error) {
        if (error.isError()) {
            failConnection(Error(Error::Kind::Tls,
                tr("%1 refused to start TLS.").arg(m_settings.host), error.serverReply()));
            return;
        }
        // Anything already received after the OK was sent before TLS by someone who wants it
        // read as if it came after: response injection (CVE-2011-0411 style). Abort.
        m_stopReading = true;
        const qint64 injected = m_parser.bufferedBytes() + m_channel->startTls();
        if (injected > 0) {
            failConnection(Error(Error::Kind::Tls,
                tr("%1 sent %2 bytes right after agreeing to STARTTLS, before encryption "
                   "started; the connection was closed because they could be forged.")
                    .arg(m_settings.host)
                    .arg(injected)));
            return;
        }
        m_capabilities.clear();
    };
    runInternal(ImapCommand("STARTTLS"), std::move(handlers));
}

void ImapSession::authenticate()
{
    const QByteArray user = m_settings.user.toUtf8();
    const QByteArray password = m_settings.password.toUtf8();
    Handlers handlers;
    handlers.completed = [this](const ImapResponse &tagged, const Error &error) {
        if (error.isError()) {
            const bool rejected = tagged.status == ImapResponse::Status::No;
            failConnection(rejected ? Error(Error::Kind::Authentication,
                               tr("%1 rejected the user name or password for %2.")
                                   .arg(m_settings.host, m_settings.user),
                               error.serverReply())
                                    : error);
            return;
        }
        afterLogin(tagged);
    };
    if (hasCapability("AUTH=PLAIN")) {
        const QByteArray response
            = QByteArray(QByteArray(1, '\0') + user + '\0' + password).toBase64();
        if (hasCapability("SASL-IR")) {
            runInternal(ImapCommand("AUTHENTICATE PLAIN").append(response).setSecret(true),
                std::move(handlers));
            return;
        }
        handlers.continuation
            = [this, response](const ImapResponse &) { sendLine(response, true); };
        runInternal(ImapCommand("AUTHENTICATE PLAIN"), std::move(handlers));
        return;
    }
    if (hasCapability("LOGINDISABLED")) {
        failConnection(Error(Error::Kind::Authentication,
            tr("%1 does not allow logging in on this connection (LOGINDISABLED) and offers no "
               "method Wharf supports.")
                .arg(m_settings.host)));
        return;
    }
    runInternal(ImapCommand("LOGIN").appendString(user).appendString(password).setSecret(true),
        std::move(handlers));
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
    Pending pending;
    pending.pieces = command.pieces();
    pending.secret = command.isSecret();
    pending.name = command.name();
    pending.handlers = std::move(handlers);
    startCommand(std::move(pending));
}

void ImapSession::startCommand(Pending pending)
{
    pending.tag = 'W' + QByteArray::number(m_nextTag++);
    if (pending.selects) {
        m_selected.clear();
        m_selecting = *pending.selects;
        m_selectingReadOnly = pending.readOnly;
        m_uidValidity = 0;
        m_uidNext = 0;
        m_highestModSeq = 0;
        m_sequenceUids.clear();
    }
    m_current = std::move(pending);
    writeNextPiece();
}

void ImapSession::writeNextPiece()
{
    if (!m_current || !m_channel)
        return;
    const bool literalPlus = hasCapability("LITERAL+");
    while (m_current->nextPiece < m_current->pieces.size()) {
        const ImapCommand::Piece &piece = m_current->pieces.at(m_current->nextPiece);
        const bool first = m_current->nextPiece == 0;
        QByteArray line = piece.text;
        if (piece.hasLiteral) {
            const QByteArray marker
                = '{' + QByteArray::number(piece.literal.size()) + (literalPlus ? "+}" : "}");
            line += line.isEmpty() && !first ? marker : ' ' + marker;
        }
        if (!first && !line.isEmpty())
            line.prepend(' ');
        Error error;
        if (first) {
            // The tag and the command's name are logged; a secret command's arguments never.
            const qsizetype nameLength = m_current->name.size();
            error = m_channel->writeCommand(m_current->tag + ' ' + line.left(nameLength),
                line.mid(nameLength + 1),
                m_current->secret ? LineChannel::LogMode::MaskArgument
                                  : LineChannel::LogMode::Plain);
        } else {
            error = m_channel->writeCommand(line, {},
                m_current->secret ? LineChannel::LogMode::MaskLine : LineChannel::LogMode::Plain);
        }
        if (error.isError()) {
            failConnection(error);
            return;
        }
        ++m_current->nextPiece;
        m_channel->setAwaitingReply(true);
        if (!piece.hasLiteral)
            return;
        if (!literalPlus)
            return; // the literal follows the server's "+" (handleResponse)
        writeLiteral(piece);
    }
}

void ImapSession::writeLiteral(const ImapCommand::Piece &piece)
{
    m_channel->writeRaw(piece.literal,
        m_current && m_current->secret
            ? QStringLiteral("****")
            : tr("(%1 bytes of literal data)").arg(piece.literal.size()));
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
    completePending(std::move(pending), tagged);
}

void ImapSession::completePending(Pending pending, const ImapResponse &tagged)
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
    if (pending.selects) {
        if (!error.isError()) {
            m_selected = *pending.selects;
            m_selectedReadOnly = pending.readOnly || tagged.code == "READ-ONLY";
        }
        m_selecting.clear();
    }
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
    const QByteArray &name = response.name;
    if (name == "CAPABILITY") {
        setCapabilities(response.values);
    } else if (name == "EXISTS" && response.number) {
        const quint32 count = *response.number;
        if (count < quint32(m_sequenceUids.size()))
            m_channel->logError(tr("EXISTS went down without EXPUNGE; the list is refreshed."));
        m_sequenceUids.resize(qsizetype(count), 0);
        if (!m_selecting.isEmpty() || !m_selected.isEmpty())
            emit messageCountChanged(count);
    } else if (name == "EXPUNGE" && response.number) {
        const quint32 sequence = *response.number;
        if (sequence == 0 || sequence > quint32(m_sequenceUids.size()))
            return;
        const quint32 uid = m_sequenceUids.takeAt(qsizetype(sequence) - 1);
        if (uid != 0)
            emit messagesExpunged({uid});
        emit messageCountChanged(quint32(m_sequenceUids.size()));
    } else if (name == "FETCH" && response.number && !response.values.isEmpty()) {
        // Only UID and FLAGS matter here; the running command decodes the rest itself.
        std::optional<quint32> uid;
        const QByteArrayList *flags = nullptr;
        QByteArrayList flagList;
        const QList<ImapValue> &items = response.values.constFirst().items();
        for (qsizetype i = 0; i + 1 < items.size(); i += 2) {
            const ImapValue &key = items.at(i);
            if (key.isAtom("UID")) {
                if (const std::optional<quint64> number = items.at(i + 1).toNumber())
                    uid = quint32(*number);
            } else if (key.isAtom("FLAGS") && items.at(i + 1).isList()) {
                for (const ImapValue &flag : items.at(i + 1).items())
                    flagList.append(flag.bytes());
                flags = &flagList;
            }
        }
        const quint32 sequence = *response.number;
        if (sequence > quint32(m_sequenceUids.size()))
            m_sequenceUids.resize(qsizetype(sequence), 0);
        if (uid && sequence > 0)
            m_sequenceUids[qsizetype(sequence) - 1] = *uid;
        const quint32 known = uid.value_or(uidForSequence(sequence));
        if (flags && known != 0)
            emit flagsChanged(known, *flags);
    }
}

void ImapSession::applyResponseCode(const ImapResponse &response)
{
    const QByteArray &code = response.code;
    if (code.isEmpty())
        return;
    // GCC 12 warns about a maybe-uninitialised std::optional here, so a plain flag it is.
    const std::optional<quint64> argument = response.codeArguments.isEmpty()
        ? std::optional<quint64>()
        : response.codeArguments.constFirst().toNumber();
    const bool hasNumber = argument.has_value();
    const quint64 number = argument.value_or(0);
    if (code == "CAPABILITY") {
        setCapabilities(response.codeArguments);
    } else if (code == "ALERT") {
        emit alert(serverText(response));
    } else if (code == "UIDVALIDITY" && hasNumber) {
        m_uidValidity = quint32(number);
    } else if (code == "UIDNEXT" && hasNumber) {
        m_uidNext = quint32(number);
    } else if (code == "HIGHESTMODSEQ" && hasNumber) {
        m_highestModSeq = number;
    } else if (code == "READ-ONLY" && !m_selecting.isEmpty()) {
        m_selectingReadOnly = true;
    }
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
        m_selected.clear();
        m_sequenceUids.clear();
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
    m_selected.clear();
    m_selecting.clear();
    m_sequenceUids.clear();
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

QString ImapSession::describe(const ImapResponse &response)
{
    QByteArray text;
    switch (response.kind) {
    case ImapResponse::Kind::Continuation:
        return QStringLiteral("+ ") + QString::fromUtf8(response.text);
    case ImapResponse::Kind::Tagged: text = response.tag; break;
    case ImapResponse::Kind::Untagged: text = "*"; break;
    }
    static const char *const statusNames[] = {"", "OK", "NO", "BAD", "PREAUTH", "BYE"};
    if (response.isStatus())
        text += QByteArray(" ") + statusNames[int(response.status)];
    if (response.number)
        text += ' ' + QByteArray::number(*response.number);
    if (!response.name.isEmpty())
        text += ' ' + response.name;
    if (!response.code.isEmpty()) {
        text += " [" + response.code;
        for (const ImapValue &value : response.codeArguments)
            text += ' ' + describeValue(value);
        text += ']';
    }
    for (const ImapValue &value : response.values)
        text += ' ' + describeValue(value);
    if (!response.text.isEmpty())
        text += ' ' + response.text;
    return QString::fromUtf8(text);
}
