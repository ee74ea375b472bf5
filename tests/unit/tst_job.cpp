// Job's contract: finished() exactly once, cancel always ends in finished(), progress reported.
#include "net/job.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

namespace {

// Finishes after a timer, reporting progress on the way; cancel stops the timer first.
class TimedJob : public Job
{
public:
    explicit TimedJob(bool fail = false)
        : m_fail(fail)
    {
        m_timer.setSingleShot(true);
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            setProgress(100, 100);
            if (m_fail)
                finishWithError(Error(Error::Kind::NotFound, QStringLiteral("No such file."),
                    QStringLiteral("550 nope")));
            else
                finishWithSuccess();
        });
    }
    int startCalls = 0;
    int cancelCalls = 0;

protected:
    void doStart() override
    {
        ++startCalls;
        setProgress(0, 100);
        m_timer.start();
    }
    void doCancel() override
    {
        ++cancelCalls;
        m_timer.stop();
        Job::doCancel();
    }

private:
    QTimer m_timer;
    bool m_fail;
};

} // namespace

class TestJob : public QObject
{
    Q_OBJECT

private slots:
    void startDefersWorkToTheEventLoop()
    {
        TimedJob job;
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QCOMPARE(job.startCalls, 0); // signals connected after start() still see everything
        QVERIFY(finished.wait(2000));
        QCOMPARE(job.startCalls, 1);
        QCOMPARE(finished.count(), 1);
        QVERIFY(!job.error().isError());
        QCOMPARE(job.processedAmount(), 100);
    }

    void errorCarriesKindMessageAndReply()
    {
        TimedJob job(true);
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QVERIFY(finished.wait(2000));
        QCOMPARE(job.error().kind(), Error::Kind::NotFound);
        QCOMPARE(job.error().message(), QStringLiteral("No such file."));
        QCOMPARE(job.error().serverReply(), QStringLiteral("550 nope"));
        QCOMPARE(Error::kindName(job.error().kind()), QStringLiteral("not-found"));
    }

    void cancelRunningJobFinishesOnceAsCancelled()
    {
        TimedJob job;
        QSignalSpy finished(&job, &Job::finished);
        QSignalSpy progress(&job, &Job::progress);
        job.start();
        QTRY_COMPARE(job.startCalls, 1);
        job.cancel();
        job.cancel();
        QCOMPARE(job.cancelCalls, 1);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(job.error().kind(), Error::Kind::Cancelled);
        QTest::qWait(50); // the stopped timer must not finish the job a second time
        QCOMPARE(finished.count(), 1);
        QCOMPARE(progress.count(), 1);
    }

    void cancelBeforeStartNeverRunsTheWork()
    {
        TimedJob job;
        QSignalSpy finished(&job, &Job::finished);
        job.cancel();
        job.start();
        QVERIFY(finished.wait(2000));
        QCOMPARE(job.startCalls, 0);
        QCOMPARE(job.error().kind(), Error::Kind::Cancelled);
    }

    void cancelAfterFinishChangesNothing()
    {
        TimedJob job;
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QVERIFY(finished.wait(2000));
        job.cancel();
        QCOMPARE(finished.count(), 1);
        QVERIFY(!job.error().isError());
    }
};

QTEST_GUILESS_MAIN(TestJob)
#include "tst_job.moc"
