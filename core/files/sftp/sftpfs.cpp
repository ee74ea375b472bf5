#include "sftpfs.h"

#include "files/sftp/sftpjob.h"
#include "files/sftp/sftplistjob.h"
#include "files/sftp/sftpstatjob.h"

SftpFs::SftpFs(
    const SftpSession::Settings &settings, Prompter *prompter, ProtocolLog *log, QObject *parent)
    : RemoteFs(parent)
    , m_session(new SftpSession(settings, prompter, log, this))
{ }

Job *SftpFs::request(
    SftpRequest::Operation operation, const QString &path, const QString &otherPath)
{
    SftpRequest request;
    request.operation = operation;
    request.remotePath = path;
    request.otherPath = otherPath;
    return new SftpJob(m_session, request, this);
}

RemoteListJob *SftpFs::list(const QString &path)
{
    return new SftpListJob(m_session, path, this);
}

RemoteStatJob *SftpFs::stat(const QString &path)
{
    return new SftpStatJob(m_session, path, this);
}

Job *SftpFs::download(
    const QString &remotePath, const QString &localPath, const TransferOptions &options)
{
    SftpRequest request;
    request.operation = SftpRequest::Operation::Download;
    request.remotePath = remotePath;
    request.otherPath = localPath;
    request.options = options;
    return new SftpJob(m_session, request, this);
}

Job *SftpFs::upload(
    const QString &localPath, const QString &remotePath, const TransferOptions &options)
{
    SftpRequest request;
    request.operation = SftpRequest::Operation::Upload;
    request.remotePath = remotePath;
    request.otherPath = localPath;
    request.options = options;
    return new SftpJob(m_session, request, this);
}

Job *SftpFs::makeDirectory(const QString &path)
{
    return request(SftpRequest::Operation::MakeDirectory, path);
}

Job *SftpFs::removeDirectory(const QString &path)
{
    return request(SftpRequest::Operation::RemoveDirectory, path);
}

Job *SftpFs::removeFile(const QString &path)
{
    return request(SftpRequest::Operation::RemoveFile, path);
}

Job *SftpFs::rename(const QString &from, const QString &to)
{
    return request(SftpRequest::Operation::Rename, from, to);
}

Job *SftpFs::setPermissions(const QString &path, int mode)
{
    SftpRequest request;
    request.operation = SftpRequest::Operation::SetPermissions;
    request.remotePath = path;
    request.mode = mode;
    return new SftpJob(m_session, request, this);
}

Job *SftpFs::setModificationTime(const QString &path, const QDateTime &utc)
{
    SftpRequest request;
    request.operation = SftpRequest::Operation::SetModificationTime;
    request.remotePath = path;
    request.time = utc;
    return new SftpJob(m_session, request, this);
}

void SftpFs::connectAhead()
{
    SftpRequest request;
    request.operation = SftpRequest::Operation::Connect;
    m_session->submit(request, nullptr, {}, {}); // nothing to report: the next job tells
}

QString SftpFs::homeDirectory() const
{
    return m_session->homeDirectory();
}
