#include "recursivedeletejob.h"

#include "files/remotefs.h"
#include "files/remotepath.h"
#include "files/remotetreescanjob.h"

#include <algorithm>
#include <utility>

RecursiveDeleteJob::RecursiveDeleteJob(RemoteFs *fs, QString root, QObject *parent)
    : Job(parent)
    , m_fs(fs)
    , m_root(std::move(root))
{ }

void RecursiveDeleteJob::doStart()
{
    m_scan = new RemoteTreeScanJob(m_fs, m_root, this);
    connect(m_scan, &Job::finished, this, &RecursiveDeleteJob::onScanned);
    m_scan->start();
}

void RecursiveDeleteJob::onScanned()
{
    if (isFinished())
        return;
    if (m_scan->error().isError()) {
        finishWithError(m_scan->error());
        return;
    }
    if (!m_scan->problems().isEmpty()) {
        // Something in the tree can't be named safely, so the folder can't end up empty:
        // delete nothing rather than half of it.
        finishWithError(Error(Error::Kind::UnsafeName,
            tr("Not deleting %1: %2").arg(m_root, m_scan->problems().constFirst().message())));
        return;
    }
    QList<Step> folders;
    for (const RemoteTreeScanJob::Item &item : m_scan->items()) {
        const QString path = RemotePath::join(m_root, item.relativePath);
        if (item.entry.isDirectory())
            folders.append({path, true});
        else
            m_steps.append({path, false});
    }
    // Pre-order lists parents first; deleting in reverse removes children first.
    std::reverse(folders.begin(), folders.end());
    m_steps.append(folders);
    m_steps.append({m_root, true});
    setProgress(0, m_steps.size());
    deleteNext();
}

void RecursiveDeleteJob::deleteNext()
{
    if (isFinished())
        return;
    if (m_next >= m_steps.size()) {
        finishWithSuccess();
        return;
    }
    const Step &step = m_steps.at(m_next);
    m_current = step.isFolder ? m_fs->removeDirectory(step.path) : m_fs->removeFile(step.path);
    connect(m_current, &Job::finished, this, [this] {
        Job *done = m_current;
        done->deleteLater();
        if (isFinished())
            return;
        if (done->error().isError()) {
            finishWithError(done->error());
            return;
        }
        ++m_deleted;
        ++m_next;
        setProgress(m_next, m_steps.size());
        deleteNext();
    });
    m_current->start();
}

void RecursiveDeleteJob::doCancel()
{
    if (m_scan && !m_scan->isFinished())
        m_scan->cancel();
    if (m_current && !m_current->isFinished())
        m_current->cancel();
    Job::doCancel();
}
