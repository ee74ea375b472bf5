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
            // The worker's answer decides: a cancel that arrived after the work was done (the
            // file complete and renamed into place) must not report a file that is there as
            // missing.
            if (result.error.isError())
                finishWithError(result.error);
            else
                finishWithSuccess();
        });
}

void SftpJob::doCancel()
{
    m_request.cancelled->store(true);
}
