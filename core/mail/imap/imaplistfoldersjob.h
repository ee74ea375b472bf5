// Lists an account's folders (LIST "" "*", with RFC 6154 special-use attributes when the server
// has them) and, when asked, each folder's counts by STATUS; records them in the mail index.
#pragma once

#include "mail/imap/imapjob.h"
#include "mail/store/folderinfo.h"

class MailIndex;
struct ImapListEntry;

class ImapListFoldersJob : public ImapJob
{
    Q_OBJECT

public:
    // index may be null (the folders are only reported).
    ImapListFoldersJob(ImapSession *session, MailIndex *index, QObject *parent = nullptr);

    // STATUS (MESSAGES UNSEEN UIDNEXT UIDVALIDITY) for every selectable folder.
    void setWithCounts(bool withCounts) { m_withCounts = withCounts; }
    [[nodiscard]] const QList<FolderInfo> &folders() const { return m_folders; }

    [[nodiscard]] static FolderInfo folderFromListEntry(const ImapListEntry &entry);

protected:
    void doStart() override;

private:
    void afterList();
    void askNextStatus();

    MailIndex *m_index = nullptr;
    QList<FolderInfo> m_folders;
    qsizetype m_nextStatus = 0;
    bool m_withCounts = false;
};
