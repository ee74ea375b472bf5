// Finding a host's lines in known_hosts, plain and hashed (as `ssh-keygen -H` writes them).
#include "security/knownhostsfile.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestKnownHostsFile : public QObject
{
    Q_OBJECT

private slots:
    void plainAndHashedEntries()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("known_hosts"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("# comment\n"
                       "files.example.org,192.0.2.7 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA\n"
                       "[files.example.org]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB\n"
                       "\n"
                       "@cert-authority *.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC\n"
                       "other.example ssh-rsa AAAAB3NzaC1yc2E\n");
        }
        QCOMPARE(KnownHostsFile::entryName(QStringLiteral("h"), 22), QStringLiteral("h"));
        QCOMPARE(KnownHostsFile::entryName(QStringLiteral("h"), 2222), QStringLiteral("[h]:2222"));
        QCOMPARE(KnownHostsFile::linesFor(path, QStringLiteral("files.example.org"), 22),
            QList<int> {2});
        QCOMPARE(KnownHostsFile::linesFor(path, QStringLiteral("192.0.2.7"), 22), QList<int> {2});
        QCOMPARE(KnownHostsFile::linesFor(path, QStringLiteral("FILES.example.org"), 2222),
            QList<int> {3});
        QVERIFY(KnownHostsFile::linesFor(path, QStringLiteral("nowhere.example"), 22).isEmpty());
        QVERIFY(KnownHostsFile::linesFor(
            dir.filePath(QStringLiteral("missing")), QStringLiteral("files.example.org"), 22)
                    .isEmpty());

        // OpenSSH's own hashing: the lines keep their places.
        QCOMPARE(QProcess::execute(QStringLiteral("ssh-keygen"),
                     {QStringLiteral("-q"), QStringLiteral("-H"), QStringLiteral("-f"), path}),
            0);
        QFile hashed(path);
        QVERIFY(hashed.open(QIODevice::ReadOnly));
        QVERIFY(!hashed.readAll().contains("files.example.org,")); // really hashed now
        QCOMPARE(
            KnownHostsFile::linesFor(path, QStringLiteral("files.example.org"), 2222).size(), 1);
        QCOMPARE(KnownHostsFile::linesFor(path, QStringLiteral("files.example.org"), 22).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestKnownHostsFile)
#include "tst_knownhostsfile.moc"
