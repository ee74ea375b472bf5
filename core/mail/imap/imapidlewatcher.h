// Watches one folder for new mail and changes while nothing else runs: IDLE (RFC 2177) where
// the server has it, re-issued before the 29 minutes after which servers may drop an idle
// client, else NOOP polling. Any other command queued on the session ends the IDLE (DONE)
// and the watch resumes once the session is free again.
#pragma once

#include "net/error.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class ImapSession;

class ImapIdleWatcher : public QObject
{
    Q_OBJECT

public:
    ImapIdleWatcher(ImapSession *session, QByteArray encodedMailbox, QObject *parent = nullptr);
    ~ImapIdleWatcher() override;

    // How long one IDLE lasts before DONE and a new IDLE (default 28 minutes), and how often a
    // server without IDLE is polled (default 5 minutes). Tests use short ones.
    void setIdleRestartInterval(int milliseconds) { m_restartMs = milliseconds; }
    void setPollInterval(int milliseconds) { m_pollMs = milliseconds; }

    void start();
    void stop();
    [[nodiscard]] bool isIdling() const { return m_idling; }

signals:
    // The folder's message count grew (new mail) or changed.
    void messageCountChanged(quint32 count);
    // An IDLE or poll failed (the session reconnects on the next attempt).
    void failed(const QString &message);

private:
    void scheduleResume();
    void resume();
    void startIdle();
    void poll();
    void endIdle();
    // After SELECT, IDLE or NOOP: a failure is counted and reported; either way, go on.
    void commandEnded(const Error &error);

    QPointer<ImapSession> m_session;
    QByteArray m_mailbox;
    QTimer m_restartTimer;
    QTimer m_pollTimer;
    QTimer m_resumeTimer;
    int m_restartMs = 28 * 60 * 1000;
    int m_pollMs = 5 * 60 * 1000;
    bool m_running = false;
    bool m_idling = false;
    bool m_doneSent = false;
    bool m_stopRequested = false;
    int m_failures = 0;
};
