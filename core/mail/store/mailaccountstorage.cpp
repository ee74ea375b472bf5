#include "mail/store/mailaccountstorage.h"

#include "mail/mime/mimemessage.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>

MailAccountStorage::MailAccountStorage(QString directory)
    : m_directory(std::move(directory))
{ }

Error MailAccountStorage::open()
{
    if (!QDir().mkpath(m_directory))
        return Error(Error::Kind::LocalIo,
            tr("Could not create %1.").arg(QDir::toNativeSeparators(m_directory)));
    return m_index.open(m_directory + QStringLiteral("/index.sqlite"));
}

QString MailAccountStorage::maildirPath() const
{
    return m_directory + QStringLiteral("/Maildir");
}

QString MailAccountStorage::outboxPath() const
{
    return m_directory + QStringLiteral("/Outbox");
}

QString MailAccountStorage::sentPath() const
{
    return m_directory + QStringLiteral("/Sent");
}

QString MailAccountStorage::draftsPath() const
{
    return m_directory + QStringLiteral("/Drafts");
}

QString MailAccountStorage::bodyCachePath(
    const QString &folderPath, quint32 uidValidity, quint32 uid) const
{
    // Folder names can hold anything a server allows: a hash keeps them out of file names.
    const QByteArray hash
        = QCryptographicHash::hash(folderPath.toUtf8(), QCryptographicHash::Sha1).toHex();
    return m_directory + QStringLiteral("/cache/") + QString::fromLatin1(hash.left(16))
        + QStringLiteral("/%1-%2.eml").arg(uidValidity).arg(uid);
}

Error MailAccountStorage::indexMaildirMessage(const QString &file, quint32 *uid)
{
    const QString folderPath = QString::fromLatin1(pop3FolderPath);
    if (!m_index.folder(folderPath)) {
        FolderInfo inbox;
        inbox.path = folderPath;
        inbox.encodedPath = pop3FolderPath;
        inbox.specialUse = FolderInfo::SpecialUse::Inbox;
        Error error;
        if (m_index.upsertFolder(inbox, &error) == 0)
            return error;
        // Local UIDs never change meaning: one UIDVALIDITY for good.
        const MailIndex::FolderStateResult state = m_index.setFolderState(folderPath, 1, 1, 0);
        if (state.error.isError())
            return state.error;
    }
    Error error;
    const MimeMessage message = MimeMessage::fromFile(file, &error);
    if (error.isError())
        return error;
    MessageSummary summary;
    summary.uid = m_index.highestUid(folderPath) + 1;
    summary.subject = message.subject();
    if (!message.from().isEmpty()) {
        summary.fromName = message.from().constFirst().name;
        summary.fromAddress = message.from().constFirst().address;
    }
    QStringList to;
    for (const MimeMessage::Mailbox &mailbox : message.to())
        to.append(mailbox.name.isEmpty() ? mailbox.address : mailbox.name);
    summary.to = to.join(QStringLiteral(", "));
    summary.date = message.date();
    const QFileInfo info(file);
    summary.internalDate = info.lastModified().toUTC();
    summary.size = info.size();
    summary.messageId = message.messageId().toUtf8();
    summary.hasAttachments = !message.attachments().isEmpty();
    summary.bodyFile = file;
    error = m_index.storeSummaries(folderPath, {summary});
    if (!error.isError() && uid)
        *uid = summary.uid;
    return error;
}
