#include "transferqueue.h"

#include "files/localfiles.h"
#include "files/remotefs.h"
#include "files/remotepath.h"
#include "files/remotetreescanjob.h"
#include "net/job.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace {
constexpr int retryDelayMs = 500; // times the attempt number
} // namespace

TransferQueue::TransferQueue(ConnectionFactory factory, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
{ }

TransferQueue::~TransferQueue() = default;

int TransferQueue::appendItem(TransferItem item)
{
    m_bytesDone += item.transferred;
    m_bytesTotal += qMax<qint64>(item.size, 0);
    if (!item.isFinished())
        ++m_unfinished;
    m_items.append(std::move(item));
    const int index = int(m_items.size()) - 1;
    emit itemAdded(index);
    return index;
}

void TransferQueue::setAmounts(int index, qint64 transferred, qint64 size)
{
    TransferItem &item = m_items[index];
    m_bytesDone += transferred - item.transferred;
    m_bytesTotal += qMax<qint64>(size, 0) - qMax<qint64>(item.size, 0);
    item.transferred = transferred;
    item.size = size;
}

void TransferQueue::setState(int index, TransferItem::State state)
{
    TransferItem &item = m_items[index];
    const bool wasFinished = item.isFinished();
    item.state = state;
    if (wasFinished != item.isFinished())
        m_unfinished += wasFinished ? 1 : -1;
    if (state == TransferItem::State::Queued)
        m_firstQueued = qMin(m_firstQueued, index);
}

void TransferQueue::addDownload(const QString &remotePath, const QString &localPath, qint64 size)
{
    TransferItem item;
    item.direction = TransferItem::Direction::Download;
    item.remotePath = remotePath;
    item.localPath = localPath;
    item.size = size;
    appendItem(std::move(item));
    pump();
}

void TransferQueue::addUpload(const QString &localPath, const QString &remotePath)
{
    TransferItem item;
    item.direction = TransferItem::Direction::Upload;
    item.remotePath = remotePath;
    item.localPath = localPath;
    item.size = QFileInfo(localPath).size();
    appendItem(std::move(item));
    pump();
}

void TransferQueue::addDownloadTree(const QString &remoteDir, const QString &localDir)
{
    m_trees.append({TransferItem::Direction::Download, remoteDir, QDir(localDir).absolutePath()});
    scanNextTree();
    connectAhead();
}

void TransferQueue::addUploadTree(const QString &localDir, const QString &remoteDir)
{
    m_trees.append({TransferItem::Direction::Upload, remoteDir, QDir(localDir).absolutePath()});
    scanNextTree();
    connectAhead();
}

void TransferQueue::connectAhead()
{
    // A tree usually holds enough files for every connection: they log in while it is read,
    // so files start on all of them at once. The scan connection becomes the last one.
    while (!m_cancelled && int(m_workers.size()) < m_maxConnections - 1) {
        auto worker = std::make_unique<Worker>();
        worker->fs = m_factory();
        worker->fs->connectAhead();
        m_workers.push_back(std::move(worker));
    }
}

RemoteFs *TransferQueue::scanConnection()
{
    if (!m_scanFs)
        m_scanFs = m_factory();
    return m_scanFs.get();
}

void TransferQueue::scanNextTree()
{
    if (m_scanning || m_trees.isEmpty() || m_cancelled)
        return;
    m_scanning = true;
    m_currentTree = m_trees.takeFirst();
    if (m_currentTree.direction == TransferItem::Direction::Download) {
        if (!QDir().mkpath(m_currentTree.local)) {
            m_problems.append(Error(Error::Kind::LocalIo,
                tr("Could not create the folder %1.").arg(m_currentTree.local)));
            m_scanning = false;
            scanNextTree();
            checkIdle();
            return;
        }
        m_scanJob = new RemoteTreeScanJob(scanConnection(), m_currentTree.remote, this);
        connect(m_scanJob, &Job::finished, this, &TransferQueue::onDownloadTreeScanned);
        m_scanJob->start();
        return;
    }

    // Upload: read the local tree (folders sorted so parents come first), then make the
    // remote folders one by one on the scan connection before any file starts.
    QStringList folders {QString()};
    QList<TransferItem> files;
    QDirIterator it(m_currentTree.local, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
        QDirIterator::Subdirectories);
    const QDir root(m_currentTree.local);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        const QString relative = root.relativeFilePath(info.filePath());
        if (info.isSymLink() && info.isDir()) {
            m_problems.append(Error(Error::Kind::Unsupported,
                tr("Skipped %1: a link to a folder.").arg(info.filePath())));
            continue;
        }
        if (info.isDir()) {
            folders.append(relative);
            continue;
        }
        TransferItem item;
        item.direction = TransferItem::Direction::Upload;
        item.localPath = info.filePath();
        item.remotePath = RemotePath::join(m_currentTree.remote, relative);
        item.size = info.size();
        files.append(std::move(item));
    }
    std::sort(folders.begin(), folders.end());
    createRemoteFolders(folders, files);
}

