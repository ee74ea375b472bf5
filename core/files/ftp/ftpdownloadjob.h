// Downloads one file over FTP into name.part, resuming with REST when asked, and renames it into
// place only once it is complete and its size checks.
#pragma once

#include "files/ftp/ftpoperation.h"
#include "files/transferoptions.h"
#include "net/job.h"
#include "net/numericreply.h"

#include <QDateTime>
#include <QFile>

#include <optional>

class FtpDataConnection;

class FtpDownloadJob : public Job, public FtpOperation
{
    Q_OBJECT

public:
    FtpDownloadJob(FtpSession *session, QString remotePath, QString localPath,
        TransferOptions options, QObject *parent = nullptr);

    void runOnSession() override;
    void sessionFailed(const Error &error) override;

    [[nodiscard]] qint64 resumedFrom() const { return m_offset; }

protected:
    void doStart() override { schedule(); }
    void doCancel() override;

private:
    void querySize();
    void queryModificationTime();
    bool openPartFile();
    void onDataReady(FtpDataConnection *data, const Error &error);
    void retrieve();
    void completeIfDone();
    void finalize();
    void fail(const Error &error);
    void closePartFile();

    QString m_remotePath;
    QString m_localPath;
    TransferOptions m_options;
    QFile m_part;
    FtpDataConnection *m_data = nullptr;
    std::optional<NumericReply> m_finalReply;
    QDateTime m_remoteModified;
    qint64 m_offset = 0;
    qint64 m_remoteSize = -1;
};
