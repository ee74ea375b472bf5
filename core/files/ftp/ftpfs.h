// RemoteFs over one FTP or FTPS control connection; jobs run one after another on it.
#pragma once

#include "files/ftp/ftpsession.h"
#include "files/remotefs.h"

class FtpFs : public RemoteFs
{
    Q_OBJECT

public:
    FtpFs(const FtpSession::Settings &settings, CertificateStore *certificates, Prompter *prompter,
        ProtocolLog *log, QObject *parent = nullptr);

    [[nodiscard]] RemoteListJob *list(const QString &path) override;
    [[nodiscard]] RemoteStatJob *stat(const QString &path) override;
    [[nodiscard]] Job *download(const QString &remotePath, const QString &localPath,
        const TransferOptions &options) override;
    [[nodiscard]] Job *upload(const QString &localPath, const QString &remotePath,
        const TransferOptions &options) override;
    [[nodiscard]] Job *makeDirectory(const QString &path) override;
    [[nodiscard]] Job *removeDirectory(const QString &path) override;
    [[nodiscard]] Job *removeFile(const QString &path) override;
    [[nodiscard]] Job *rename(const QString &from, const QString &to) override;
    [[nodiscard]] Job *setPermissions(const QString &path, int mode) override;
    [[nodiscard]] Job *setModificationTime(const QString &path, const QDateTime &utc) override;
    [[nodiscard]] QString homeDirectory() const override;

    [[nodiscard]] FtpSession *session() const { return m_session; }

private:
    FtpSession *m_session;
};
