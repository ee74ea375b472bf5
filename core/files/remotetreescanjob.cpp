#include "remotetreescanjob.h"

#include "files/localfiles.h"
#include "files/remotefs.h"
#include "files/remotelistjob.h"
#include "files/remotepath.h"

#include <utility>

RemoteTreeScanJob::RemoteTreeScanJob(RemoteFs *fs, QString root, QObject *parent)
    : Job(parent)
    , m_fs(fs)
    , m_root(std::move(root))
{ }

QString RemoteTreeScanJob::absolute(const QString &relative) const
{
    return RemotePath::join(m_root, relative);
}

void RemoteTreeScanJob::doStart()
{
    m_pending.enqueue(QString());
    listNext();
}

void RemoteTreeScanJob::listNext()
{
    if (isFinished())
        return;
    if (m_pending.isEmpty()) {
        finishWithSuccess();
        return;
    }
    m_current = m_pending.dequeue();
    m_listJob = m_fs->list(absolute(m_current));
    connect(m_listJob, &Job::finished, this, &RemoteTreeScanJob::onListed);
    m_listJob->start();
}

void RemoteTreeScanJob::onListed()
{
    RemoteListJob *job = m_listJob;
    job->deleteLater();
    if (isFinished())
        return;
    if (job->error().isError()) {
        // The root must be listable; a subfolder that is not is reported and skipped.
        if (m_current.isEmpty()) {
            finishWithError(job->error());
            return;
        }
        m_problems.append(job->error());
        listNext();
        return;
    }
    for (const QString &name : job->rejectedNames())
        m_problems.append(Error(Error::Kind::UnsafeName,
            tr("Skipped an entry of %1 with an unsafe name: %2").arg(absolute(m_current), name)));
    const int depth = m_current.isEmpty() ? 1 : int(m_current.count(QLatin1Char('/'))) + 2;
    for (const RemoteEntry &entry : job->entries()) {
        if (!LocalFiles::isSafeName(entry.name)) {
            QString unused;
            m_problems.append(LocalFiles::childPath(absolute(m_current), entry.name, &unused));
            continue;
        }
        const QString relative = RemotePath::join(m_current, entry.name);
        m_items.append(Item {relative, entry});
        if (!entry.isDirectory())
            continue;
        if (depth >= maxDepth) {
            m_problems.append(Error(Error::Kind::Unsupported,
                tr("Skipped %1: folders nested deeper than %2 levels.")
                    .arg(absolute(relative))
                    .arg(maxDepth)));
            continue;
        }
        m_pending.enqueue(relative);
    }
    setProgress(m_items.size(), -1);
    listNext();
}

void RemoteTreeScanJob::doCancel()
{
    if (m_listJob)
        m_listJob->cancel();
    Job::doCancel();
}
