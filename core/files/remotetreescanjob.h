// Walks a remote folder tree over any RemoteFs, folder by folder, for recursive transfers and
// deletes. Names a local path could not safely carry are left out and reported.
#pragma once

#include "files/remoteentry.h"
#include "net/job.h"

#include <QList>
#include <QPointer>
#include <QQueue>

class RemoteFs;
class RemoteListJob;

class RemoteTreeScanJob : public Job
{
    Q_OBJECT

public:
    struct Item
    {
        QString relativePath; // "a/b.txt", below the root, built from safe names only
        RemoteEntry entry;
    };

    RemoteTreeScanJob(RemoteFs *fs, QString root, QObject *parent = nullptr);

    // Folders come before what they contain.
    [[nodiscard]] const QList<Item> &items() const { return m_items; }
    // One error per entry left out (an unsafe name, a folder that could not be listed).
    [[nodiscard]] const QList<Error> &problems() const { return m_problems; }

    // Deeper trees are refused: a symlink loop on the server must not walk forever.
    static constexpr int maxDepth = 64;

protected:
    void doStart() override;
    void doCancel() override;

private:
    void listNext();
    void onListed();
    [[nodiscard]] QString absolute(const QString &relative) const;

    RemoteFs *m_fs;
    QString m_root;
    QQueue<QString> m_pending;
    QString m_current;
    QPointer<RemoteListJob> m_listJob;
    QList<Item> m_items;
    QList<Error> m_problems;
};
