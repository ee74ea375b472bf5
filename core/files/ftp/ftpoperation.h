// The part of an FTP job that the session drives: FtpSession runs one operation at a time on
// its control connection. A job derives from its Job base and from this.
#pragma once

#include "net/error.h"

#include <QPointer>

class FtpSession;
class Job;

class FtpOperation
{
public:
    FtpOperation(FtpSession *session, Job *job);
    FtpOperation(const FtpOperation &) = delete;
    FtpOperation &operator=(const FtpOperation &) = delete;
    virtual ~FtpOperation();

    // The session is logged in and belongs to this operation until the job finishes.
    virtual void runOnSession() = 0;
    // The control connection failed (or never logged in) while this operation ran or waited.
    virtual void sessionFailed(const Error &error) = 0;

    [[nodiscard]] Job *job() const { return m_job; }

protected:
    [[nodiscard]] FtpSession *session() const { return m_session; }
    // For the job's doStart(): queue on the session.
    void schedule();
    // For the job's doCancel(): true when the operation was only queued and is now removed
    // (the job then just finishes as cancelled).
    bool unscheduleIfWaiting();

private:
    QPointer<FtpSession> m_session;
    Job *m_job;
};
