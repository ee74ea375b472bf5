// One FTP control connection: connect, TLS, login, features, and running FtpJobs one at a time
// over it. Jobs queue here; the session connects (again) when a job needs it.
#pragma once

#include "files/ftp/ftpfeatures.h"
#include "net/error.h"
#include "net/job.h"
#include "net/linechannel.h"
#include "net/numericreply.h"
#include "net/numericreplyparser.h"

#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QString>

#include <functional>

class CertificateStore;
class FtpDataConnection;
class FtpOperation;
class Prompter;
class ProtocolLog;

class FtpSession : public QObject
{
    Q_OBJECT

public:
    enum class TlsMode {
        Auto, // explicit TLS when the server offers it (FileZilla's default)
        Require, // explicit TLS or fail
        None, // never upgrade
        Implicit, // TLS from the first byte (ftps://, usually port 990)
    };

    struct Settings
    {
        QString host;
        quint16 port = 21;
        QString user;
        QString password;
        TlsMode tls = TlsMode::Auto;
        // Active mode: the server connects to us (EPRT, else PORT). Passive is the default;
        // active only helps with servers behind firewalls that block their passive ports.
        bool activeMode = false;
        int connectTimeoutMs = 20000;
        int readTimeoutMs = 30000;
    };

    using ReplyHandler = std::function<void(const NumericReply &)>;
    using DataHandler = std::function<void(FtpDataConnection *, const Error &)>;

    FtpSession(Settings settings, CertificateStore *certificates, Prompter *prompter,
        ProtocolLog *log, QObject *parent = nullptr);
    ~FtpSession() override;

    [[nodiscard]] const Settings &settings() const { return m_settings; }
    [[nodiscard]] bool isLoggedIn() const { return m_state == State::Ready; }
    [[nodiscard]] bool isTlsActive() const { return m_channel->isEncrypted(); }
    [[nodiscard]] const FtpFeatures &features() const { return m_features; }
    [[nodiscard]] FtpFeatures &features() { return m_features; }
    [[nodiscard]] const QString &homeDirectory() const { return m_home; }

    // Queues an operation; it runs when the session is logged in and the ones before it are
    // done (its job finished).
    void schedule(FtpOperation *operation);
    void unschedule(Job *job);
    [[nodiscard]] bool isRunning(const Job *job) const { return job && m_current == job; }
    // The running job is done; the next one may start.
    void release(Job *job);
    // During a transfer the final reply may take as long as the data: the control connection's
    // read timeout starts again only once the data connection is done.
    void expectReplySoon() { m_channel->setAwaitingReply(true); }
    void logInfo(const QString &text) const { m_channel->logInfo(text); }

    // For the running job: sends a command and calls onReply with its final reply (1xx replies
    // go to onPreliminary when given). A refused argument (CR/LF/NUL) fails without sending.
    void command(const QByteArray &verb, const QByteArray &argument, ReplyHandler onReply,
        ReplyHandler onPreliminary = {});
    // Switches the transfer type (TYPE A for ASCII, TYPE I for binary) if it isn't already,
    // then calls next; an error if the server refuses.
    void ensureType(char type, const std::function<void(const Error &)> &next);
    // Opens a data connection: passive (EPSV, falling back to PASV) and connected, or active
    // (EPRT, falling back to PORT) and listening for the server.
    void openDataConnection(const DataHandler &onReady);
    // Cancels a transfer in progress: closes the data connection and sends ABOR, then calls
    // onDone once the control connection is in step again (or was dropped).
    void abortTransfer(FtpDataConnection *data, const std::function<void()> &onDone);

    // "" and "~" are the home folder, "~/x" is inside it; other paths are the server's own.
    [[nodiscard]] QString resolvePath(const QString &path) const;
    // A path as it goes into a command: resolved, in UTF-8 (RFC 2640).
    [[nodiscard]] QByteArray encodePath(const QString &path) const
    {
        return resolvePath(path).toUtf8();
    }

    void disconnectFromServer();

signals:
    // A fatal error closed the connection; the next job reconnects.
    void connectionLost(const Error &error);

private:
    enum class State { Disconnected, Connecting, LoggingIn, Ready, Failed };

    void connectToServer();
    void onLine(const QByteArray &line);
    void onReply(const NumericReply &reply);
    void onChannelFailed(const Error &error);
    void onEncrypted();
    void login();
    void sendPassword();
    void afterLogin();
    void negotiateFeatures();
    void finishLogin();
    void failConnection(const Error &error);
    void runNext();
    void enterPassive(const DataHandler &onReady, bool extended);
    void enterActive(const DataHandler &onReady, bool extended);
    FtpDataConnection *newDataConnection();
    void connectData(const QString &host, quint16 port, const DataHandler &onReady);

    Settings m_settings;
    CertificateStore *m_certificates = nullptr;
    Prompter *m_prompter = nullptr;
    LineChannel *m_channel = nullptr;
    NumericReplyParser m_parser;
    FtpFeatures m_features;
    QString m_home;
    char m_type = 'I';
    State m_state = State::Disconnected;
    ReplyHandler m_pendingReply;
    // A command was sent and its final reply has not come yet, whoever still waits for it.
    bool m_awaitingFinalReply = false;
    ReplyHandler m_pendingPreliminary;
    struct Queued
    {
        QPointer<Job> job;
        FtpOperation *operation = nullptr;
    };
    [[nodiscard]] FtpOperation *currentOperation() const;

    QQueue<Queued> m_queue;
    QPointer<Job> m_current;
    FtpOperation *m_currentOperation = nullptr;
    bool m_certificatePromptDone = false;
};
