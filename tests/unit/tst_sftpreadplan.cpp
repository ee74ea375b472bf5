// SftpReadPlan: the stretches a download's connections take in turn, the read past the
// promised size that finds the end or growth, stretches handed back by a reader that failed
// (taken first, oldest first), and the first byte not surely received.
#include "files/sftp/sftpreadplan.h"

#include <QTest>

#include <thread>
#include <vector>

class TestSftpReadPlan : public QObject
{
    Q_OBJECT

private slots:
    void stretchesThenOneProbePastTheSize()
    {
        SftpReadPlan plan(100, 100 + 250, 100);
        QList<qint64> offsets;
        QList<qint64> lengths;
        while (const std::optional<SftpReadPlan::Stretch> stretch = plan.take()) {
            offsets << stretch->offset;
            lengths << stretch->length;
        }
        QCOMPARE(offsets, (QList<qint64> {100, 200, 300, 350}));
        QCOMPARE(lengths, (QList<qint64> {100, 100, 50, 100})); // the last: the probe
        QVERIFY(!plan.hasWork());
        QCOMPARE(plan.firstUnclaimed(), 450);
    }

    void probeWithDataMeansTheFileGrew()
    {
        SftpReadPlan plan(0, 100, 100);
        QCOMPARE(plan.take()->offset, 0);
        QCOMPARE(plan.take()->offset, 100); // the probe
        QVERIFY(!plan.take());
        plan.dataAt(0); // within the size: nothing changes
        QVERIFY(!plan.take());
        plan.dataAt(100);
        QCOMPARE(plan.take()->offset, 200);
        QCOMPARE(plan.take()->offset, 300);
        plan.foundEnd(250);
        QVERIFY(plan.reachedEnd());
        QVERIFY(!plan.take());
        QCOMPARE(plan.firstUnclaimed(), 250);
    }

    void unknownSizeReadsUntilTheEnd()
    {
        SftpReadPlan plan(0, -1, 10);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(plan.take()->offset, qint64(i) * 10);
        plan.foundEnd(5000);
        QVERIFY(!plan.take());
    }

    void givenBackStretchesComeFirstOldestFirst()
    {
        SftpReadPlan plan(0, 1000, 100);
        for (int i = 0; i < 5; ++i)
            QVERIFY(plan.take());
        plan.giveBack({300, 100});
        plan.giveBack({100, 60});
        QCOMPARE(plan.firstUnclaimed(), 100);
        QCOMPARE(plan.take()->offset, 100);
        const SftpReadPlan::Stretch second = *plan.take();
        QCOMPARE(second.offset, 300);
        QCOMPARE(second.length, 100);
        QCOMPARE(plan.take()->offset, 500);
        QCOMPARE(plan.firstUnclaimed(), 600);
    }

    void nothingPastTheEndIsMissing()
    {
        SftpReadPlan plan(0, 1000, 100);
        for (int i = 0; i < 4; ++i)
            QVERIFY(plan.take());
        plan.foundEnd(250); // the file shrank
        plan.giveBack({300, 100});
        plan.giveBack({200, 100});
        QCOMPARE(plan.take()->offset, 200);
        QVERIFY(!plan.take());
        QCOMPARE(plan.firstUnclaimed(), 250);
    }

    // Two threads taking at once get every stretch exactly once.
    void readersOnTwoThreadsShareTheWork()
    {
        constexpr qint64 chunk = 7;
        constexpr qint64 size = 70000;
        SftpReadPlan plan(0, size, chunk);
        std::vector<SftpReadPlan::Stretch> first;
        std::vector<SftpReadPlan::Stretch> second;
        const auto drain = [&plan](std::vector<SftpReadPlan::Stretch> *into) {
            while (const std::optional<SftpReadPlan::Stretch> stretch = plan.take())
                into->push_back(*stretch);
        };
        plan.readerStarted();
        std::thread other([&] {
            drain(&second);
            plan.readerStopped();
        });
        drain(&first);
        while (plan.otherReaders() > 0)
            plan.waitForChange(10);
        other.join();
        QVector<int> seen(int(size / chunk) + 1, 0);
        for (const auto *list : {&first, &second}) {
            for (const SftpReadPlan::Stretch &stretch : *list)
                ++seen[int(stretch.offset / chunk)];
        }
        QCOMPARE(seen.count(1), seen.size());
    }
};

QTEST_GUILESS_MAIN(TestSftpReadPlan)
#include "tst_sftpreadplan.moc"
