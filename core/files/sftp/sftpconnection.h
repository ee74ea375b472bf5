// One SSH connection with its SFTP channel: connects, checks the host key against known_hosts,
// logs in as OpenSSH does, and turns libssh failures into Errors. Lives on one thread only.
#pragma once

#include "files/sftp/sftptypes.h"
#include "net/prompter.h"
#include "net/protocollog.h"

#include <QCoreApplication>
#include <QMutex>
#include <QStringList>

#include <functional>
#include <optional>

struct ssh_session_struct;
struct sftp_session_struct;

class SftpConnection
{
    Q_DECLARE_TR_FUNCTIONS(SftpConnection)

public:
    // How the connection asks a person; both block this thread until the answer comes.
    struct Questions
    {
        std::function<Prompter::TrustDecision(const HostKeyPrompt &)> hostKey;
        std::function<std::optional<QString>(const PasswordPrompt &)> password;
        std::function<void(ProtocolLog::Direction, const QString &)> log;
    };

    SftpConnection(SftpSettings settings, Questions questions);
    SftpConnection(const SftpConnection &) = delete;
    SftpConnection &operator=(const SftpConnection &) = delete;
    ~SftpConnection();

    [[nodiscard]] bool isOpen() const { return m_sftp != nullptr; }
    // Connects and logs in unless already open. askNothing: fail rather than ask a question
    // or take a new host key (a login ahead of need; the request that needs it asks).
    [[nodiscard]] Error open(bool askNothing = false);
    // Any thread: shuts the socket down, so a libssh call blocked on a silent server returns
    // (with an error) instead of waiting forever. The connection must be closed afterwards.
    void interrupt();
    void close();

    // What it was opened with, and where its log goes: a second connection to the same server
    // (one that helps with a large download) is made from these.
    [[nodiscard]] const SftpSettings &settings() const { return m_settings; }
    [[nodiscard]] const std::function<void(ProtocolLog::Direction, const QString &)> &
    logSink() const
    {
        return m_questions.log;
    }
    [[nodiscard]] sftp_session_struct *sftp() const { return m_sftp; }
    [[nodiscard]] const QString &homeDirectory() const { return m_home; }
    // True when the server takes requests above 32 KiB (it advertises limits@openssh.com).
    [[nodiscard]] bool allowsLargeRequests() const { return m_largeRequests; }
    // After a session dropped while requests above 32 KiB were in flight: this connection
    // uses 32 KiB requests from now on, reconnections included.
    void fallBackToBasicRequests();
    // "" and "~" are the home folder, "~/x" is inside it; other paths are the server's own.
    [[nodiscard]] QString resolvePath(const QString &path) const;

    // The Error for a failed SFTP call, "Could not <action>: <reason>". Closes the connection
    // when the session itself is gone, so the next request reconnects.
    [[nodiscard]] Error failure(const QString &action);
    void log(ProtocolLog::Direction direction, const QString &text) const;
    // libssh's last error on this session ("" when closed).
    [[nodiscard]] QString sshError() const;
    // Text from libssh: UTF-8, possibly null.
    [[nodiscard]] static QString fromLibssh(const char *text);

private:
    [[nodiscard]] Error connectSocket();
    [[nodiscard]] Error applySshConfig();
    [[nodiscard]] Error checkHostKey();
    [[nodiscard]] Error authenticate();
    [[nodiscard]] Error openSftp();
    [[nodiscard]] QString knownHostsFile() const;

    SftpSettings m_settings;
    Questions m_questions;
    // Where the connection goes once the SSH config is applied (HostName, Port, User).
    QString m_host;
    unsigned int m_port = 22;
    QString m_user;
    QStringList m_configIdentities; // IdentityFile lines for this host, expanded
    ssh_session_struct *m_ssh = nullptr;
    // The session's socket, for interrupt() from another thread; -1 while closed.
    QMutex m_socketMutex;
    int m_socket = -1;
    sftp_session_struct *m_sftp = nullptr;
    QString m_home;
    bool m_largeRequests = false;
    bool m_askNothing = false;
    bool m_basicRequestsOnly = false;
};
