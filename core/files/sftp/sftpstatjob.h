// Looks up one remote path over SFTP (stat: a symlink reports what it points to).
#pragma once

#include "files/remotestatjob.h"
#include "files/sftp/sftptypes.h"

class SftpSession;

class SftpStatJob : public RemoteStatJob
{
    Q_OBJECT

public:
    SftpStatJob(SftpSession *session, const QString &path, QObject *parent = nullptr);

protected:
    void doStart() override;

private:
    SftpSession *m_session;
};
