// Job: one operation that takes time (a listing, a transfer, a send). Callers never block: they
// connect to progress() and finished(), then read error(). The KJob shape, kept small.
#pragma once

#include "net/error.h"

#include <QObject>

class Job : public QObject
{
    Q_OBJECT

public:
    explicit Job(QObject *parent = nullptr);
    ~Job() override;

    // Starts the work from the event loop, so a caller can connect signals after start().
    void start();
    // Asks the job to stop. finished() still follows, with an Error of kind Cancelled unless
    // the job had already completed.
    void cancel();

    [[nodiscard]] bool isStarted() const { return m_started; }
    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] bool isCancelRequested() const { return m_cancelRequested; }
    [[nodiscard]] const Error &error() const { return m_error; }
    [[nodiscard]] qint64 processedAmount() const { return m_processed; }
    [[nodiscard]] qint64 totalAmount() const { return m_total; }

signals:
    // total is -1 while unknown.
    void progress(qint64 done, qint64 total);
    // Emitted exactly once, after which error() is final.
    void finished();

protected:
    virtual void doStart() = 0;
    // Called once on cancel() of a running job. The default finishes with Cancelled at once;
    // jobs that own sockets or threads override it to stop them first.
    virtual void doCancel();

    void setProgress(qint64 done, qint64 total);
    void finishWithSuccess();
    void finishWithError(const Error &error);

private:
    void finishOnce(const Error &error);

    Error m_error;
    qint64 m_processed = 0;
    qint64 m_total = -1;
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelRequested = false;
};
