// SMTP's message framing (RFC 5321 4.5.2) and the addresses that go into MAIL FROM / RCPT TO.
#include "mail/smtp/smtpmessage.h"

#include <QTest>

class TestSmtpMessage : public QObject
{
    Q_OBJECT

private slots:
    void dataIsDotStuffedWithCrlf_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("wire");
        QTest::newRow("plain") << QByteArray("Subject: x\r\n\r\nhello\r\n")
                               << QByteArray("Subject: x\r\n\r\nhello\r\n.\r\n");
        QTest::newRow("bare lf") << QByteArray("a\nb\n") << QByteArray("a\r\nb\r\n.\r\n");
        QTest::newRow("bare cr") << QByteArray("a\rb") << QByteArray("a\r\nb\r\n.\r\n");
        QTest::newRow("first line dot")
            << QByteArray(".hidden\r\n") << QByteArray("..hidden\r\n.\r\n");
        QTest::newRow("lone dot line")
            << QByteArray("a\r\n.\r\nb\r\n") << QByteArray("a\r\n..\r\nb\r\n.\r\n");
        QTest::newRow("last line dot, no newline")
            << QByteArray("a\n.") << QByteArray("a\r\n..\r\n.\r\n");
        QTest::newRow("dot inside a line") << QByteArray("a.b\r\n") << QByteArray("a.b\r\n.\r\n");
        QTest::newRow("empty") << QByteArray() << QByteArray(".\r\n");
    }

    void dataIsDotStuffedWithCrlf()
    {
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, wire);
        const QByteArray encoded = SmtpMessage::encodeData(message);
        QCOMPARE(encoded, wire);
        // SIZE= counts the CRLF message, without the stuffed dots and the final ".\r\n".
        const qsizetype stuffed = encoded.count("\n..") + (encoded.startsWith("..") ? 1 : 0);
        QCOMPARE(SmtpMessage::announcedSize(message), encoded.size() - 3 - stuffed);
        // No bare CR or LF anywhere on the wire.
        for (qsizetype i = 0; i < encoded.size(); ++i) {
            if (encoded.at(i) == '\r')
                QCOMPARE(encoded.at(i + 1), '\n');
            if (encoded.at(i) == '\n')
                QCOMPARE(encoded.at(i - 1), '\r');
        }
    }

    void addresses_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("alice@example.org") << true;
        QTest::newRow("utf-8") << QStringLiteral("j\u00fcrgen@b\u00fccher.example") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("no at") << QStringLiteral("alice") << false;
        QTest::newRow("crlf") << QStringLiteral("a@b\r\nRCPT TO:<x@y>") << false;
        QTest::newRow("angle") << QStringLiteral("a@b> SIZE=1") << false;
        QTest::newRow("space") << QStringLiteral("a b@c") << false;
        QTest::newRow("at end") << QStringLiteral("alice@") << false;
    }

    void addresses()
    {
        QFETCH(QString, address);
        QFETCH(bool, valid);
        QCOMPARE(SmtpMessage::addressProblem(address).isEmpty(), valid);
    }
};

QTEST_GUILESS_MAIN(TestSmtpMessage)
#include "tst_smtpmessage.moc"
