// POP3 against a scripted server: a forged reply slipped in before TLS, a server without STLS,
// a connection cut in the middle of RETR (then a re-run: nothing lost, nothing twice), delete
// after download, a wrong password, and replies split into small pieces.
#include "jobwaiter.h"
#include "mail/pop3/pop3fetchjob.h"
#include "mail/pop3/pop3uidstore.h"
#include "net/protocollog.h"
#include "scriptedserver.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

Pop3FetchJob::Settings plainSettings(quint16 port)
{
    Pop3FetchJob::Settings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = port;
    settings.security = Pop3FetchJob::Security::Plain;
    settings.user = QStringLiteral("alice");
    settings.password = QStringLiteral("hunter2");
    settings.readTimeoutMs = 3000;
    return settings;
}

// The message as a POP3 server sends it: CRLF line ends, leading dots doubled.
QByteArray stuffed(const QByteArray &message)
{
    QByteArrayList lines = message.split('\n');
    lines.removeLast(); // after the final newline
    QByteArray out;
    for (const QByteArray &line : std::as_const(lines))
        out += (line.startsWith('.') ? "." + line : line) + "\r\n";
    return out;
}

// A POP3 mailbox behind a ScriptedServer. DELE marks; only QUIT removes (RFC 1939 UPDATE).
struct FakeMailbox
{
    struct Message
    {
        QByteArray uid;
        QByteArray text; // as stored locally: LF line ends
        bool deleted = false;
    };
    QList<Message> messages;
    int cutDuringRetr = 0; // RETR of this number sends half the message, then hangs up
    QByteArray capabilities = "USER\r\nUIDL\r\nTOP\r\n";
    qsizetype splitInto = 0; // send replies in pieces of this many bytes

    void serve(ScriptedServer *server)
    {
        server->setGreeting({"+OK fake", " POP3 ready\r\n"});
        server->setResponder([this, server](const QByteArray &line) -> QByteArray {
            QByteArray reply = answer(server, line);
            if (splitInto <= 0)
                return reply;
            for (qsizetype i = 0; i < reply.size(); i += splitInto)
                server->send(reply.mid(i, splitInto));
            return {};
        });
    }

    QByteArray answer(ScriptedServer *server, const QByteArray &line)
    {
        const QByteArrayList words = line.split(' ');
        const QByteArray verb = words.constFirst().toUpper();
        const int number = words.size() > 1 ? words.at(1).toInt() : 0;
        if (verb == "CAPA")
            return "+OK\r\n" + capabilities + ".\r\n";
        if (verb == "USER")
            return "+OK\r\n";
        if (verb == "PASS") {
            return words.value(1) == "hunter2"
                ? QByteArray("+OK logged in\r\n")
                : QByteArray("-ERR [AUTH] Authentication failed.\r\n");
        }
        if (verb == "STAT")
            return "+OK " + QByteArray::number(messages.size()) + " 1000\r\n";
        if (verb == "UIDL") {
            QByteArray out = "+OK\r\n";
            for (qsizetype i = 0; i < messages.size(); ++i)
                out += QByteArray::number(i + 1) + ' ' + messages.at(i).uid + "\r\n";
            return out + ".\r\n";
        }
        if (verb == "RETR" && number >= 1 && number <= messages.size()) {
            const QByteArray body = stuffed(messages.at(number - 1).text);
            if (number == cutDuringRetr) {
                server->send("+OK message follows\r\n" + body.left(body.size() / 2));
                server->hangUp();
                return {};
            }
            return "+OK message follows\r\n" + body + ".\r\n";
        }
        if (verb == "RETR")
            return "-ERR no such message\r\n";
        if (verb == "DELE" && number >= 1 && number <= messages.size()) {
            messages[number - 1].deleted = true;
            return "+OK marked\r\n";
        }
        if (verb == "QUIT") {
            messages.removeIf([](const Message &message) { return message.deleted; });
            return "+OK bye\r\n";
        }
        return "-ERR unknown command\r\n";
    }

    // A dropped connection rolls back every DELE.
    void rollBack()
    {
        for (Message &message : messages)
            message.deleted = false;
    }
};

QList<FakeMailbox::Message> sampleMessages()
{
    return {
        {"uid-a", "Subject: one\n\nfirst body\n", false},
        {"uid-b",
            "Subject: two\n\n.a line with a leading dot\n..two dots\n" + QByteArray(3000, 'x')
                + "\nend of two\n",
            false},
        {"uid-c", "Subject: three\n\n.\nthird\n", false},
    };
}