void TransferQueue::createRemoteFolders(QStringList folders, const QList<TransferItem> &files)
{
    if (m_cancelled) {
        m_scanning = false;
        checkIdle();
        return;
    }
    if (folders.isEmpty()) {
        for (const TransferItem &file : files)
            appendItem(file);
        m_scanning = false;
        pump();
        scanNextTree();
        checkIdle();
        return;
    }
    const QString folder = RemotePath::join(m_currentTree.remote, folders.takeFirst());
    m_scanJob = scanConnection()->makeDirectory(folder);
    connect(m_scanJob, &Job::finished, this, [this, folders, files] {
        // A folder that exists already is fine; any other refusal shows up on its files.
        m_scanJob->deleteLater();
        createRemoteFolders(folders, files);
    });
    m_scanJob->start();
}

void TransferQueue::onDownloadTreeScanned()
{
    auto *scan = static_cast<RemoteTreeScanJob *>(m_scanJob.data());
    scan->deleteLater();
    m_scanning = false;
    if (scan->error().isError() && !m_cancelled) {
        m_problems.append(scan->error());
    } else if (!m_cancelled) {
        m_problems.append(scan->problems());
        for (const RemoteTreeScanJob::Item &entry : scan->items()) {
            const QString local = RemotePath::join(m_currentTree.local, entry.relativePath);
            if (entry.entry.isDirectory()) {
                if (!QDir().mkpath(local))
                    m_problems.append(Error(
                        Error::Kind::LocalIo, tr("Could not create the folder %1.").arg(local)));
                continue;
            }
            TransferItem item;
            item.direction = TransferItem::Direction::Download;
            item.remotePath = RemotePath::join(m_currentTree.remote, entry.relativePath);
            item.localPath = local;
            // A link's size and time are its own, not those of the file it points to.
            if (entry.entry.type == RemoteEntry::Type::File) {
                item.size = entry.entry.size;
                if (entry.entry.mtimePrecision == RemoteEntry::TimePrecision::Second)
                    item.remoteModified = entry.entry.mtime;
            }
            appendItem(std::move(item));
        }
    }
    pump();
    scanNextTree();
    checkIdle();
}

void TransferQueue::pump()
{
    if (m_cancelled)
        return;
    for (int index = m_firstQueued; index < m_items.size(); ++index) {
        if (m_items.at(index).state != TransferItem::State::Queued)
            continue;
        if (connectionsInUse() >= m_maxConnections)
            return; // also counts one lent to a running transfer
        Worker *idleWorker = nullptr;
        for (const std::unique_ptr<Worker> &worker : m_workers) {
            if (!worker->job) {
                idleWorker = worker.get();
                break;
            }
        }
        if (!idleWorker) {
            if (int(m_workers.size()) >= m_maxConnections)
                return;
            auto worker = std::make_unique<Worker>();
            // The connection that read the folders is logged in and idle now: it carries
            // files too, which saves a login (a tenth of a second over SSH).
            const bool scanDone = !m_scanning && m_trees.isEmpty();
            worker->fs = m_scanFs && scanDone ? std::move(m_scanFs) : m_factory();
            idleWorker = worker.get();
            m_workers.push_back(std::move(worker));
        }
        startItem(*idleWorker, index);
    }
}

