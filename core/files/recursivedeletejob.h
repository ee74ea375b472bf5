// Deletes a remote folder and everything in it over any RemoteFs: files first, then folders
// from the deepest up. Stops at the first failure, so a refusal is never hidden.
#pragma once

#include "net/job.h"

#include <QList>
#include <QPointer>
#include <QString>

class RemoteFs;
class RemoteTreeScanJob;

class RecursiveDeleteJob : public Job
{
    Q_OBJECT

public:
    RecursiveDeleteJob(RemoteFs *fs, QString root, QObject *parent = nullptr);

    [[nodiscard]] int deletedCount() const { return m_deleted; }

protected:
    void doStart() override;
    void doCancel() override;

private:
    void onScanned();
    void deleteNext();

    struct Step
    {
        QString path;
        bool isFolder = false;
    };

    RemoteFs *m_fs;
    QString m_root;
    QPointer<RemoteTreeScanJob> m_scan;
    QPointer<Job> m_current;
    QList<Step> m_steps;
    int m_next = 0;
    int m_deleted = 0;
};