QList<QByteArray> storedMessages(const QString &maildir)
{
    QList<QByteArray> contents;
    const QDir newDir(maildir + QStringLiteral("/new"));
    for (const QString &name : newDir.entryList(QDir::Files)) {
        QFile file(newDir.filePath(name));
        if (file.open(QIODevice::ReadOnly))
            contents.append(file.readAll());
    }
    std::sort(contents.begin(), contents.end());
    return contents;
}

} // namespace

class TestPop3Faults : public QObject
{
    Q_OBJECT

private slots:
    void forgedReplyBeforeTlsAbortsBeforeAnySecret()
    {
        ScriptedServer server;
        server.setGreeting({"+OK fake POP3\r\n"});
        server.setResponder([](const QByteArray &line) -> QByteArray {
            if (line == "CAPA")
                return "+OK\r\nSTLS\r\nUSER\r\nUIDL\r\n.\r\n";
            if (line == "STLS") // a man in the middle appends a reply of its own
                return "+OK Begin TLS negotiation\r\n+OK logged in\r\n";
            return "+OK\r\n";
        });
        QTemporaryDir temp;
        Pop3FetchJob::Settings settings = plainSettings(server.port());
        settings.security = Pop3FetchJob::Security::StartTls;
        Pop3FetchJob job(settings, temp.path(), {}, nullptr, nullptr);
        QCOMPARE(JobWaiter::run(&job).kind(), Error::Kind::Tls);
        for (const QByteArray &line : server.receivedLines())
            QVERIFY2(!line.startsWith("USER") && !line.startsWith("PASS"), line.constData());
        QVERIFY(server.receivedLines().contains("STLS"));
    }

    void tlsRequiredButNotOfferedSendsNoPassword()
    {
        ScriptedServer server;
        FakeMailbox mailbox;
        mailbox.serve(&server);
        QTemporaryDir temp;
        Pop3FetchJob::Settings settings = plainSettings(server.port());
        settings.security = Pop3FetchJob::Security::StartTls;
        Pop3FetchJob job(settings, temp.path(), {}, nullptr, nullptr);
        QCOMPARE(JobWaiter::run(&job).kind(), Error::Kind::Tls);
        for (const QByteArray &line : server.receivedLines())
            QVERIFY2(!line.startsWith("USER") && !line.startsWith("PASS"), line.constData());
    }

    void fetchesAllUnstuffedAndMasksThePassword()
    {
        ScriptedServer server;
        FakeMailbox mailbox;
        mailbox.messages = sampleMessages();
        mailbox.serve(&server);
        QTemporaryDir temp;
        ProtocolLog log;
        QStringList logLines;
        connect(&log, &ProtocolLog::entryAdded, this,
            [&logLines](const ProtocolLog::Entry &entry) { logLines << entry.text; });
        Pop3FetchJob job(plainSettings(server.port()), temp.path(), {}, nullptr, &log);
        QSignalSpy progress(&job, &Job::progress);
        QCOMPARE(JobWaiter::run(&job).message(), QString());
        QCOMPARE(job.newUids(), QByteArrayList({"uid-a", "uid-b", "uid-c"}));
        QList<QByteArray> expected;
        for (const FakeMailbox::Message &message : std::as_const(mailbox.messages))
            expected.append(message.text);
        std::sort(expected.begin(), expected.end());
        QCOMPARE(storedMessages(temp.path()), expected);
        QVERIFY(QDir(temp.path() + QStringLiteral("/tmp")).isEmpty());
        QCOMPARE(progress.constLast().at(0).toLongLong(), 3);
        QVERIFY(logLines.contains(QStringLiteral("PASS ****")));
        for (const QString &line : std::as_const(logLines))
            QVERIFY2(!line.contains(QStringLiteral("hunter2")), qPrintable(line));
        QVERIFY(server.receivedLines().contains("QUIT"));
        QVERIFY(!server.receivedLines().contains("DELE 1")); // leave on server by default
        QCOMPARE(mailbox.messages.size(), 3);
    }

