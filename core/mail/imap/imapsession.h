// One connection to an IMAP account (RFC 3501 / RFC 9051 subset): it connects on first use
// with the account's TLS policy (implicit TLS, STARTTLS required, or plaintext only by
// choice), reads capabilities, logs in, then runs commands one at a time. It applies
// unsolicited responses (EXISTS, EXPUNGE, FETCH flags, BYE, [ALERT]) whenever they arrive and
// keeps the selected mailbox's state: UIDVALIDITY and message sequence numbers -> UIDs.
#pragma once

#include "mail/imap/imapcommand.h"
#include "mail/imap/imapcommandwriter.h"
#include "mail/imap/imapmailboxstate.h"
#include "mail/imap/imappendingcommand.h"
#include "mail/imap/imapresponse.h"
#include "mail/imap/imapresponseparser.h"
#include "net/error.h"

#include <QByteArrayList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

class CertificateStore;
class LineChannel;
class Prompter;
class ProtocolLog;

class ImapSession : public QObject
{
    Q_OBJECT

public:
    enum class Security {
        ImplicitTls, // imaps://, port 993: the default for new accounts
        StartTls, // port 143: STARTTLS before anything else, refused if the server can't
        Plain, // only when the person chose it for this server
    };
    enum class State { Disconnected, Connecting, LoggingIn, Ready, LoggingOut };

    struct Settings
    {
        QString host;
        quint16 port = 993;
        Security security = Security::ImplicitTls;
        QString user;
        QString password;
        int connectTimeoutMs = 20000;
        int readTimeoutMs = 60000;
        // Where literals too large for memory (message bodies) are written while they arrive.
        QString spoolDirectory;
    };

    using Handlers = ImapCommandHandlers;

    ImapSession(Settings settings, CertificateStore *certificates, Prompter *prompter,
        ProtocolLog *log, QObject *parent = nullptr);
    ~ImapSession() override;

    // Queues a command; the session connects and logs in first when it isn't connected.
    void execute(const ImapCommand &command, Handlers handlers);
    // SELECT (or EXAMINE when readOnly) a mailbox; the session resets its mailbox state and
    // fills it from the responses (UIDVALIDITY, UIDNEXT, EXISTS, HIGHESTMODSEQ).
    void select(const QByteArray &encodedMailbox, bool readOnly, Handlers handlers);
    // Answers a continuation request of the running command (a SASL response, IDLE's DONE).
    void sendLine(const QByteArray &line, bool secret = false);
    // LOGOUT, then close. Queued commands still run first.
    void logout();
    // Drops the connection now; queued commands fail with Cancelled.
    void abort();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] const Settings &settings() const { return m_settings; }
    [[nodiscard]] bool hasCapability(QByteArrayView capability) const;
    [[nodiscard]] const QSet<QByteArray> &capabilities() const { return m_capabilities; }
    [[nodiscard]] bool isBusy() const
    {
        return m_current.has_value() || !m_queue.isEmpty() || !m_pipelined.isEmpty();
    }

    // The selected mailbox (encoded name, empty when none) and what is known of it.
    [[nodiscard]] const QByteArray &selectedMailbox() const { return m_mailbox.selected(); }
    [[nodiscard]] bool isSelectedReadOnly() const { return m_mailbox.isReadOnly(); }
    [[nodiscard]] quint32 uidValidity() const { return m_mailbox.uidValidity(); }
    [[nodiscard]] quint32 uidNext() const { return m_mailbox.uidNext(); }
    [[nodiscard]] quint64 highestModSeq() const { return m_mailbox.highestModSeq(); }
    [[nodiscard]] quint32 messageCount() const { return m_mailbox.messageCount(); }
    // 0 while the UID of that message hasn't been seen in a FETCH yet.
    [[nodiscard]] quint32 uidForSequence(quint32 sequence) const
    {
        return m_mailbox.uidForSequence(sequence);
    }

signals:
    void stateChanged(ImapSession::State state);
    // An [ALERT] the person must see (RFC 3501 §7.1).
    void alert(const QString &text);
    // Unsolicited changes to the selected mailbox.
    void messageCountChanged(quint32 count);
    void messagesExpunged(const QList<quint32> &uids);
    void flagsChanged(quint32 uid, const QByteArrayList &flags);
    // A large literal (a message body) arriving: bytes so far of the declared size.
    void literalProgress(qint64 received, qint64 expected);
    // The connection failed or the server said BYE; the next command reconnects.
    void connectionLost(const Error &error);

private:
    using Pending = ImapPendingCommand;

    void pump();
    void preemptCurrent();
    void connectToServer();
    void onConnected();
    void onBytes(const QByteArray &bytes);
    void onChannelFailed(const Error &error);
    void onChannelDisconnected();
    void handleResponse(const ImapResponse &response);
    void handleGreeting(const ImapResponse &response);
    void applyUntagged(const ImapResponse &response);
    void applyResponseCode(const ImapResponse &response);
    void askCapabilities(const std::function<void()> &then);
    void startTls();
    void onEncrypted();
    void authenticate();
    void afterLogin(const ImapResponse &tagged);
    void runInternal(const ImapCommand &command, Handlers handlers);
    [[nodiscard]] static Pending makePending(const ImapCommand &command, Handlers handlers);
    void enqueue(const ImapCommand &command, Handlers handlers, std::optional<QByteArray> selects,
        bool readOnly);
    void startCommand(Pending pending);
    void writeNextPiece();
    void pipelineQueued();
    void completePending(const Pending &pending, const ImapResponse &tagged);
    void finishCurrent(const ImapResponse &tagged);
    void failConnection(const Error &error);
    void setState(State state);
    void setCapabilities(const QList<ImapValue> &values);

    Settings m_settings;
    CertificateStore *m_certificates = nullptr;
    Prompter *m_prompter = nullptr;
    ProtocolLog *m_log = nullptr;
    QPointer<LineChannel> m_channel;
    ImapResponseParser m_parser;
    State m_state = State::Disconnected;
    QList<Pending> m_queue;
    std::optional<Pending> m_current;
    // Commands already written behind m_current (RFC 3501 §5.5 pipelining): FETCH, STORE and
    // STATUS, so the server works on the next window while this side parses the last.
    QList<Pending> m_pipelined;
    ImapCommandWriter m_writer;
    QSet<QByteArray> m_capabilities;
    bool m_greeted = false;
    bool m_tlsDone = false;
    bool m_certificatePromptDone = false;
    bool m_stopReading = false;
    bool m_byeReceived = false;
    QByteArray m_byeText;
    bool m_logoutRequested = false;

    ImapMailboxState m_mailbox;
};
