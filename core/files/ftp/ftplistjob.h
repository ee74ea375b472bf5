// Lists one folder over FTP: CWD into it, then MLSD when offered, else LIST -a, else LIST.
#pragma once

#include "files/ftp/ftplistingparser.h"
#include "files/ftp/ftpoperation.h"
#include "files/remotelistjob.h"
#include "net/numericreply.h"

#include <QBuffer>

#include <optional>

class FtpDataConnection;

class FtpListJob : public RemoteListJob, public FtpOperation
{
    Q_OBJECT

public:
    FtpListJob(FtpSession *session, const QString &path, QObject *parent = nullptr);

    void runOnSession() override;
    void sessionFailed(const Error &error) override;

protected:
    void doStart() override { schedule(); }
    void doCancel() override;

private:
    void requestListing();
    void onDataReady(FtpDataConnection *data, const Error &error);
    void onFinalReply(const NumericReply &reply);
    void completeIfDone();
    [[nodiscard]] QByteArray listCommand() const;

    QBuffer m_received;
    FtpDataConnection *m_data = nullptr;
    std::optional<NumericReply> m_finalReply;
};
