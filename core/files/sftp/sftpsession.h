// The GUI-thread face of one SFTP connection: owns the connection's thread and its worker,
// queues requests to it, hands results and progress back to the jobs, and answers the
// worker's questions (host key, password) through the Prompter without ever blocking.
#pragma once

#include "files/sftp/sftptypes.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

class Prompter;
class ProtocolLog;
class QThread;
class SftpWorker;
struct HostKeyPrompt;
struct PasswordPrompt;

class SftpSession : public QObject
{
    Q_OBJECT

public:
    using Settings = SftpSettings;
    using ProgressHandler = std::function<void(qint64 done, qint64 total)>;
    using ResultHandler = std::function<void(const SftpResult &result)>;

    SftpSession(
        const Settings &settings, Prompter *prompter, ProtocolLog *log, QObject *parent = nullptr);
    ~SftpSession() override;

    // Queues the request; the handlers run on this thread, and only while context lives.
    void submit(
        SftpRequest request, QObject *context, ProgressHandler onProgress, ResultHandler onResult);

    [[nodiscard]] const QString &homeDirectory() const { return m_home; }
    [[nodiscard]] const Settings &settings() const { return m_settings; }

private:
    struct Pending
    {
        QPointer<QObject> context;
        ProgressHandler onProgress;
        ResultHandler onResult;
    };

    void deliverProgress(quint64 id, qint64 done, qint64 total);
    void deliverResult(quint64 id, const SftpResult &result);
    void askHostKey(const HostKeyPrompt &prompt);
    void askPassword(const PasswordPrompt &prompt);
    void addLog(int direction, const QString &text);
    void watch();

    Settings m_settings;
    Prompter *m_prompter;
    ProtocolLog *m_log;
    quint64 m_connectionId;
    QThread *m_thread;
    SftpWorker *m_worker;
    QHash<quint64, Pending> m_pending;
    quint64 m_nextId = 1;
    QString m_home;
    // Fires when the worker has said nothing for the request timeout while requests wait on
    // it (not while a person answers a question): the connection is interrupted.
    QTimer m_watchdog;
};
