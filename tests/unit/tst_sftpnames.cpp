// A hostile SFTP server names its directory entries: whatever it sends, a listing keeps only
// names that are safe as local file names, and reports the others.
#include "files/localfiles.h"
#include "files/sftp/sftpnames.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

class TestSftpNames : public QObject
{
    Q_OBJECT

private slots:
    void craftedNames_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("verdict");
        const int accept = int(SftpNames::Verdict::Accept);
        const int reject = int(SftpNames::Verdict::Reject);
        const int skip = int(SftpNames::Verdict::Skip);
        QTest::newRow("plain") << QByteArray("report.pdf") << accept;
        QTest::newRow("utf-8") << QByteArray("Gr\xc3\xbc\xc3\x9f"
                                             "e \xe6\x97\xa5.txt")
                               << accept;
        QTest::newRow("dot file") << QByteArray(".bashrc") << accept;
        QTest::newRow("dot") << QByteArray(".") << skip;
        QTest::newRow("dot dot") << QByteArray("..") << skip;
        QTest::newRow("empty") << QByteArray() << reject;
        QTest::newRow("three dots") << QByteArray("...") << reject;
        QTest::newRow("dots and spaces") << QByteArray(". .") << reject;
        QTest::newRow("parent path") << QByteArray("../../.ssh/authorized_keys") << reject;
        QTest::newRow("absolute") << QByteArray("/etc/passwd") << reject;
        QTest::newRow("slash inside") << QByteArray("a/b") << reject;
        QTest::newRow("trailing slash") << QByteArray("dir/") << reject;
        QTest::newRow("backslash") << QByteArray("..\\..\\win.ini") << reject;
        QTest::newRow("nul") << QByteArray("safe\0/../../x", 13) << reject;
        QTest::newRow("cr lf") << QByteArray("x\r\ny") << reject;
        QTest::newRow("lf") << QByteArray("x\ny") << reject;
        QTest::newRow("cr") << QByteArray("x\ry") << reject;
        QTest::newRow("not utf-8") << QByteArray("caf\xe9.txt") << reject;
        QTest::newRow("overlong slash") << QByteArray("a\xc0\xaf"
                                                      "b")
                                        << reject;
    }

    void craftedNames()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, verdict);
        QString name;
        QCOMPARE(int(SftpNames::classify(raw, &name)), verdict);

        // The listing side: accepted names become entries, rejected ones are reported.
        QStringList rejected;
        QString admitted;
        const bool entry = SftpNames::admit(raw, &admitted, &rejected);
        QCOMPARE(entry, verdict == int(SftpNames::Verdict::Accept));
        QCOMPARE(rejected.size(), verdict == int(SftpNames::Verdict::Reject) ? 1 : 0);

        // Whatever is accepted stays a direct child of the download folder.
        if (entry) {
            QTemporaryDir dir;
            QString path;
            QVERIFY(!LocalFiles::childPath(dir.path(), admitted, &path).isError());
            QCOMPARE(QFileInfo(path).absoluteDir().absolutePath(), QDir(dir.path()).absolutePath());
            QCOMPARE(QFileInfo(path).fileName(), admitted);
        }
    }

    void aListingKeepsTheSafeNamesAndReportsTheRest()
    {
        const QList<QByteArray> listing {".", "..", "fine.txt", "../escape", "evil\nname",
            "sub\\dir", QByteArray("nul\0x", 5), "also fine"};
        QStringList entries;
        QStringList rejected;
        for (const QByteArray &raw : listing) {
            QString name;
            if (SftpNames::admit(raw, &name, &rejected))
                entries << name;
        }
        QCOMPARE(entries, (QStringList {QStringLiteral("fine.txt"), QStringLiteral("also fine")}));
        QCOMPARE(rejected.size(), 4);
        QVERIFY(rejected.contains(QStringLiteral("../escape")));
        QVERIFY(rejected.contains(QStringLiteral("evil\nname")));
    }
};

QTEST_GUILESS_MAIN(TestSftpNames)
#include "tst_sftpnames.moc"
