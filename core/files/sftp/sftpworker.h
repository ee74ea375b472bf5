// The thread side of an SFTP session: owns the libssh connection and runs requests one after
// another on its own QThread. Every libssh call happens here; results leave by queued signals,
// and questions for a person wait here (never on the GUI thread) for the answer.
#pragma once

#include "files/sftp/sftpconnection.h"
#include "files/sftp/sftptypes.h"

#include <QMutex>
#include <QObject>
#include <QWaitCondition>

#include <atomic>
#include <memory>

struct sftp_attributes_struct;

class SftpWorker : public QObject
{
    Q_OBJECT

public:
    explicit SftpWorker(const SftpSettings &settings);
    ~SftpWorker() override;

    // On the worker's thread: runs one request and emits requestFinished for it.
    void execute(const SftpRequest &request);

    // From any thread: the answer to the pending question.
    void answerHostKey(Prompter::TrustDecision decision);
    void answerPassword(const std::optional<QString> &answer);
    // From any thread: ends any wait for an answer (the session is going away).
    void abortQuestions();
    // Any thread: the server stopped answering; end the request in progress as a timeout.
    void interrupt();

signals:
    void progress(quint64 id, qint64 done, qint64 total);
    void requestFinished(quint64 id, const SftpResult &result);
    void hostKeyQuestion(const HostKeyPrompt &prompt);
    void passwordQuestion(const PasswordPrompt &prompt);
    void logged(int direction, const QString &text);
    void homeDirectoryKnown(const QString &path);

private:
    void list(const QString &path, SftpResult *result);
    void stat(const QString &path, SftpResult *result);
    [[nodiscard]] Error simple(const SftpRequest &request, const QString &path);
    [[nodiscard]] RemoteEntry entryFrom(const QString &dir, sftp_attributes_struct *attributes);
    Prompter::TrustDecision waitForHostKey(const HostKeyPrompt &prompt);
    std::optional<QString> waitForPassword(const PasswordPrompt &prompt);

    std::unique_ptr<SftpConnection> m_connection;
    QMutex m_mutex;
    QWaitCondition m_answered;
    bool m_hasAnswer = false;
    bool m_aborted = false;
    std::atomic_bool m_interrupted {false};
    Prompter::TrustDecision m_hostKeyAnswer = Prompter::TrustDecision::Reject;
    std::optional<QString> m_passwordAnswer;
};
