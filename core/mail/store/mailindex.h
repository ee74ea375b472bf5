// The local index of one mail account: a SQLite file (QtSql) holding its folders, the server
// state the cache is keyed by (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ) and one summary per
// message, so a folder's list opens from disk without asking the server.
#pragma once

#include "mail/store/folderinfo.h"
#include "mail/store/messagesummary.h"
#include "net/error.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

class QSqlQuery;

// Not thread-safe: like any QSqlDatabase connection, use an instance from the thread that
// opened it. The index never touches message files: where rows are dropped, the cached body
// files they named are handed back for the caller to delete.
class MailIndex
{
public:
    // The schema this code writes (PRAGMA user_version). A file from a newer Wharf is refused.
    static constexpr int SchemaVersion = 1;

    enum class SortColumn { Uid, Date, Subject, From, To, Size };

    struct FolderStateResult
    {
        Error error;
        // The folder's UIDVALIDITY changed: every cached message of it was dropped.
        bool messagesDropped = false;
        QStringList droppedBodyFiles; // their cached bodies, for the caller to delete
    };

    struct FlagUpdate
    {
        quint32 uid = 0;
        MessageFlags flags;
        QStringList extraFlags;
    };

    struct Counts
    {
        int total = 0;
        int unread = 0;
    };

    MailIndex();
    ~MailIndex();
    Q_DISABLE_COPY_MOVE(MailIndex)

    // Opens (creating when missing) the database at filePath and brings its schema up to date.
    [[nodiscard]] Error open(const QString &filePath);
    [[nodiscard]] bool isOpen() const;
    [[nodiscard]] const QString &filePath() const { return m_filePath; }

    // Folders, in no particular order (FolderModel orders them). Counts are the cached ones.
    [[nodiscard]] QList<FolderInfo> folders() const;
    [[nodiscard]] std::optional<FolderInfo> folder(const QString &path) const;
    // Adds a folder or updates its names, delimiter, special use and selectability (keyed by
    // path). Its server state and counts are left alone: setFolderState() and the cached
    // messages own them. Returns the folder's id, 0 on failure.
    [[nodiscard]] qint64 upsertFolder(const FolderInfo &info, Error *error = nullptr);
    // Drops the folder and its cached messages.
    [[nodiscard]] Error removeFolder(const QString &path, QStringList *droppedBodyFiles = nullptr);
    // Records the server's state after a SELECT. A UIDVALIDITY other than the stored one (when
    // one was stored) means the server renumbered the folder: its cached messages are dropped.
    [[nodiscard]] FolderStateResult setFolderState(
        const QString &path, quint32 uidValidity, quint32 uidNext, quint64 highestModSeq);

    // Inserts or replaces summaries by UID, all or nothing. A summary without a bodyFile keeps
    // the one already recorded, so refreshing headers doesn't forget a cached body. UID 0 (no
    // UID in the FETCH) is skipped. A date that isn't valid is stored as the internal date.
    [[nodiscard]] Error storeSummaries(
        const QString &folderPath, const QList<MessageSummary> &summaries);
    // NotFound when the message isn't cached.
    [[nodiscard]] Error updateFlags(const QString &folderPath, quint32 uid, MessageFlags flags,
        const QStringList &extraFlags = {});
    // A sync's batch, in one transaction: UIDs not cached are skipped, unchanged rows not
    // written.
    [[nodiscard]] Error updateFlags(const QString &folderPath, const QList<FlagUpdate> &updates);
    [[nodiscard]] Error removeUids(const QString &folderPath, const QList<quint32> &uids,
        QStringList *droppedBodyFiles = nullptr);
    [[nodiscard]] Error setBodyFile(const QString &folderPath, quint32 uid, const QString &path);

    // Reads: on a database failure they log it and return nothing.
    [[nodiscard]] QList<quint32> knownUids(const QString &folderPath) const; // ascending
    [[nodiscard]] quint32 highestUid(const QString &folderPath) const; // 0 when empty
    [[nodiscard]] Counts counts(const QString &folderPath) const;
    [[nodiscard]] std::optional<MessageSummary> summary(
        const QString &folderPath, quint32 uid) const;
    // The summaries of these UIDs (a page of a list), in the order asked; unknown UIDs are
    // skipped.
    [[nodiscard]] QList<MessageSummary> summaries(
        const QString &folderPath, const QList<quint32> &uids) const;
    // Every UID of the folder in list order; ties are broken by UID in the same direction.
    // Subject sorts ignore case and reply prefixes ("Re:", "Fwd:"); names sort case-folded in
    // code-point order (SQLite has no locale collation: "Émile" comes after "Zoe").
    [[nodiscard]] QList<quint32> orderedUids(
        const QString &folderPath, SortColumn column, Qt::SortOrder order) const;

private:
    [[nodiscard]] Error createSchema();
    [[nodiscard]] Error failure(const QSqlQuery &query, const QString &what) const;
    [[nodiscard]] Error notFound(const QString &folderPath) const;
    // 0 when unknown. Cached: another connection removing a folder isn't noticed until open().
    [[nodiscard]] qint64 folderId(const QString &path) const;
    [[nodiscard]] Error dropMessages(qint64 folderId, QStringList *droppedBodyFiles);

    QString m_connectionName;
    QString m_filePath;
    QSqlDatabase m_db;
    mutable QHash<QString, qint64> m_folderIds;
};
