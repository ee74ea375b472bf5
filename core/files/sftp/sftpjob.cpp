#include "sftpjob.h"

#include "files/sftp/sftpsession.h"

#include <utility>

SftpJob::SftpJob(SftpSession *session, SftpRequest request, QObject *parent)
    : Job(parent)
    , m_session(session)
    , m_request(std::move(request))
{ }

void SftpJob::doStart()
{
    m_session->submit(
        m_request, this, [this](qint64 done, qint64 total) { setProgress(done, total); },
        [this](const SftpResult &result) {
            if (result.error.isError())
                finishWithError(result.error);
            else if (isCancelRequested())
                finishWithError(Error(Error::Kind::Cancelled, tr("Cancelled.")));
            else
                finishWithSuccess();
        });
}

void SftpJob::doCancel()
{
    m_request.cancelled->store(true);
}
