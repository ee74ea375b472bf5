// Runs file transfers over up to N connections to one site at once (default 3), while the
// browsing connection stays free. Failed items are retried a bounded number of times and
// resume from where they stopped. Folders are expanded into their files first; meanwhile the
// other connections log in, and the one that read the folders carries files afterwards.
#pragma once

#include "files/transferitem.h"
#include "files/transferoptions.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <vector>

class Job;
class RemoteFs;

class TransferQueue : public QObject
{
    Q_OBJECT

public:
    // Makes one more connection to the site (a RemoteFs with its own session).
    using ConnectionFactory = std::function<std::unique_ptr<RemoteFs>()>;

    explicit TransferQueue(ConnectionFactory factory, QObject *parent = nullptr);
    ~TransferQueue() override;

    void setMaxConnections(int connections) { m_maxConnections = qMax(1, connections); }
    void setMaxAttempts(int attempts) { m_maxAttempts = qMax(1, attempts); }
    void setOptions(const TransferOptions &options) { m_options = options; }

    void addDownload(const QString &remotePath, const QString &localPath, qint64 size = -1);
    void addUpload(const QString &localPath, const QString &remotePath);
    // The folder's files are added as the tree is read; local folders are created on the way.
    void addDownloadTree(const QString &remoteDir, const QString &localDir);
    // Remote folders are created first (an existing one is fine), then the files queue up.
    void addUploadTree(const QString &localDir, const QString &remoteDir);

    void cancel();

    [[nodiscard]] const QList<TransferItem> &items() const { return m_items; }
    // Entries left out while reading folders (unsafe names, unreadable folders).
    [[nodiscard]] const QList<Error> &problems() const { return m_problems; }
    [[nodiscard]] bool isIdle() const;
    [[nodiscard]] qint64 bytesDone() const { return m_bytesDone; }
    [[nodiscard]] qint64 bytesTotal() const { return m_bytesTotal; }
    [[nodiscard]] int failedCount() const;

signals:
    void itemAdded(int index);
    void itemChanged(int index);
    void progress(qint64 done, qint64 total);
    // Nothing queued, running or being read any more.
    void idle();

private:
    struct Worker
    {
        std::unique_ptr<RemoteFs> fs;
        QPointer<Job> job;
        int item = -1;
        int lent = 0; // connections the running transfer may open for itself
    };

    int appendItem(TransferItem item);
    // Every change of an item's amounts or state goes through these, which keep the totals
    // current: the queue may hold tens of thousands of items, so nothing walks them all.
    void setAmounts(int index, qint64 transferred, qint64 size);
    void setState(int index, TransferItem::State state);
    void pump();
    void startItem(Worker &worker, int index);
    [[nodiscard]] bool hasQueuedItemAfter(int index) const;
    // Connections carrying a transfer, and those lent to one.
    [[nodiscard]] int connectionsInUse() const;
    void onItemFinished(Worker *worker);
    void scanNextTree();
    void connectAhead();
    void onDownloadTreeScanned();
    void createRemoteFolders(QStringList folders, const QList<TransferItem> &files);
    void checkIdle();
    RemoteFs *scanConnection();
    [[nodiscard]] static bool isRetryable(const Error &error);

    struct PendingTree
    {
        TransferItem::Direction direction;
        QString remote;
        QString local;
    };

    ConnectionFactory m_factory;
    TransferOptions m_options;
    int m_maxConnections = 3;
    int m_maxAttempts = 3;
    QList<TransferItem> m_items;
    QList<Error> m_problems;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::unique_ptr<RemoteFs> m_scanFs;
    QList<PendingTree> m_trees;
    QPointer<Job> m_scanJob;
    PendingTree m_currentTree {};
    qint64 m_bytesDone = 0;
    qint64 m_bytesTotal = 0;
    int m_unfinished = 0;
    int m_firstQueued = 0; // no item before this one is Queued
    bool m_scanning = false;
    bool m_cancelled = false;
};
