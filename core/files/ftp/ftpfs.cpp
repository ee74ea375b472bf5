#include "ftpfs.h"

#include "files/ftp/ftpcommandjob.h"
#include "files/ftp/ftpdownloadjob.h"
#include "files/ftp/ftplistjob.h"
#include "files/ftp/ftpstatjob.h"
#include "files/ftp/ftpuploadjob.h"
#include "files/localfiles.h"

FtpFs::FtpFs(const FtpSession::Settings &settings, CertificateStore *certificates,
    Prompter *prompter, ProtocolLog *log, QObject *parent)
    : RemoteFs(parent)
    , m_session(new FtpSession(settings, certificates, prompter, log, this))
{ }

RemoteListJob *FtpFs::list(const QString &path)
{
    return new FtpListJob(m_session, path, this);
}

RemoteStatJob *FtpFs::stat(const QString &path)
{
    return new FtpStatJob(m_session, path, this);
}

Job *FtpFs::download(
    const QString &remotePath, const QString &localPath, const TransferOptions &options)
{
    return new FtpDownloadJob(m_session, remotePath, localPath, options, this);
}

Job *FtpFs::upload(
    const QString &localPath, const QString &remotePath, const TransferOptions &options)
{
    return new FtpUploadJob(m_session, localPath, remotePath, options, this);
}

Job *FtpFs::makeDirectory(const QString &path)
{
    return new FtpCommandJob(
        m_session, {{"MKD", {}, path}}, tr("create the folder %1").arg(path), this);
}

Job *FtpFs::removeDirectory(const QString &path)
{
    return new FtpCommandJob(
        m_session, {{"RMD", {}, path}}, tr("remove the folder %1").arg(path), this);
}

Job *FtpFs::removeFile(const QString &path)
{
    return new FtpCommandJob(m_session, {{"DELE", {}, path}}, tr("delete %1").arg(path), this);
}

Job *FtpFs::rename(const QString &from, const QString &to)
{
    return new FtpCommandJob(m_session, {{"RNFR", {}, from}, {"RNTO", {}, to}},
        tr("rename %1 to %2").arg(from, to), this);
}

Job *FtpFs::setPermissions(const QString &path, int mode)
{
    const QByteArray prefix = "CHMOD " + QByteArray::number(mode & 07777, 8) + ' ';
    return new FtpCommandJob(
        m_session, {{"SITE", prefix, path}}, tr("change the permissions of %1").arg(path), this);
}

Job *FtpFs::setModificationTime(const QString &path, const QDateTime &utc)
{
    const QByteArray prefix = LocalFiles::formatFtpTimestamp(utc).toLatin1() + ' ';
    return new FtpCommandJob(
        m_session, {{"MFMT", prefix, path}}, tr("set the modification time of %1").arg(path), this);
}

QString FtpFs::homeDirectory() const
{
    return m_session->homeDirectory();
}
