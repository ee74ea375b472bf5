// Opens a message for reading: its body from the account's cache when it was opened before,
// else fetched once (ImapFetchMessageJob) into the cache and recorded in the index. What the
// reader and `wharf-cli mail show` use, so a message is downloaded once.
#pragma once

#include "mail/store/folderinfo.h"
#include "net/job.h"

#include <QPointer>

class ImapSession;
class MailAccountStorage;

class ImapMessageBodyJob : public Job
{
    Q_OBJECT

public:
    ImapMessageBodyJob(ImapSession *session, MailAccountStorage *storage, FolderInfo folder,
        quint32 uid, QObject *parent = nullptr);

    // The message file, once finished without an error.
    [[nodiscard]] const QString &file() const { return m_file; }
    [[nodiscard]] bool cameFromCache() const { return m_fromCache; }

protected:
    void doStart() override;

private:
    QPointer<ImapSession> m_session;
    MailAccountStorage *m_storage;
    FolderInfo m_folder;
    quint32 m_uid;
    QString m_file;
    bool m_fromCache = false;
};
