#include "mail/imap/imapidlewatcher.h"

#include "mail/imap/imapsession.h"

#include <algorithm>

ImapIdleWatcher::ImapIdleWatcher(ImapSession *session, QByteArray encodedMailbox, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_mailbox(std::move(encodedMailbox))
{
    m_restartTimer.setSingleShot(true);
    m_pollTimer.setSingleShot(true);
    m_resumeTimer.setSingleShot(true);
    connect(&m_restartTimer, &QTimer::timeout, this, &ImapIdleWatcher::endIdle);
    connect(&m_pollTimer, &QTimer::timeout, this, &ImapIdleWatcher::poll);
    connect(&m_resumeTimer, &QTimer::timeout, this, &ImapIdleWatcher::resume);
    connect(session, &ImapSession::messageCountChanged, this, [this](quint32 count) {
        if (m_running && m_session && m_session->selectedMailbox() == m_mailbox)
            emit messageCountChanged(count);
    });
}

ImapIdleWatcher::~ImapIdleWatcher()
{
    stop();
}

void ImapIdleWatcher::start()
{
    if (m_running || !m_session)
        return;
    m_running = true;
    m_failures = 0;
    resume();
}

void ImapIdleWatcher::stop()
{
    m_running = false;
    m_restartTimer.stop();
    m_pollTimer.stop();
    m_resumeTimer.stop();
    endIdle();
}

void ImapIdleWatcher::scheduleResume()
{
    if (!m_running)
        return;
    // Back off after failures (a server that keeps dropping us must not be hammered), and let
    // queued commands run first.
    const int delay = m_failures == 0 ? 0 : std::min(60000, 1000 << std::min(m_failures, 6));
    m_resumeTimer.start(delay);
}

void ImapIdleWatcher::resume()
{
    if (!m_running || !m_session)
        return;
    if (m_session->isBusy()) {
        m_resumeTimer.start(50);
        return;
    }
    if (m_session->selectedMailbox() != m_mailbox) {
        ImapSession::Handlers handlers;
        QPointer<ImapIdleWatcher> self(this);
        handlers.completed = [self](const ImapResponse &, const Error &error) {
            if (self)
                self->commandEnded(error);
        };
        m_session->select(m_mailbox, false, std::move(handlers));
        return;
    }
    if (m_session->hasCapability("IDLE"))
        startIdle();
    else
        m_pollTimer.start(m_pollMs);
}

void ImapIdleWatcher::startIdle()
{
    QPointer<ImapIdleWatcher> self(this);
    ImapSession::Handlers handlers;
    handlers.continuation = [self](const ImapResponse &) {
        if (!self)
            return;
        self->m_idling = true;
        self->m_failures = 0;
        self->m_restartTimer.start(self->m_restartMs);
        if (self->m_stopRequested || !self->m_running) // asked to stop before the "+"
            self->endIdle();
    };
    handlers.preempt = [self] {
        if (self)
            self->endIdle();
    };
    handlers.completed = [self](const ImapResponse &, const Error &error) {
        if (!self)
            return;
        self->m_idling = false;
        self->m_doneSent = false;
        self->m_stopRequested = false;
        self->m_restartTimer.stop();
        self->commandEnded(error);
    };
    m_doneSent = false;
    m_stopRequested = false;
    m_session->execute(ImapCommand("IDLE"), std::move(handlers));
}

void ImapIdleWatcher::endIdle()
{
    if (!m_session || m_doneSent)
        return;
    if (!m_idling) {
        // Not idling yet: DONE goes out as soon as the server's "+" arrives (see startIdle).
        m_stopRequested = true;
        return;
    }
    m_doneSent = true;
    m_session->sendLine("DONE");
}

void ImapIdleWatcher::poll()
{
    if (!m_running || !m_session)
        return;
    QPointer<ImapIdleWatcher> self(this);
    ImapSession::Handlers handlers;
    handlers.completed = [self](const ImapResponse &, const Error &error) {
        if (!self)
            return;
        if (!error.isError())
            self->m_failures = 0; // the server answers: polling is healthy again
        self->commandEnded(error);
    };
    m_session->execute(ImapCommand("NOOP"), std::move(handlers));
}

void ImapIdleWatcher::commandEnded(const Error &error)
{
    if (error.isError()) {
        ++m_failures; // the next attempt waits longer
        emit failed(error.message());
    }
    scheduleResume();
}
