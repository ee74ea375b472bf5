// What the Files tab, the transfer queue and wharf-cli ask of any remote file system (FTP,
// FTPS, SFTP). Every call returns a job that has not started; the caller connects and starts it.
#pragma once

#include "files/transferoptions.h"

#include <QDateTime>
#include <QObject>
#include <QString>

class Job;
class RemoteListJob;
class RemoteStatJob;

class RemoteFs : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    [[nodiscard]] virtual RemoteListJob *list(const QString &path) = 0;
    [[nodiscard]] virtual RemoteStatJob *stat(const QString &path) = 0;
    // Writes localPath.part and renames it to localPath once complete.
    [[nodiscard]] virtual Job *download(
        const QString &remotePath, const QString &localPath, const TransferOptions &options)
        = 0;
    [[nodiscard]] virtual Job *upload(
        const QString &localPath, const QString &remotePath, const TransferOptions &options)
        = 0;
    [[nodiscard]] virtual Job *makeDirectory(const QString &path) = 0;
    [[nodiscard]] virtual Job *removeDirectory(const QString &path) = 0;
    [[nodiscard]] virtual Job *removeFile(const QString &path) = 0;
    [[nodiscard]] virtual Job *rename(const QString &from, const QString &to) = 0;
    [[nodiscard]] virtual Job *setPermissions(const QString &path, int mode) = 0;
    [[nodiscard]] virtual Job *setModificationTime(const QString &path, const QDateTime &utc) = 0;

    // The folder the server starts in; empty until the first job logged in.
    [[nodiscard]] virtual QString homeDirectory() const = 0;

    // Starts logging in now, before the first job needs it, where that saves time (an SSH
    // login takes a tenth of a second). A failure here is reported by the first job.
    virtual void connectAhead() { }
};