    void connectionCutDuringRetrLosesAndDuplicatesNothing()
    {
        QTemporaryDir temp;
        Pop3UidStore uids(Pop3UidStore::defaultFilePath(temp.path()));
        FakeMailbox mailbox;
        mailbox.messages = sampleMessages();
        mailbox.cutDuringRetr = 2;
        {
            ScriptedServer server;
            mailbox.serve(&server);
            Pop3FetchJob::Settings settings = plainSettings(server.port());
            settings.deleteAfterDownload = true;
            Pop3FetchJob job(settings, temp.path(), uids.uids(), nullptr, nullptr);
            connect(&job, &Pop3FetchJob::messageStored, this,
                [&uids](const QByteArray &uid) { QVERIFY(!uids.add(uid).isError()); });
            QCOMPARE(JobWaiter::run(&job).kind(), Error::Kind::ConnectionLost);
            QCOMPARE(job.newUids(), QByteArrayList({"uid-a"}));
            QVERIFY(server.receivedLines().contains("DELE 1")); // stored, then marked
            QVERIFY(!server.receivedLines().contains("DELE 2")); // never stored: never deleted
            QVERIFY(!server.receivedLines().contains("QUIT"));
        }
        mailbox.rollBack(); // no QUIT: the server deletes nothing
        QCOMPARE(storedMessages(temp.path()), QList<QByteArray>({mailbox.messages.at(0).text}));
        QVERIFY(QDir(temp.path() + QStringLiteral("/tmp")).isEmpty()); // no half message
        {
            Pop3UidStore reloaded(uids.filePath());
            QVERIFY(!reloaded.load().isError());
            QCOMPARE(reloaded.uids(), QSet<QByteArray>({"uid-a"}));
        }

        // The re-run gets what is missing, once, and deletes what is stored.
        const QList<FakeMailbox::Message> original = mailbox.messages;
        mailbox.cutDuringRetr = 0;
        ScriptedServer server;
        mailbox.serve(&server);
        Pop3FetchJob::Settings settings = plainSettings(server.port());
        settings.deleteAfterDownload = true;
        Pop3FetchJob job(settings, temp.path(), uids.uids(), nullptr, nullptr);
        connect(&job, &Pop3FetchJob::messageStored, this,
            [&uids](const QByteArray &uid) { QVERIFY(!uids.add(uid).isError()); });
        QCOMPARE(JobWaiter::run(&job).message(), QString());
        QCOMPARE(job.newUids(), QByteArrayList({"uid-b", "uid-c"}));
        QVERIFY(!server.receivedLines().contains("RETR 1"));
        QList<QByteArray> expected;
        for (const FakeMailbox::Message &message : original)
            expected.append(message.text);
        std::sort(expected.begin(), expected.end());
        QCOMPARE(storedMessages(temp.path()), expected);
        QCOMPARE(uids.uids(), QSet<QByteArray>({"uid-a", "uid-b", "uid-c"}));
        // DELE only after the message was stored, and the one stored last time is deleted too.
        const QList<QByteArray> &lines = server.receivedLines();
        QVERIFY(lines.indexOf("RETR 2") < lines.indexOf("DELE 2"));
        QVERIFY(lines.indexOf("RETR 3") < lines.indexOf("DELE 3"));
        QVERIFY(lines.contains("DELE 1"));
        QVERIFY(mailbox.messages.isEmpty()); // QUIT committed
    }

    void deletesOnlyWhatIsOlderThanTheLimit()
    {
        QTemporaryDir temp;
        const QString uidFile = Pop3UidStore::defaultFilePath(temp.path());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        {
            Pop3UidStore uids(uidFile);
            QVERIFY(!uids.add("uid-a", now.addDays(-20)).isError());
            QVERIFY(!uids.add("uid-b", now.addDays(-2)).isError());
        }
        // A line from an older Wharf, without a time: never old enough.
        QFile legacy(uidFile);
        QVERIFY(legacy.open(QIODevice::Append));
        legacy.write("uid-c\n");
        legacy.close();

        Pop3UidStore uids(uidFile);
        QVERIFY(!uids.load().isError());
        QCOMPARE(uids.uids(), QSet<QByteArray>({"uid-a", "uid-b", "uid-c"}));
        const QSet<QByteArray> expired = uids.downloadedBefore(now.addDays(-14));
        QCOMPARE(expired, QSet<QByteArray>({"uid-a"}));

        ScriptedServer server;
        FakeMailbox mailbox;
        mailbox.messages = sampleMessages();
        mailbox.messages.append({"uid-d", "Subject: four\n\nnew\n", false});
        mailbox.serve(&server);
        Pop3FetchJob::Settings settings = plainSettings(server.port());
        settings.expiredUids = expired + QSet<QByteArray> {"uid-d"}; // d is new: never deleted
        Pop3FetchJob job(settings, temp.path(), uids.uids(), nullptr, nullptr);
        QCOMPARE(JobWaiter::run(&job).message(), QString());
        QCOMPARE(job.newUids(), QByteArrayList({"uid-d"}));
        const QList<QByteArray> &lines = server.receivedLines();
        QVERIFY(lines.contains("DELE 1"));
        QVERIFY(
            !lines.contains("DELE 2") && !lines.contains("DELE 3") && !lines.contains("DELE 4"));
        QCOMPARE(mailbox.messages.size(), 3);

        // Rewriting the file keeps the times it knows, and the lines it can't date as they are.
        QVERIFY(!uids.replaceAll({"uid-a", "uid-c"}).isError());
        Pop3UidStore reloaded(uidFile);
        QVERIFY(!reloaded.load().isError());
        QCOMPARE(reloaded.downloadedBefore(now.addDays(-14)), QSet<QByteArray>({"uid-a"}));
        QCOMPARE(reloaded.downloadedBefore(now.addDays(1)), QSet<QByteArray>({"uid-a"}));
    }

