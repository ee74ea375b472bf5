#include "ftpoperation.h"

#include "files/ftp/ftpsession.h"
#include "net/job.h"

FtpOperation::FtpOperation(FtpSession *session, Job *job)
    : m_session(session)
    , m_job(job)
{
    // However the job ends, the session is free for the next one.
    QObject::connect(job, &Job::finished, session, [session, job] { session->release(job); });
}

FtpOperation::~FtpOperation() = default;

void FtpOperation::schedule()
{
    if (m_session)
        m_session->schedule(this);
}

bool FtpOperation::unscheduleIfWaiting()
{
    if (!m_session || m_session->isRunning(m_job))
        return false;
    m_session->unschedule(m_job);
    return true;
}
