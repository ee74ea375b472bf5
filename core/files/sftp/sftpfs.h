// RemoteFs over one SFTP connection (libssh on its own thread); jobs run one after another.
#pragma once

#include "files/remotefs.h"
#include "files/sftp/sftpsession.h"

class SftpFs : public RemoteFs
{
    Q_OBJECT

public:
    SftpFs(const SftpSession::Settings &settings, Prompter *prompter, ProtocolLog *log,
        QObject *parent = nullptr);

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
    void connectAhead() override;

    [[nodiscard]] SftpSession *session() const { return m_session; }

private:
    [[nodiscard]] Job *request(
        SftpRequest::Operation operation, const QString &path, const QString &otherPath = {});

    SftpSession *m_session;
};
