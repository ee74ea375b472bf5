#include "jobwaiter.h"

#include "net/job.h"

#include <QSignalSpy>

Error JobWaiter::run(Job *job, int timeoutMs)
{
    QSignalSpy finished(job, &Job::finished);
    job->start();
    if (!job->isFinished() && !finished.wait(timeoutMs))
        return Error(Error::Kind::Timeout, QStringLiteral("the job did not finish"));
    return job->error();
}
