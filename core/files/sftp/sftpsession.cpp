#include "sftpsession.h"

#include "files/sftp/sftpworker.h"
#include "net/prompter.h"
#include "net/protocollog.h"

#include <QThread>

#include <utility>

SftpSession::SftpSession(
    const Settings &settings, Prompter *prompter, ProtocolLog *log, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_prompter(prompter)
    , m_log(log)
    , m_connectionId(ProtocolLog::nextConnectionId())
    , m_thread(new QThread(this))
    , m_worker(new SftpWorker(settings))
{
    qRegisterMetaType<SftpResult>();
    qRegisterMetaType<HostKeyPrompt>();
    qRegisterMetaType<PasswordPrompt>();
    m_thread->setObjectName(QStringLiteral("sftp %1").arg(settings.host));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Queued: the worker emits on its own thread, and everything here runs on this one.
    connect(
        m_worker, &SftpWorker::progress, this, &SftpSession::deliverProgress, Qt::QueuedConnection);
    connect(m_worker, &SftpWorker::requestFinished, this, &SftpSession::deliverResult,
        Qt::QueuedConnection);
    connect(m_worker, &SftpWorker::hostKeyQuestion, this, &SftpSession::askHostKey,
        Qt::QueuedConnection);
    connect(m_worker, &SftpWorker::passwordQuestion, this, &SftpSession::askPassword,
        Qt::QueuedConnection);
    connect(m_worker, &SftpWorker::logged, this, &SftpSession::addLog, Qt::QueuedConnection);
    connect(
        m_worker, &SftpWorker::homeDirectoryKnown, this,
        [this](const QString &home) { m_home = home; }, Qt::QueuedConnection);
    m_watchdog.setSingleShot(true);
    m_watchdog.setInterval(qMax(1, settings.requestTimeoutSeconds) * 1000);
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        if (!m_pending.isEmpty())
            m_worker->interrupt();
    });
    m_thread->start();
}

void SftpSession::watch()
{
    if (m_pending.isEmpty())
        m_watchdog.stop();
    else
        m_watchdog.start();
}

SftpSession::~SftpSession()
{
    // Stop whatever runs between two chunks and end any wait for an answer, then let the
    // thread finish; the worker closes the connection as it is deleted there.
    m_worker->abortQuestions();
    m_worker->interrupt(); // a libssh call blocked on a silent server must not block us here
    m_thread->quit();
    m_thread->wait();
}

void SftpSession::submit(
    SftpRequest request, QObject *context, ProgressHandler onProgress, ResultHandler onResult)
{
    request.id = m_nextId++;
    m_pending.insert(request.id, {context, std::move(onProgress), std::move(onResult)});
    if (context) {
        // A job that goes away stops its transfer at the next chunk.
        connect(
            context, &QObject::destroyed, this, [flag = request.cancelled] { flag->store(true); });
    }
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, request] { worker->execute(request); }, Qt::QueuedConnection);
    watch();
}

void SftpSession::deliverProgress(quint64 id, qint64 done, qint64 total)
{
    watch();
    const auto it = m_pending.constFind(id);
    if (it != m_pending.constEnd() && it->context && it->onProgress)
        it->onProgress(done, total);
}

void SftpSession::deliverResult(quint64 id, const SftpResult &result)
{
    const Pending pending = m_pending.take(id);
    watch();
    if (pending.context && pending.onResult)
        pending.onResult(result);
}

void SftpSession::askHostKey(const HostKeyPrompt &prompt)
{
    m_watchdog.stop(); // a person is thinking, not the server
    if (!m_prompter) {
        m_worker->answerHostKey(Prompter::TrustDecision::Reject);
        return;
    }
    QPointer<SftpSession> self(this);
    m_prompter->askHostKey(prompt, [self](Prompter::TrustDecision decision) {
        if (self) {
            self->m_worker->answerHostKey(decision);
            self->watch();
        }
    });
}

void SftpSession::askPassword(const PasswordPrompt &prompt)
{
    m_watchdog.stop();
    if (!m_prompter) {
        m_worker->answerPassword(std::nullopt);
        return;
    }
    QPointer<SftpSession> self(this);
    m_prompter->askPassword(prompt, [self](const std::optional<QString> &answer) {
        if (self) {
            self->m_worker->answerPassword(answer);
            self->watch();
        }
    });
}

void SftpSession::addLog(int direction, const QString &text)
{
    if (m_log)
        m_log->add(m_connectionId, QStringLiteral("sftp"), ProtocolLog::Direction(direction), text);
}
