#include "job.h"

#include <QMetaObject>

Job::Job(QObject *parent)
    : QObject(parent)
{ }

Job::~Job() = default;

void Job::start()
{
    if (m_started)
        return;
    m_started = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_finished)
                doStart();
        },
        Qt::QueuedConnection);
}

void Job::cancel()
{
    if (m_finished || m_cancelRequested)
        return;
    m_cancelRequested = true;
    if (!m_started) {
        // Nothing runs yet: report the cancellation from the event loop, like any other end.
        m_started = true;
        QMetaObject::invokeMethod(
            this, [this] { finishWithError(Error(Error::Kind::Cancelled, tr("Cancelled."))); },
            Qt::QueuedConnection);
        return;
    }
    doCancel();
}

void Job::doCancel()
{
    finishWithError(Error(Error::Kind::Cancelled, tr("Cancelled.")));
}

void Job::setProgress(qint64 done, qint64 total)
{
    if (m_finished)
        return;
    m_processed = done;
    m_total = total;
    emit progress(done, total);
}

void Job::finishWithSuccess()
{
    finishOnce(Error());
}

void Job::finishWithError(const Error &error)
{
    finishOnce(error);
}

void Job::finishOnce(const Error &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    emit finished();
}
