// Brings one folder's entry in the local index up to date with the server: SELECT, drop the
// cache when UIDVALIDITY changed, learn every UID and its flags (UID FETCH 1:* (UID FLAGS)),
// forget messages gone from the server, update changed flags, then fetch the headers of new
// messages (envelope, size, dates, structure) in windows of a few thousand UIDs, each window
// stored in one transaction so an interrupted sync keeps what it already has.
#pragma once

#include "mail/imap/imapjob.h"
#include "mail/store/mailindex.h"

#include <QHash>

struct ImapFetchData;

class ImapFolderSyncJob : public ImapJob
{
    Q_OBJECT

public:
    // folder: the index's folder (path and encodedPath; added to the index if missing).
    ImapFolderSyncJob(
        ImapSession *session, MailIndex *index, FolderInfo folder, QObject *parent = nullptr);

    void setWindowSize(int uids) { m_windowSize = uids; }

    [[nodiscard]] int newMessages() const { return m_newCount; }
    [[nodiscard]] int removedMessages() const { return m_removedCount; }
    [[nodiscard]] int changedFlags() const { return m_changedFlagCount; }
    [[nodiscard]] bool cacheWasReset() const { return m_cacheReset; }

    // The summary a header FETCH gives (RFC 2047 decoded, dates parsed).
    [[nodiscard]] static MessageSummary summaryFromFetch(const ImapFetchData &data);

signals:
    // After each window is stored: the UIDs now in the index, for a live list.
    void summariesStored(const QList<MessageSummary> &summaries);

protected:
    void doStart() override;

private:
    void afterSelect();
    void listUids();
    void reconcile();
    void fetchNextWindow();
    void fetchWindow();
    void fail(const Error &error);

    MailIndex *m_index = nullptr;
    FolderInfo m_folder;
    int m_windowSize = 2000;
    QHash<quint32, QByteArrayList> m_serverFlags;
    QList<quint32> m_toFetch;
    qsizetype m_fetched = 0; // UIDs asked for so far
    int m_stored = 0;
    int m_windowsInFlight = 0;
    int m_newCount = 0;
    int m_removedCount = 0;
    int m_changedFlagCount = 0;
    bool m_cacheReset = false;
};
