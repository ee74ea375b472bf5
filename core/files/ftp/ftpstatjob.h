// Looks up one path over FTP: MLST when the server offers it (RFC 3659), else SIZE and MDTM,
// with CWD telling a folder from a missing file.
#pragma once

#include "files/ftp/ftpoperation.h"
#include "files/remotestatjob.h"
#include "net/numericreply.h"

class FtpStatJob : public RemoteStatJob, public FtpOperation
{
    Q_OBJECT

public:
    FtpStatJob(FtpSession *session, const QString &path, QObject *parent = nullptr);

    void runOnSession() override;
    void sessionFailed(const Error &error) override { finishWithError(error); }

protected:
    void doStart() override { schedule(); }
    void doCancel() override;

private:
    void statWithMlst();
    void statWithSize();
    void queryModificationTime();
    void notFound(const NumericReply &reply);
};
