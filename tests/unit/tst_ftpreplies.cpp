// What FTP replies mean: the folder in a PWD reply, and the kind of error a refusal is.
#include "files/ftp/ftpreplies.h"

#include <QTest>

class TestFtpReplies : public QObject
{
    Q_OBJECT

private slots:
    void pwdPaths_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("path");
        QTest::newRow("vsftpd") << QByteArray(R"("/home/alice" is the current directory)")
                                << QStringLiteral("/home/alice");
        QTest::newRow("doubled quotes")
            << QByteArray(R"("/a ""quoted"" dir" created)") << QStringLiteral("/a \"quoted\" dir");
        QTest::newRow("utf-8") << QByteArray("\"/\xc3\xbc\"") << QStringLiteral("/\u00fc");
        QTest::newRow("no quotes") << QByteArray("/home/alice") << QString();
        QTest::newRow("unterminated") << QByteArray("\"/home/al") << QString();
    }

    void pwdPaths()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, path);
        QCOMPARE(FtpReplies::pwdPath(text), path);
    }

    void refusalsBecomeErrorsOfTheRightKind_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("kind");
        QTest::newRow("421") << 421 << int(Error::Kind::ConnectionLost);
        QTest::newRow("530") << 530 << int(Error::Kind::Authentication);
        QTest::newRow("550") << 550 << int(Error::Kind::NotFound);
        QTest::newRow("552") << 552 << int(Error::Kind::DiskFull);
        QTest::newRow("553") << 553 << int(Error::Kind::PermissionDenied);
        QTest::newRow("502") << 502 << int(Error::Kind::Unsupported);
        QTest::newRow("500") << 500 << int(Error::Kind::Protocol);
    }

    void refusalsBecomeErrorsOfTheRightKind()
    {
        QFETCH(int, code);
        QFETCH(int, kind);
        const Error error = FtpReplies::toError(
            NumericReply(code, {"first", "the last word"}), QStringLiteral("No."));
        QCOMPARE(int(error.kind()), kind);
        QCOMPARE(error.message(), QStringLiteral("No. the last word"));
        QVERIFY(error.serverReply().startsWith(QString::number(code) + QLatin1Char('-')));
    }
};

QTEST_GUILESS_MAIN(TestFtpReplies)
#include "tst_ftpreplies.moc"
