// LineChannel against a scripted server: lines however they arrive, commands that can't smuggle
// a second command, bytes before STARTTLS thrown away, secrets masked, and every way a
// connection goes wrong ending in one clear error.
#include "net/linechannel.h"
#include "net/protocollog.h"
#include "scriptedserver.h"

#include <QSignalSpy>
#include <QTest>

class TestLineChannel : public QObject
{
    Q_OBJECT

private:
    static void connectTo(LineChannel &channel, const ScriptedServer &server)
    {
        QSignalSpy connected(&channel, &LineChannel::connected);
        channel.connectToHost(
            QStringLiteral("127.0.0.1"), server.port(), LineChannel::Security::Plain);
        QVERIFY(connected.wait(5000));
    }

private slots:
    void linesSplitAndJoinedAnyHow()
    {
        ScriptedServer server;
        server.setGreeting({"22", "0 hel", "lo\r\n331-a\r\n331 b\r", "\nbare lf\n", "last"});
        LineChannel channel(QStringLiteral("ftp"), nullptr);
        QSignalSpy lines(&channel, &LineChannel::lineReceived);
        connectTo(channel, server);
        QTRY_COMPARE(lines.count(), 4);
        QCOMPARE(lines.at(0).at(0).toByteArray(), QByteArray("220 hello"));
        QCOMPARE(lines.at(1).at(0).toByteArray(), QByteArray("331-a"));
        QCOMPARE(lines.at(2).at(0).toByteArray(), QByteArray("331 b"));
        QCOMPARE(lines.at(3).at(0).toByteArray(), QByteArray("bare lf"));
        server.send("ing\r\n");
        QTRY_COMPARE(lines.count(), 5);
        QCOMPARE(lines.at(4).at(0).toByteArray(), QByteArray("lasting"));
    }

    void commandsCannotCarryLineBreaks()
    {
        ScriptedServer server;
        LineChannel channel(QStringLiteral("ftp"), nullptr);
        connectTo(channel, server);
        for (const QByteArray &hostile : {QByteArray("a\r\nDELE b"), QByteArray("a\nb"),
                 QByteArray("a\rb"), QByteArray("a\0b", 3)}) {
            const Error error = channel.writeCommand("RETR", hostile);
            QCOMPARE(error.kind(), Error::Kind::UnsafeName);
        }
        QVERIFY(!channel.writeCommand("RETR", "fine name.txt").isError());
        QTRY_COMPARE(server.receivedLines().size(), 1);
        QCOMPARE(server.receivedLines().constFirst(), QByteArray("RETR fine name.txt"));
    }

    void secretsAreMaskedInTheLogOnly()
    {
        ScriptedServer server;
        ProtocolLog log;
        QList<ProtocolLog::Entry> entries;
        connect(&log, &ProtocolLog::entryAdded, this,
            [&entries](const ProtocolLog::Entry &entry) { entries.append(entry); });
        LineChannel channel(QStringLiteral("ftp"), &log);
        connectTo(channel, server);
        QVERIFY(
            !channel.writeCommand("PASS", "hunter2", LineChannel::LogMode::MaskArgument).isError());
        QTRY_COMPARE(server.receivedLines().size(), 1);
        QCOMPARE(server.receivedLines().constFirst(), QByteArray("PASS hunter2"));
        bool sawMasked = false;
        for (const ProtocolLog::Entry &entry : entries) {
            QVERIFY(!entry.text.contains(QStringLiteral("hunter2")));
            if (entry.direction == ProtocolLog::Direction::Sent) {
                QCOMPARE(entry.text, QStringLiteral("PASS ****"));
                QCOMPARE(entry.connectionId, channel.connectionId());
                sawMasked = true;
            }
        }
        QVERIFY(sawMasked);
        QVERIFY(ProtocolLog::format(entries.constLast()).contains(QStringLiteral("[ftp#")));
    }

    void bytesBeforeTheTlsHandshakeAreDiscarded()
    {
        // A man in the middle appends a forged reply to the server's "go ahead": it must
        // never be read as if it came over TLS.
        ScriptedServer server;
        server.setGreeting({"234 Proceed\r\n250 forged reply\r\n"});
        LineChannel channel(QStringLiteral("smtp"), nullptr);
        channel.setReadTimeout(300);
        qsizetype discarded = -1;
        QList<QByteArray> seen;
        connect(&channel, &LineChannel::lineReceived, this, [&](const QByteArray &line) {
            seen.append(line);
            if (line.startsWith("234"))
                discarded = channel.startTls();
        });
        QSignalSpy failed(&channel, &LineChannel::failed);
        connectTo(channel, server);
        QTRY_VERIFY(discarded >= 0);
        QCOMPARE(discarded, qsizetype(qstrlen("250 forged reply\r\n")));
        QVERIFY(failed.wait(5000)); // the fake server never answers the TLS handshake
        QCOMPARE(failed.at(0).at(0).value<Error>().kind(), Error::Kind::Timeout);
        QCOMPARE(seen, QList<QByteArray> {"234 Proceed"});
    }

    void overlongLineFailsTheConnection()
    {
        ScriptedServer server;
        server.setGreeting({QByteArray(LineChannel::maxLineLength + 10, 'x')});
        LineChannel channel(QStringLiteral("imap"), nullptr);
        QSignalSpy failed(&channel, &LineChannel::failed);
        connectTo(channel, server);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.at(0).at(0).value<Error>().kind(), Error::Kind::Protocol);
        QVERIFY(!channel.isOpen());
    }

    void silenceWhileAwaitingReplyTimesOut()
    {
        ScriptedServer server;
        LineChannel channel(QStringLiteral("pop3"), nullptr);
        channel.setReadTimeout(200);
        QSignalSpy failed(&channel, &LineChannel::failed);
        connectTo(channel, server);
        channel.setAwaitingReply(true);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.at(0).at(0).value<Error>().kind(), Error::Kind::Timeout);
    }

    void idleConnectionDoesNotTimeOut()
    {
        ScriptedServer server;
        LineChannel channel(QStringLiteral("pop3"), nullptr);
        channel.setReadTimeout(100);
        QSignalSpy failed(&channel, &LineChannel::failed);
        connectTo(channel, server);
        QVERIFY(!failed.wait(300));
        QVERIFY(channel.isOpen());
    }

    void refusedConnectionIsReported()
    {
        quint16 closedPort = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            closedPort = probe.serverPort();
        }
        LineChannel channel(QStringLiteral("ftp"), nullptr);
        QSignalSpy failed(&channel, &LineChannel::failed);
        channel.connectToHost(
            QStringLiteral("127.0.0.1"), closedPort, LineChannel::Security::Plain);
        QVERIFY(failed.wait(5000));
        const auto error = failed.at(0).at(0).value<Error>();
        QCOMPARE(error.kind(), Error::Kind::ConnectionRefused);
        QVERIFY(error.message().contains(QString::number(closedPort)));
    }

    void hangUpWhileAwaitingReplyIsAnError()
    {
        ScriptedServer server;
        LineChannel channel(QStringLiteral("ftp"), nullptr);
        QSignalSpy failed(&channel, &LineChannel::failed);
        connectTo(channel, server);
        channel.setAwaitingReply(true);
        QTRY_VERIFY(server.client());
        server.hangUp();
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.at(0).at(0).value<Error>().kind(), Error::Kind::ConnectionLost);
    }
};

QTEST_GUILESS_MAIN(TestLineChannel)
#include "tst_linechannel.moc"
