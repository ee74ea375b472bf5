#include "ftpcommandjob.h"

#include "files/ftp/ftpsession.h"

#include <utility>

FtpCommandJob::FtpCommandJob(
    FtpSession *session, QList<Step> steps, QString description, QObject *parent)
    : Job(parent)
    , FtpOperation(session, this)
    , m_steps(std::move(steps))
    , m_description(std::move(description))
{ }

void FtpCommandJob::runOnSession()
{
    runStep(0);
}

void FtpCommandJob::runStep(qsizetype index)
{
    if (index >= m_steps.size()) {
        finishWithSuccess();
        return;
    }
    const Step &step = m_steps.at(index);
    const QByteArray argument = step.prefix + session()->encodePath(step.path);
    session()->command(step.verb, argument, [this, index](const NumericReply &reply) {
        // RNFR answers 350 ("ready for RNTO"); everything else here answers 2xx.
        if (reply.isCompletion() || reply.isIntermediate()) {
            runStep(index + 1);
            return;
        }
        Error::Kind kind = Error::Kind::Protocol;
        if (reply.code() == 550 || reply.code() == 450)
            kind = Error::Kind::NotFound;
        else if (reply.code() == 553 || reply.code() == 532)
            kind = Error::Kind::PermissionDenied;
        else if (reply.code() == 500 || reply.code() == 502 || reply.code() == 504)
            kind = Error::Kind::Unsupported;
        finishWithError(Error(kind, tr("Could not %1: %2").arg(m_description, reply.text()),
            reply.toDisplayString()));
    });
}

void FtpCommandJob::doCancel()
{
    // A command in flight can't be taken back; the session swallows its reply.
    unscheduleIfWaiting();
    Job::doCancel();
}
