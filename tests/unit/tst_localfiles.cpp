// A hostile server must not be able to choose where a download lands, and a download must not
// replace the person's file before it is complete.
#include "files/localfiles.h"
#include "files/remoteurl.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestLocalFiles : public QObject
{
    Q_OBJECT

private slots:
    void hostileNamesAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("safe");
        QTest::newRow("plain") << QStringLiteral("report.pdf") << true;
        QTest::newRow("spaces inside") << QStringLiteral("my file .txt") << true;
        QTest::newRow("unicode") << QStringLiteral("\u65e5\u672c\u8a9e.txt") << true;
        QTest::newRow("dot file") << QStringLiteral(".bashrc") << true;
        QTest::newRow("three dots and a name") << QStringLiteral("...x") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("dot") << QStringLiteral(".") << false;
        QTest::newRow("dot dot") << QStringLiteral("..") << false;
        QTest::newRow("only dots") << QStringLiteral("...") << false;
        QTest::newRow("dots and spaces") << QStringLiteral(". .") << false;
        QTest::newRow("parent path") << QStringLiteral("../../.ssh/authorized_keys") << false;
        QTest::newRow("absolute") << QStringLiteral("/etc/passwd") << false;
        QTest::newRow("slash inside") << QStringLiteral("a/b") << false;
        QTest::newRow("backslash") << QStringLiteral("..\\..\\win.ini") << false;
        QTest::newRow("nul") << QStringLiteral("a") + QChar(0) + QStringLiteral("b") << false;
        QTest::newRow("cr lf") << QStringLiteral("x\r\nDELE y") << false;
        QTest::newRow("lf") << QStringLiteral("x\ny") << false;
    }

    void hostileNamesAreRefused()
    {
        QFETCH(QString, name);
        QFETCH(bool, safe);
        QCOMPARE(LocalFiles::isSafeName(name), safe);
        QString path;
        const Error error
            = LocalFiles::childPath(QStringLiteral("/home/me/Downloads"), name, &path);
        QCOMPARE(error.isError(), !safe);
        if (safe)
            QCOMPARE(path, QStringLiteral("/home/me/Downloads/") + name);
        else
            QCOMPARE(error.kind(), Error::Kind::UnsafeName);
    }

    void partFileReplacesTargetInOneStep()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("notes.txt"));
        const QString part = LocalFiles::partPath(target);
        QCOMPARE(part, target + QStringLiteral(".part"));
        QFile old(target);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("the person's old file");
        old.close();
        QFile fresh(part);
        QVERIFY(fresh.open(QIODevice::WriteOnly));
        fresh.write("the complete download");
        fresh.close();
        QVERIFY(!LocalFiles::replaceWith(part, target).isError());
        QVERIFY(!QFile::exists(part));
        QFile result(target);
        QVERIFY(result.open(QIODevice::ReadOnly));
        QCOMPARE(result.readAll(), QByteArray("the complete download"));
    }

    void ftpTimestamps()
    {
        const QDateTime time = LocalFiles::parseFtpTimestamp(QStringLiteral("20261126061205"));
        QCOMPARE(time, QDateTime(QDate(2026, 11, 26), QTime(6, 12, 5), Qt::UTC));
        QCOMPARE(LocalFiles::parseFtpTimestamp(QStringLiteral(" 20240229235959.5 ")),
            QDateTime(QDate(2024, 2, 29), QTime(23, 59, 59, 500), Qt::UTC));
        QVERIFY(!LocalFiles::parseFtpTimestamp(QStringLiteral("2026112606")).isValid());
        QVERIFY(!LocalFiles::parseFtpTimestamp(QStringLiteral("20261399999999")).isValid());
        QCOMPARE(LocalFiles::formatFtpTimestamp(time), QStringLiteral("20261126061205"));
    }

    void remoteUrls_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("path");
        QTest::newRow("ftp") << QStringLiteral("ftp://alice@example.org/pub/x.txt") << true
                             << QStringLiteral("example.org") << 21 << QStringLiteral("alice")
                             << QStringLiteral("/pub/x.txt");
        QTest::newRow("ftps default port")
            << QStringLiteral("ftps://h/") << true << QStringLiteral("h") << 990 << QString()
            << QStringLiteral("/");
        QTest::newRow("sftp port")
            << QStringLiteral("sftp://bob@h:2222") << true << QStringLiteral("h") << 2222
            << QStringLiteral("bob") << QString();
        QTest::newRow("ipv6") << QStringLiteral("ftp://[::1]:2121/a%20b") << true
                              << QStringLiteral("::1") << 2121 << QString()
                              << QStringLiteral("/a b");
        QTest::newRow("home") << QStringLiteral("ftp://h/~/docs") << true << QStringLiteral("h")
                              << 21 << QString() << QStringLiteral("~/docs");
        QTest::newRow("password refused") << QStringLiteral("ftp://u:secret@h/") << false
                                          << QString() << 0 << QString() << QString();
        QTest::newRow("http refused")
            << QStringLiteral("http://h/") << false << QString() << 0 << QString() << QString();
        QTest::newRow("no host") << QStringLiteral("ftp:///x") << false << QString() << 0
                                 << QString() << QString();
        QTest::newRow("encoded newline") << QStringLiteral("ftp://h/a%0d%0aDELE%20b") << false
                                         << QString() << 0 << QString() << QString();
    }

    void remoteUrls()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        Error error;
        const RemoteUrl url = RemoteUrl::parse(text, &error);
        QCOMPARE(url.isValid(), valid);
        QCOMPARE(error.isError(), !valid);
        if (!valid)
            return;
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, user);
        QFETCH(QString, path);
        QCOMPARE(url.host(), host);
        QCOMPARE(int(url.port()), port);
        QCOMPARE(url.user(), user);
        QCOMPARE(url.path(), path);
    }
};

QTEST_GUILESS_MAIN(TestLocalFiles)
#include "tst_localfiles.moc"
