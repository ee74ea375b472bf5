#include "sftpworker.h"

#include "files/remotepath.h"
#include "files/sftp/sftpnames.h"
#include "files/sftp/sftptransfer.h"

#include <QMutexLocker>

#include <libssh/libssh.h>
#include <libssh/sftp.h>
#include <sys/stat.h>
#include <sys/time.h>

namespace {

RemoteEntry::Type typeOf(quint8 sftpType)
{
    switch (sftpType) {
    case SSH_FILEXFER_TYPE_REGULAR: return RemoteEntry::Type::File;
    case SSH_FILEXFER_TYPE_DIRECTORY: return RemoteEntry::Type::Directory;
    case SSH_FILEXFER_TYPE_SYMLINK: return RemoteEntry::Type::Symlink;
    default: return RemoteEntry::Type::Other;
    }
}

QString permissionText(RemoteEntry::Type type, uint mode)
{
    QString text;
    text += type == RemoteEntry::Type::Directory ? QLatin1Char('d')
        : type == RemoteEntry::Type::Symlink     ? QLatin1Char('l')
                                                 : QLatin1Char('-');
    const char *letters = "rwxrwxrwx";
    for (int bit = 0; bit < 9; ++bit)
        text += (mode & (0400U >> bit)) ? QLatin1Char(letters[bit]) : QLatin1Char('-');
    return text;
}

} // namespace

SftpWorker::SftpWorker(const SftpSettings &settings)
{
    SftpConnection::Questions questions;
    questions.hostKey = [this](const HostKeyPrompt &prompt) { return waitForHostKey(prompt); };
    questions.password = [this](const PasswordPrompt &prompt) { return waitForPassword(prompt); };
    questions.log = [this](ProtocolLog::Direction direction, const QString &text) {
        emit logged(int(direction), text);
    };
    m_connection = std::make_unique<SftpConnection>(settings, std::move(questions));
}

SftpWorker::~SftpWorker() = default;

void SftpWorker::execute(const SftpRequest &request)
{
    SftpResult result;
    if (request.cancelled->load()) {
        result.error = Error(Error::Kind::Cancelled, tr("Cancelled."));
        emit requestFinished(request.id, result);
        return;
    }
    using Operation = SftpRequest::Operation;
    const bool wasOpen = m_connection->isOpen();
    result.error = m_connection->open(request.operation == Operation::Connect);
    if (result.error.isError()) {
        emit requestFinished(request.id, result);
        return;
    }
    if (!wasOpen)
        emit homeDirectoryKnown(m_connection->homeDirectory());
    result.path = m_connection->resolvePath(request.remotePath);

    switch (request.operation) {
    case Operation::Connect: break;
    case Operation::List: list(result.path, &result); break;
    case Operation::Stat: stat(result.path, &result); break;
    case Operation::Download:
    case Operation::Upload: {
        SftpTransfer transfer(*m_connection, request,
            [this, id = request.id](qint64 done, qint64 total) { emit progress(id, done, total); });
        const bool large = m_connection->allowsLargeRequests();
        result.error = request.operation == Operation::Download ? transfer.download(result.path)
                                                                : transfer.upload(result.path);
        if (large && result.error.kind() == Error::Kind::ConnectionLost)
            m_connection->fallBackToBasicRequests();
        break;
    }
    default: result.error = simple(request, result.path); break;
    }
    if (m_interrupted.exchange(false)) {
        // The socket was shut down under a silent server: this session is over.
        m_connection->close();
        result.error = Error(Error::Kind::Timeout,
            tr("The server stopped answering; the connection was closed. The next request "
               "connects again."));
    }
    emit requestFinished(request.id, result);
}

void SftpWorker::interrupt()
{
    m_interrupted = true;
    m_connection->interrupt();
}

RemoteEntry SftpWorker::entryFrom(const QString &dir, sftp_attributes_struct *attributes)
{
    RemoteEntry entry;
    entry.name = QString::fromUtf8(attributes->name ? attributes->name : "");
    entry.type = typeOf(attributes->type);
    if (attributes->flags & SSH_FILEXFER_ATTR_SIZE)
        entry.size = qint64(attributes->size);
    if (attributes->flags & SSH_FILEXFER_ATTR_ACMODTIME) {
        entry.mtime = QDateTime::fromSecsSinceEpoch(qint64(attributes->mtime), Qt::UTC);
        entry.mtimePrecision = RemoteEntry::TimePrecision::Second;
    }
    if (attributes->flags & SSH_FILEXFER_ATTR_PERMISSIONS) {
        entry.unixMode = int(attributes->permissions & 07777);
        entry.permissions = permissionText(entry.type, attributes->permissions);
    }
    entry.owner = attributes->owner ? QString::fromUtf8(attributes->owner)
                                    : QString::number(attributes->uid);
    entry.group = attributes->group ? QString::fromUtf8(attributes->group)
                                    : QString::number(attributes->gid);
    if (entry.type == RemoteEntry::Type::Symlink) {
        // Symlinks are few: two round trips each for what they point to is cheap enough.
        sftp_session sftp = m_connection->sftp();
        const QByteArray path = RemotePath::join(dir, entry.name).toUtf8();
        if (char *target = sftp_readlink(sftp, path.constData())) {
            entry.linkTarget = QString::fromUtf8(target);
            ssh_string_free_char(target);
        }
        if (sftp_attributes pointee = sftp_stat(sftp, path.constData())) {
            entry.linkTargetType = typeOf(pointee->type);
            sftp_attributes_free(pointee);
        }
    }
    return entry;
}

