// How the transfer queue shares its connections: the last file in line may take one more
// (SFTP reads a large download over two), only when one is free, and that lent connection
// counts against the limit until the transfer ends. A scheduling test: the file systems here
// only record what they were asked; real transfers are in tst_transferqueue and tst_sftpjobs.
#include "files/remotefs.h"
#include "files/remotelistjob.h"
#include "files/remotestatjob.h"
#include "files/transferqueue.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace {

// A transfer that runs until the test ends it.
class HeldJob : public Job
{
    Q_OBJECT

public:
    using Job::Job;
    void complete() { finishWithSuccess(); }

protected:
    void doStart() override { }
};

struct Started
{
    QString remotePath;
    int extraConnections = 0;
    HeldJob *job = nullptr;
};

class RecordingFs : public RemoteFs
{
    Q_OBJECT

public:
    explicit RecordingFs(QList<Started> *started)
        : m_started(started)
    { }
    RemoteListJob *list(const QString &) override { return nullptr; }
    RemoteStatJob *stat(const QString &) override { return nullptr; }
    Job *download(
        const QString &remotePath, const QString &, const TransferOptions &options) override
    {
        auto *job = new HeldJob(this);
        m_started->append({remotePath, options.extraConnections, job});
        return job;
    }
    Job *upload(const QString &, const QString &remotePath, const TransferOptions &options) override
    {
        return download(remotePath, {}, options);
    }
    Job *makeDirectory(const QString &) override { return nullptr; }
    Job *removeDirectory(const QString &) override { return nullptr; }
    Job *removeFile(const QString &) override { return nullptr; }
    Job *rename(const QString &, const QString &) override { return nullptr; }
    Job *setPermissions(const QString &, int) override { return nullptr; }
    Job *setModificationTime(const QString &, const QDateTime &) override { return nullptr; }
    QString homeDirectory() const override { return QStringLiteral("/"); }

private:
    QList<Started> *m_started;
};

} // namespace

class TestTransferQueueLending : public QObject
{
    Q_OBJECT

private slots:
    void lastFileTakesOneFreeConnection()
    {
        QList<Started> started;
        int connections = 0;
        TransferQueue queue([&] {
            ++connections;
            return std::make_unique<RecordingFs>(&started);
        });
        queue.setMaxConnections(3);
        queue.addDownload(QStringLiteral("/a"), QStringLiteral("a"), 1);
        queue.addDownload(QStringLiteral("/b"), QStringLiteral("b"), 1);
        QTRY_COMPARE(started.size(), 2);
        // "a" started alone, last in line, and took a free connection; "b" got the third.
        QCOMPARE(started.at(0).extraConnections, 1);
        QCOMPARE(started.at(1).extraConnections, 0);

        // A file queued now would make four: it waits for a connection.
        queue.addDownload(QStringLiteral("/c"), QStringLiteral("c"), 1); // starts here, or never
        QCOMPARE(started.size(), 2);
        // "a" ends and gives both back: "c" starts, and one is free for it to take.
        started.at(0).job->complete();
        QTRY_COMPARE(started.size(), 3);
        QCOMPARE(started.at(2).remotePath, QStringLiteral("/c"));
        QCOMPARE(started.at(2).extraConnections, 1);
        QVERIFY(connections <= 3);

        QSignalSpy idle(&queue, &TransferQueue::idle);
        started.at(1).job->complete();
        started.at(2).job->complete();
        QVERIFY(!idle.isEmpty() || idle.wait(5000));
        QVERIFY(queue.isIdle());
    }

    void noConnectionToLendAtTheLimit()
    {
        QList<Started> started;
        TransferQueue queue([&] { return std::make_unique<RecordingFs>(&started); });
        queue.setMaxConnections(1);
        queue.addDownload(QStringLiteral("/only"), QStringLiteral("only"), 1);
        QTRY_COMPARE(started.size(), 1);
        QCOMPARE(started.at(0).extraConnections, 0);
        started.at(0).job->complete();
    }

    void uploadsBorrowNothing()
    {
        QList<Started> started;
        TransferQueue queue([&] { return std::make_unique<RecordingFs>(&started); });
        queue.setMaxConnections(3);
        queue.addUpload(QStringLiteral("local"), QStringLiteral("/remote"));
        QTRY_COMPARE(started.size(), 1);
        QCOMPARE(started.at(0).extraConnections, 0);
        started.at(0).job->complete();
    }
};

QTEST_GUILESS_MAIN(TestTransferQueueLending)
#include "tst_transferqueuelending.moc"
