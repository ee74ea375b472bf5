// Lists a remote folder over SFTP (names, sizes, times, modes, owners, symlink targets).
#pragma once

#include "files/remotelistjob.h"
#include "files/sftp/sftptypes.h"

class SftpSession;

class SftpListJob : public RemoteListJob
{
    Q_OBJECT

public:
    SftpListJob(SftpSession *session, const QString &path, QObject *parent = nullptr);

protected:
    void doStart() override;

private:
    SftpSession *m_session;
};