void SftpWorker::list(const QString &path, SftpResult *result)
{
    m_connection->log(ProtocolLog::Direction::Sent, QStringLiteral("opendir %1").arg(path));
    sftp_dir dir = sftp_opendir(m_connection->sftp(), path.toUtf8().constData());
    if (!dir) {
        result->error = m_connection->failure(tr("list %1").arg(path));
        return;
    }
    while (sftp_attributes attributes = sftp_readdir(m_connection->sftp(), dir)) {
        // libssh hands names over as C strings: a NUL cuts the name short there already.
        QString name;
        if (SftpNames::admit(QByteArrayView(attributes->name ? attributes->name : ""), &name,
                &result->rejectedNames)) {
            result->entries << entryFrom(path, attributes);
            result->entries.last().name = name;
        }
        sftp_attributes_free(attributes);
    }
    if (!sftp_dir_eof(dir))
        result->error = m_connection->failure(tr("list %1").arg(path));
    if (m_connection->isOpen())
        sftp_closedir(dir);
    m_connection->log(
        ProtocolLog::Direction::Received, tr("%n entries", nullptr, int(result->entries.size())));
}

void SftpWorker::stat(const QString &path, SftpResult *result)
{
    m_connection->log(ProtocolLog::Direction::Sent, QStringLiteral("stat %1").arg(path));
    sftp_attributes attributes = sftp_stat(m_connection->sftp(), path.toUtf8().constData());
    if (!attributes) {
        result->error = m_connection->failure(tr("look up %1").arg(path));
        return;
    }
    result->entry = entryFrom(RemotePath::parent(path), attributes);
    result->entry.name = RemotePath::fileName(path);
    sftp_attributes_free(attributes);
}

Error SftpWorker::simple(const SftpRequest &request, const QString &path)
{
    using Operation = SftpRequest::Operation;
    sftp_session sftp = m_connection->sftp();
    const QByteArray bytes = path.toUtf8();
    int status = SSH_ERROR;
    QString action;
    QString command;
    switch (request.operation) {
    case Operation::MakeDirectory:
        action = tr("create the folder %1").arg(path);
        command = QStringLiteral("mkdir %1").arg(path);
        status = sftp_mkdir(sftp, bytes.constData(), 0755);
        break;
    case Operation::RemoveDirectory:
        action = tr("remove the folder %1").arg(path);
        command = QStringLiteral("rmdir %1").arg(path);
        status = sftp_rmdir(sftp, bytes.constData());
        break;
    case Operation::RemoveFile:
        action = tr("delete %1").arg(path);
        command = QStringLiteral("remove %1").arg(path);
        status = sftp_unlink(sftp, bytes.constData());
        break;
    case Operation::Rename: {
        const QString to = m_connection->resolvePath(request.otherPath);
        action = tr("rename %1 to %2").arg(path, to);
        command = QStringLiteral("rename %1 %2").arg(path, to);
        status = sftp_rename(sftp, bytes.constData(), to.toUtf8().constData());
        break;
    }
    case Operation::SetPermissions:
        action = tr("change the permissions of %1").arg(path);
        command = QStringLiteral("chmod %1 %2").arg(QString::number(request.mode & 07777, 8), path);
        status = sftp_chmod(sftp, bytes.constData(), mode_t(request.mode & 07777));
        break;
    case Operation::SetModificationTime: {
        action = tr("set the modification time of %1").arg(path);
        command = QStringLiteral("utimes %1 %2").arg(path, request.time.toString(Qt::ISODate));
        timeval times[2] = {};
        times[0].tv_sec = time_t(request.time.toSecsSinceEpoch());
        times[1].tv_sec = times[0].tv_sec;
        status = sftp_utimes(sftp, bytes.constData(), times);
        break;
    }
    default: return Error(Error::Kind::Internal, tr("Unknown SFTP request."));
    }
    m_connection->log(ProtocolLog::Direction::Sent, command);
    if (status != SSH_OK)
        return m_connection->failure(action);
    return {};
}

Prompter::TrustDecision SftpWorker::waitForHostKey(const HostKeyPrompt &prompt)
{
    QMutexLocker lock(&m_mutex);
    m_hasAnswer = false;
    emit hostKeyQuestion(prompt);
    while (!m_hasAnswer && !m_aborted)
        m_answered.wait(&m_mutex);
    return m_aborted ? Prompter::TrustDecision::Reject : m_hostKeyAnswer;
}

std::optional<QString> SftpWorker::waitForPassword(const PasswordPrompt &prompt)
{
    QMutexLocker lock(&m_mutex);
    m_hasAnswer = false;
    emit passwordQuestion(prompt);
    while (!m_hasAnswer && !m_aborted)
        m_answered.wait(&m_mutex);
    std::optional<QString> answer;
    if (!m_aborted)
        answer.swap(m_passwordAnswer);
    return answer;
}

void SftpWorker::answerHostKey(Prompter::TrustDecision decision)
{
    const QMutexLocker lock(&m_mutex);
    m_hostKeyAnswer = decision;
    m_hasAnswer = true;
    m_answered.wakeAll();
}

void SftpWorker::answerPassword(const std::optional<QString> &answer)
{
    const QMutexLocker lock(&m_mutex);
    m_passwordAnswer = answer;
    m_hasAnswer = true;
    m_answered.wakeAll();
}

void SftpWorker::abortQuestions()
{
    const QMutexLocker lock(&m_mutex);
    m_aborted = true;
    m_answered.wakeAll();
}
