#include "mail/imap/imapmessagebodyjob.h"

#include "mail/imap/imapfetchmessagejob.h"
#include "mail/imap/imapsession.h"
#include "mail/store/mailaccountstorage.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

ImapMessageBodyJob::ImapMessageBodyJob(ImapSession *session, MailAccountStorage *storage,
    FolderInfo folder, quint32 uid, QObject *parent)
    : Job(parent)
    , m_session(session)
    , m_storage(storage)
    , m_folder(std::move(folder))
    , m_uid(uid)
{ }

void ImapMessageBodyJob::doStart()
{
    MailIndex &index = m_storage->index();
    if (const std::optional<MessageSummary> cached = index.summary(m_folder.path, m_uid);
        cached && !cached->bodyFile.isEmpty() && QFileInfo::exists(cached->bodyFile)) {
        m_file = cached->bodyFile;
        m_fromCache = true;
        finishWithSuccess();
        return;
    }
    const std::optional<FolderInfo> known = index.folder(m_folder.path);
    const quint32 uidValidity = known ? known->uidValidity : 0;
    m_file = m_storage->bodyCachePath(m_folder.path, uidValidity, m_uid);
    if (!QDir().mkpath(QFileInfo(m_file).absolutePath())) {
        finishWithError(Error(Error::Kind::LocalIo,
            tr("Could not create the cache folder %1.").arg(QFileInfo(m_file).absolutePath())));
        return;
    }
    // A file here without an index entry is left from an interrupted run: fetch it again.
    QFile::remove(m_file);
    auto *fetch = new ImapFetchMessageJob(m_session, m_folder.encodedPath, m_uid, m_file, this);
    connect(fetch, &Job::progress, this,
        [this](qint64 done, qint64 total) { setProgress(done, total); });
    connect(fetch, &Job::finished, this, [this, fetch] {
        fetch->deleteLater();
        if (fetch->error().isError()) {
            finishWithError(fetch->error());
            return;
        }
        if (m_storage->index().summary(m_folder.path, m_uid)) {
            const Error recorded = m_storage->index().setBodyFile(m_folder.path, m_uid, m_file);
            if (recorded.isError()) {
                finishWithError(recorded);
                return;
            }
        }
        finishWithSuccess();
    });
    fetch->start();
}