void TransferQueue::startItem(Worker &worker, int index)
{
    if (index == m_firstQueued)
        ++m_firstQueued;
    TransferItem &item = m_items[index];
    TransferOptions options = m_options;
    if (item.attempts > 0)
        options.resume = true; // a retry continues where the last attempt stopped
    if (item.direction == TransferItem::Direction::Download && item.attempts == 0) {
        options.knownRemoteSize = item.size;
        options.knownRemoteModified = item.remoteModified;
    }
    // The last file in line may take one more connection, when one is free (SFTP reads a large
    // download over two); while others wait, each connection carries its own. The lent one
    // counts against the limit until the transfer ends.
    worker.lent = 0;
    if (item.direction == TransferItem::Direction::Download && !m_scanning && m_trees.isEmpty()
        && !hasQueuedItemAfter(index) && connectionsInUse() + 1 < m_maxConnections)
        worker.lent = 1;
    options.extraConnections = worker.lent;
    ++item.attempts;
    setState(index, TransferItem::State::Running);
    worker.item = index;
    worker.job = item.direction == TransferItem::Direction::Download
        ? worker.fs->download(item.remotePath, item.localPath, options)
        : worker.fs->upload(item.localPath, item.remotePath, options);
    Worker *workerPointer = &worker;
    connect(worker.job, &Job::progress, this, [this, index](qint64 done, qint64 total) {
        setAmounts(index, done, total >= 0 ? total : m_items.at(index).size);
        emit itemChanged(index);
        emit progress(bytesDone(), bytesTotal());
    });
    connect(
        worker.job, &Job::finished, this, [this, workerPointer] { onItemFinished(workerPointer); });
    emit itemChanged(index);
    worker.job->start();
}

int TransferQueue::connectionsInUse() const
{
    int inUse = 0;
    for (const std::unique_ptr<Worker> &worker : m_workers)
        inUse += worker->job ? 1 + worker->lent : 0;
    return inUse;
}

bool TransferQueue::hasQueuedItemAfter(int index) const
{
    for (int next = index + 1; next < m_items.size(); ++next) {
        if (m_items.at(next).state == TransferItem::State::Queued)
            return true; // usually the very next one: this stays cheap on long queues
    }
    return false;
}

void TransferQueue::onItemFinished(Worker *worker)
{
    Job *job = worker->job;
    const int index = worker->item;
    worker->job = nullptr;
    worker->item = -1;
    worker->lent = 0;
    job->deleteLater();
    TransferItem &item = m_items[index];
    item.error = job->error();
    if (!item.error.isError()) {
        setState(index, TransferItem::State::Done);
        if (item.size >= 0)
            setAmounts(index, item.size, item.size);
    } else if (!m_cancelled && isRetryable(item.error) && item.attempts < m_maxAttempts) {
        // Not at once: a server that just dropped us is often busy for a moment. The item
        // stays Running (waiting to retry) until then.
        QTimer::singleShot(retryDelayMs * item.attempts, this, [this, index] {
            setState(
                index, m_cancelled ? TransferItem::State::Skipped : TransferItem::State::Queued);
            emit itemChanged(index);
            pump();
            checkIdle();
        });
    } else {
        setState(index, TransferItem::State::Failed);
    }
    emit itemChanged(index);
    emit progress(bytesDone(), bytesTotal());
    pump();
    checkIdle();
}

bool TransferQueue::isRetryable(const Error &error)
{
    switch (error.kind()) {
    case Error::Kind::ConnectionLost:
    case Error::Kind::ConnectionRefused:
    case Error::Kind::Timeout: return true;
    default: return false;
    }
}

void TransferQueue::cancel()
{
    m_cancelled = true;
    m_trees.clear();
    if (m_scanJob && !m_scanJob->isFinished())
        m_scanJob->cancel();
    for (int index = 0; index < m_items.size(); ++index) {
        if (m_items.at(index).state == TransferItem::State::Queued) {
            setState(index, TransferItem::State::Skipped);
            m_items[index].error = Error(Error::Kind::Cancelled, tr("Cancelled."));
            emit itemChanged(index);
        }
    }
    for (const std::unique_ptr<Worker> &worker : m_workers) {
        if (worker->job)
            worker->job->cancel();
    }
    checkIdle();
}

bool TransferQueue::isIdle() const
{
    return !m_scanning && m_trees.isEmpty() && m_unfinished == 0;
}

void TransferQueue::checkIdle()
{
    if (isIdle())
        emit idle();
}

int TransferQueue::failedCount() const
{
    return int(std::count_if(m_items.cbegin(), m_items.cend(),
        [](const TransferItem &item) { return item.state == TransferItem::State::Failed; }));
}
