// Uploads one file over FTP (STOR), or appends the rest of it (APPE) when resuming, then checks
// the size the server reports.
#pragma once

#include "files/ftp/ftpoperation.h"
#include "files/transferoptions.h"
#include "net/job.h"
#include "net/numericreply.h"

#include <QFile>

#include <optional>

class FtpDataConnection;

class FtpUploadJob : public Job, public FtpOperation
{
    Q_OBJECT

public:
    FtpUploadJob(FtpSession *session, QString localPath, QString remotePath,
        TransferOptions options, QObject *parent = nullptr);

    void runOnSession() override;
    void sessionFailed(const Error &error) override;

protected:
    void doStart() override { schedule(); }
    void doCancel() override;

private:
    void store();
    void onDataReady(FtpDataConnection *data, const Error &error);
    void completeIfDone();
    void verifySize();
    void setRemoteTime();
    void fail(const Error &error);

    QString m_localPath;
    QString m_remotePath;
    TransferOptions m_options;
    QFile m_file;
    FtpDataConnection *m_data = nullptr;
    std::optional<NumericReply> m_finalReply;
    qint64 m_offset = 0;
    qint64 m_size = 0;
};
