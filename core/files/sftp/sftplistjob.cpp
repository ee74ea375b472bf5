#include "sftplistjob.h"

#include "files/sftp/sftpsession.h"

SftpListJob::SftpListJob(SftpSession *session, const QString &path, QObject *parent)
    : RemoteListJob(parent)
    , m_session(session)
{
    m_path = path;
}

void SftpListJob::doStart()
{
    SftpRequest request;
    request.operation = SftpRequest::Operation::List;
    request.remotePath = m_path;
    m_session->submit(request, this, {}, [this](const SftpResult &result) {
        if (result.error.isError()) {
            finishWithError(result.error);
            return;
        }
        m_path = result.path;
        m_entries = result.entries;
        m_rejectedNames = result.rejectedNames;
        finishWithSuccess();
    });
}
