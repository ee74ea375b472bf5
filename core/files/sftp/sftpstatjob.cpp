#include "sftpstatjob.h"

#include "files/sftp/sftpsession.h"

SftpStatJob::SftpStatJob(SftpSession *session, const QString &path, QObject *parent)
    : RemoteStatJob(parent)
    , m_session(session)
{
    m_path = path;
}

void SftpStatJob::doStart()
{
    SftpRequest request;
    request.operation = SftpRequest::Operation::Stat;
    request.remotePath = m_path;
    m_session->submit(request, this, {}, [this](const SftpResult &result) {
        if (result.error.isError()) {
            finishWithError(result.error);
            return;
        }
        m_path = result.path;
        m_entry = result.entry;
        finishWithSuccess();
    });
}
