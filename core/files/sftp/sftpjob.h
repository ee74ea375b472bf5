// Any other SFTP request as a Job: mkdir, rmdir, remove, rename, chmod, set mtime, and the
// transfers, whose progress comes from the connection's thread at most every 100 ms.
#pragma once

#include "files/sftp/sftptypes.h"
#include "net/job.h"

class SftpSession;

class SftpJob : public Job
{
    Q_OBJECT

public:
    SftpJob(SftpSession *session, SftpRequest request, QObject *parent = nullptr);

protected:
    void doStart() override;
    // Transfers stop at the next chunk and finish with Cancelled; a download's .part stays.
    void doCancel() override;

private:
    SftpSession *m_session;
    SftpRequest m_request;
};