    void wrongPasswordIsAnAuthenticationErrorWithTheServersWords()
    {
        ScriptedServer server;
        FakeMailbox mailbox;
        mailbox.serve(&server);
        QTemporaryDir temp;
        Pop3FetchJob::Settings settings = plainSettings(server.port());
        settings.password = QStringLiteral("wrong");
        Pop3FetchJob job(settings, temp.path(), {}, nullptr, nullptr);
        const Error error = JobWaiter::run(&job);
        QCOMPARE(error.kind(), Error::Kind::Authentication);
        QVERIFY(error.serverReply().contains(QStringLiteral("Authentication failed")));
        QVERIFY(!server.receivedLines().contains("STAT"));
    }

    void retrRefusedStoresNothing()
    {
        ScriptedServer server;
        FakeMailbox mailbox;
        mailbox.messages = sampleMessages();
        mailbox.serve(&server);
        server.setResponder([&mailbox, &server](const QByteArray &line) -> QByteArray {
            if (line == "RETR 1")
                return "-ERR message is locked\r\n";
            return mailbox.answer(&server, line);
        });
        QTemporaryDir temp;
        Pop3FetchJob::Settings settings = plainSettings(server.port());
        settings.deleteAfterDownload = true;
        Pop3FetchJob job(settings, temp.path(), {}, nullptr, nullptr);
        const Error error = JobWaiter::run(&job);
        QCOMPARE(error.kind(), Error::Kind::Protocol);
        QVERIFY(error.message().contains(QStringLiteral("locked")));
        QVERIFY(storedMessages(temp.path()).isEmpty());
        QVERIFY(job.newUids().isEmpty());
        QVERIFY(!server.receivedLines().contains("DELE 1"));
    }

    void repliesSplitIntoTinyPieces()
    {
        ScriptedServer server;
        FakeMailbox mailbox;
        mailbox.messages = sampleMessages();
        mailbox.splitInto = 3;
        mailbox.serve(&server);
        QTemporaryDir temp;
        Pop3FetchJob job(plainSettings(server.port()), temp.path(), {"uid-a"}, nullptr, nullptr);
        QCOMPARE(JobWaiter::run(&job).message(), QString());
        QCOMPARE(job.newUids(), QByteArrayList({"uid-b", "uid-c"})); // uid-a known: skipped
        QCOMPARE(storedMessages(temp.path()).size(), 2);
        QVERIFY(storedMessages(temp.path()).contains(mailbox.messages.at(1).text));
    }

    void apopOnPlaintextKeepsThePasswordOffTheWire()
    {
        ScriptedServer server;
        FakeMailbox mailbox;
        mailbox.serve(&server);
        server.setGreeting({"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n"});
        server.setResponder([&mailbox, &server](const QByteArray &line) -> QByteArray {
            if (line.startsWith("APOP "))
                return "+OK maildrop has 0 messages\r\n";
            return mailbox.answer(&server, line);
        });
        QTemporaryDir temp;
        Pop3FetchJob::Settings settings = plainSettings(server.port());
        settings.user = QStringLiteral("mrose");
        settings.password = QStringLiteral("tanstaaf");
        Pop3FetchJob job(settings, temp.path(), {}, nullptr, nullptr);
        QCOMPARE(JobWaiter::run(&job).message(), QString());
        // The digest from RFC 1939's own example.
        QVERIFY(server.receivedLines().contains("APOP mrose c4c9334bac560ecc979e58001b3e22fb"));
        for (const QByteArray &line : server.receivedLines())
            QVERIFY2(!line.startsWith("PASS") && !line.contains("tanstaaf"), line.constData());
    }

    void invalidUidIsRefused()
    {
        ScriptedServer server;
        FakeMailbox mailbox;
        mailbox.messages = {{"has space", "Subject: x\n\nx\n", false}};
        mailbox.serve(&server);
        QTemporaryDir temp;
        Pop3FetchJob job(plainSettings(server.port()), temp.path(), {}, nullptr, nullptr);
        QCOMPARE(JobWaiter::run(&job).kind(), Error::Kind::Protocol);
        QVERIFY(storedMessages(temp.path()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPop3Faults)
#include "tst_pop3faults.moc"
