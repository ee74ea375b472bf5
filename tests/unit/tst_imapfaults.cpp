// IMAP against a scripted server, for what Dovecot won't do on demand: a reply forged before
// TLS, PREAUTH on a connection that must be encrypted, BYE in the middle of a session,
// EXPUNGE and EXISTS arriving during a FETCH, a literal inside an ENVELOPE, a folder whose
// UIDVALIDITY changed, replies split into single bytes, a rejected password, and an APPEND
// whose literal must wait for the server's "+" (no LITERAL+).
#include "jobwaiter.h"
#include "mail/imap/imapappendjob.h"
#include "mail/imap/imapfetchmessagejob.h"
#include "mail/imap/imapfoldersyncjob.h"
#include "mail/imap/imapidlewatcher.h"
#include "mail/imap/imapsession.h"
#include "mail/imap/imapstoreflagsjob.h"
#include "mail/store/mailindex.h"
#include "net/protocollog.h"
#include "scriptedserver.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

ImapSession::Settings plainSettings(quint16 port)
{
    ImapSession::Settings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = port;
    settings.security = ImapSession::Security::Plain;
    settings.user = QStringLiteral("alice");
    settings.password = QStringLiteral("hunter2");
    settings.readTimeoutMs = 3000;
    return settings;
}

// A one-folder IMAP server behind a ScriptedServer.
struct FakeImap
{
    struct Message
    {
        quint32 uid = 0;
        QByteArray flags; // "\\Seen"
        QByteArray envelope; // the ENVELOPE list, literals allowed
    };
    QList<Message> messages;
    QByteArray capabilities = "IMAP4rev1 LOGIN-REFERRALS";
    quint32 uidValidity = 100;
    qsizetype splitInto = 0;
    QByteArray byeOn; // a command name answered with BYE and a hang-up
    QByteArray duringFlagFetch; // untagged responses sent in the middle of UID FETCH 1:*
    QByteArrayList commands; // every command, tag stripped
    QByteArray body; // what BODY.PEEK[] returns
    QByteArray idleTag;
    // APPEND's literal: announced as {n} (no LITERAL+ here), asked for with "+", then read.
    qsizetype literalLeft = 0;
    QByteArray literalTag;
    QByteArray appended;

    void serve(ScriptedServer *server)
    {
        server->setGreeting({"* OK [CAPABILITY " + capabilities + "] fake ready\r\n"});
        server->setResponder([this, server](const QByteArray &line) -> QByteArray {
            QByteArray reply = answer(server, line);
            if (splitInto <= 0)
                return reply;
            for (qsizetype i = 0; i < reply.size(); i += splitInto)
                server->send(reply.mid(i, splitInto));
            return {};
        });
    }

    static QByteArray fetchLine(qsizetype sequence, const Message &message, bool full)
    {
        QByteArray line = "* " + QByteArray::number(sequence) + " FETCH (UID "
            + QByteArray::number(message.uid) + " FLAGS (" + message.flags + ")";
        if (full)
            line += " RFC822.SIZE 1234 INTERNALDATE \"17-Jul-2026 02:44:25 -0700\" ENVELOPE "
                + message.envelope;
        return line + ")\r\n";
    }

    static bool inSet(const QByteArray &set, quint32 uid)
    {
        for (const QByteArray &range : set.split(',')) {
            const QByteArrayList ends = range.split(':');
            const quint32 first = ends.constFirst().toUInt();
            const quint32 last = ends.size() > 1 ? ends.at(1).toUInt() : first;
            if (uid >= first && uid <= last)
                return true;
        }
        return false;
    }

    QByteArray answer(ScriptedServer *server, const QByteArray &line)
    {
        if (literalLeft > 0) { // the server reads lines; the literal here has CRLF line ends
            appended += line + "\r\n";
            literalLeft -= line.size() + 2;
            return {};
        }
        if (!literalTag.isEmpty()) { // the end of the command after its literal
            commands.append("(end of APPEND)" + line);
            return std::exchange(literalTag, {}) + " OK [APPENDUID 100 77] appended\r\n";
        }
        if (line == "DONE") {
            commands.append(line);
            return idleTag + " OK Idle completed\r\n";
        }
        const qsizetype space = line.indexOf(' ');
        const QByteArray tag = line.left(space);
        const QByteArray command = line.mid(space + 1);
        commands.append(command);
        const QByteArray verb = command.split(' ').constFirst().toUpper();
        if (!byeOn.isEmpty() && command.startsWith(byeOn)) {
            server->send("* BYE server shutting down\r\n");
            server->hangUp();
            return {};
        }
        if (verb == "CAPABILITY")
            return "* CAPABILITY " + capabilities + "\r\n" + tag + " OK done\r\n";
        if (verb == "LOGIN") {
            return command.contains("hunter2")
                ? QByteArray(tag + " OK [CAPABILITY " + capabilities + "] logged in\r\n")
                : QByteArray(tag + " NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
        }
        if (verb == "SELECT" || verb == "EXAMINE") {
            return "* " + QByteArray::number(messages.size()) + " EXISTS\r\n" + "* OK [UIDVALIDITY "
                + QByteArray::number(uidValidity) + "] ok\r\n" + "* OK [UIDNEXT 1000] ok\r\n"
                + "* FLAGS (\\Seen \\Deleted)\r\n" + tag + " OK [READ-WRITE] selected\r\n";
        }
        if (command.startsWith("UID FETCH 1:* (UID FLAGS)")) {
            QByteArray reply;
            for (qsizetype i = 0; i < messages.size(); ++i) {
                reply += fetchLine(i + 1, messages.at(i), false);
                if (i == 0)
                    reply += duringFlagFetch;
            }
            return reply + tag + " OK fetched\r\n";
        }
        if (command.contains("BODY.PEEK[]")) {
            const QByteArray uid = command.split(' ').value(2);
            server->send(
                "* 1 FETCH (UID " + uid + " BODY[] {" + QByteArray::number(body.size()) + "}\r\n");
            constexpr qsizetype piece = qsizetype(256) * 1024;
            for (qsizetype i = 0; i < body.size(); i += piece) {
                server->send(body.mid(i, piece));
                server->client()->flush();
            }
            return ")\r\n" + tag + " OK fetched\r\n";
        }
        if (command.startsWith("UID FETCH")) {
            const QByteArray set = command.split(' ').value(2);
            QByteArray reply;
            for (qsizetype i = 0; i < messages.size(); ++i) {
                if (inSet(set, messages.at(i).uid))
                    reply += fetchLine(i + 1, messages.at(i), true);
            }
            return reply + tag + " OK fetched\r\n";
        }
        if (verb == "UID" && command.startsWith("UID STORE"))
            return tag + " OK stored\r\n";
        if (verb == "IDLE") {
            idleTag = tag;
            return "+ idling\r\n";
        }
        if (verb == "APPEND" && command.endsWith('}')) {
            const qsizetype open = command.lastIndexOf('{');
            literalLeft = command.mid(open + 1, command.size() - open - 2).toLongLong();
            literalTag = tag;
            return "+ Ready for literal data\r\n";
        }
        if (verb == "NOOP")
            return tag + " OK nothing\r\n";
        if (verb == "LOGOUT")
            return "* BYE bye\r\n" + tag + " OK logged out\r\n";
        return tag + " BAD unknown\r\n";
    }
};

QByteArray envelope(const QByteArray &subject)
{
    return "(\"Thu, 16 Jul 2026 10:00:00 +0000\" " + subject
        + " ((\"Bob\" NIL \"bob\" \"example.org\")) NIL NIL ((NIL NIL \"alice\" \"wharf.test\"))"
          " NIL NIL NIL \"<id@example.org>\")";
}

struct Run
{
    Error error;
    ImapResponse tagged;
};

Run execute(ImapSession &session, const QByteArray &command)
{
    std::optional<Run> result;
    ImapSession::Handlers handlers;
    handlers.completed = [&result](const ImapResponse &tagged, const Error &error) {
        result = Run {error, tagged};
    };
    session.execute(ImapCommand(command), std::move(handlers));
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 10000))
        return Run {Error(Error::Kind::Timeout, QStringLiteral("test timeout")), {}};
    return *result;
}

} // namespace

class TestImapFaults : public QObject
{
    Q_OBJECT

private slots:
    void startTlsInjectionAborts();
    void preauthWithoutTlsIsRefused();
    void wrongPasswordIsAuthenticationError();
    void loginDisabledSendsNoPassword();
    void byeMidSessionFailsAndReconnects();
    void unsolicitedExpungeAndExistsDuringFetch();
    void syncWithLiteralInsideEnvelope();
    void uidValidityChangeDropsCache();
    void repliesSplitIntoSingleBytes();
    void storeFlagsSendsSilentStore();
    void appendWaitsForTheLiteralRequest();
    void idleIsRenewedAndGivesWayToCommands();
    void largeBodyStreamsToDiskWithProgress();
};

void TestImapFaults::startTlsInjectionAborts()
{
    ScriptedServer server;
    server.setGreeting({"* OK [CAPABILITY IMAP4rev1 STARTTLS LOGIN] ready\r\n"});
    server.setResponder([](const QByteArray &line) -> QByteArray {
        const QByteArray tag = line.left(line.indexOf(' '));
        if (line.contains("STARTTLS")) // the forged line rides in the same packet
            return tag + " OK Begin TLS now\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] forged\r\n";
        return tag + " BAD no\r\n";
    });
    ImapSession::Settings settings = plainSettings(server.port());
    settings.security = ImapSession::Security::StartTls;
    ImapSession session(settings, nullptr, nullptr, nullptr);
    const Run run = execute(session, "NOOP");
    QCOMPARE(run.error.kind(), Error::Kind::Tls);
    QVERIFY2(run.error.message().contains(QLatin1StringView("before encryption")),
        qPrintable(run.error.message()));
    for (const QByteArray &line : server.receivedLines())
        QVERIFY2(!line.contains("hunter2") && !line.contains("LOGIN"), line.constData());
}

void TestImapFaults::preauthWithoutTlsIsRefused()
{
    ScriptedServer server;
    server.setGreeting({"* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] welcome back\r\n"});
    ImapSession::Settings settings = plainSettings(server.port());
    settings.security = ImapSession::Security::StartTls;
    ImapSession session(settings, nullptr, nullptr, nullptr);
    const Run run = execute(session, "NOOP");
    QCOMPARE(run.error.kind(), Error::Kind::Tls);
    QVERIFY(run.error.message().contains(QLatin1StringView("PREAUTH")));
    QVERIFY(server.receivedLines().isEmpty());
}

void TestImapFaults::wrongPasswordIsAuthenticationError()
{
    ScriptedServer server;
    FakeImap imap;
    imap.serve(&server);
    ImapSession::Settings settings = plainSettings(server.port());
    settings.password = QStringLiteral("wrong");
    ProtocolLog log;
    QStringList logged;
    connect(&log, &ProtocolLog::entryAdded,
        [&logged](const ProtocolLog::Entry &entry) { logged.append(entry.text); });
    ImapSession session(settings, nullptr, nullptr, &log);
    const Run run = execute(session, "NOOP");
    QCOMPARE(run.error.kind(), Error::Kind::Authentication);
    QVERIFY(run.error.serverReply().contains(QLatin1StringView("Authentication failed")));
    QCOMPARE(session.state(), ImapSession::State::Disconnected);
    QVERIFY(logged.contains(QStringLiteral("W1 LOGIN ****")));
    for (const QString &text : std::as_const(logged))
        QVERIFY2(!text.contains(QLatin1StringView("wrong")), qPrintable(text));
}

void TestImapFaults::loginDisabledSendsNoPassword()
{
    ScriptedServer server;
    FakeImap imap;
    imap.capabilities = "IMAP4rev1 LOGINDISABLED";
    imap.serve(&server);
    ImapSession session(plainSettings(server.port()), nullptr, nullptr, nullptr);
    const Run run = execute(session, "NOOP");
    QCOMPARE(run.error.kind(), Error::Kind::Authentication);
    QVERIFY(run.error.message().contains(QLatin1StringView("LOGINDISABLED")));
    for (const QByteArray &command : std::as_const(imap.commands))
        QVERIFY2(!command.contains("hunter2"), command.constData());
}

void TestImapFaults::byeMidSessionFailsAndReconnects()
{
    ScriptedServer server;
    FakeImap imap;
    imap.byeOn = "SELECT";
    imap.serve(&server);
    ImapSession session(plainSettings(server.port()), nullptr, nullptr, nullptr);
    QSignalSpy lost(&session, &ImapSession::connectionLost);
    QVERIFY(!execute(session, "NOOP").error.isError() || true); // NOOP is answered BAD: fine
    std::optional<Error> selectError;
    ImapSession::Handlers handlers;
    handlers.completed
        = [&selectError](const ImapResponse &, const Error &error) { selectError = error; };
    session.select("INBOX", false, std::move(handlers));
    QVERIFY(QTest::qWaitFor([&selectError] { return selectError.has_value(); }, 10000));
    QCOMPARE(selectError->kind(), Error::Kind::ConnectionLost);
    QVERIFY2(selectError->message().contains(QLatin1StringView("shutting down")),
        qPrintable(selectError->message()));
    QCOMPARE(lost.count(), 1);
    // The next command logs in again on a new connection.
    imap.byeOn.clear();
    const Run again = execute(session, "CAPABILITY");
    QVERIFY2(!again.error.isError(), qPrintable(again.error.message()));
    QCOMPARE(session.state(), ImapSession::State::Ready);
}

void TestImapFaults::unsolicitedExpungeAndExistsDuringFetch()
{
    ScriptedServer server;
    FakeImap imap;
    for (quint32 uid : {10u, 11u, 12u})
        imap.messages.append({uid, "", envelope("\"s\"")});
    imap.duringFlagFetch = "* 2 EXPUNGE\r\n* 3 EXISTS\r\n";
    imap.serve(&server);
    ImapSession session(plainSettings(server.port()), nullptr, nullptr, nullptr);
    QSignalSpy expunged(&session, &ImapSession::messagesExpunged);
    std::optional<Error> selected;
    ImapSession::Handlers handlers;
    handlers.completed
        = [&selected](const ImapResponse &, const Error &error) { selected = error; };
    session.select("INBOX", false, std::move(handlers));
    QVERIFY(QTest::qWaitFor([&selected] { return selected.has_value(); }, 10000));
    QCOMPARE(session.messageCount(), 3u);
    // Sequence 1 is UID 10 (seen first), then 2 is expunged before its FETCH arrives: its UID
    // is unknown, so nothing can be reported for it; the count follows EXPUNGE then EXISTS.
    const Run run = execute(session, "UID FETCH 1:* (UID FLAGS)");
    QVERIFY(!run.error.isError());
    QCOMPARE(session.messageCount(), 3u);
    QCOMPARE(session.uidForSequence(1), 10u);
    QCOMPARE(expunged.count(), 0);
    // Now every UID is known: an EXPUNGE names the right message.
    server.send("* 1 EXPUNGE\r\n");
    QVERIFY(expunged.wait(5000));
    QCOMPARE(expunged.constFirst().constFirst().value<QList<quint32>>(), QList<quint32> {10u});
    QCOMPARE(session.messageCount(), 2u);
}

void TestImapFaults::syncWithLiteralInsideEnvelope()
{
    ScriptedServer server;
    FakeImap imap;
    const QByteArray subject = "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= \"aus\" {Berlin}";
    imap.messages.append(
        {7, "\\Seen", envelope("{" + QByteArray::number(subject.size()) + "}\r\n" + subject)});
    imap.messages.append({9, "", envelope("\"plain\"")});
    imap.serve(&server);
    QTemporaryDir directory;
    MailIndex index;
    QVERIFY(!index.open(directory.filePath(QStringLiteral("index.sqlite"))).isError());
    ImapSession session(plainSettings(server.port()), nullptr, nullptr, nullptr);
    FolderInfo folder;
    folder.path = QStringLiteral("INBOX");
    folder.encodedPath = "INBOX";
    ImapFolderSyncJob job(&session, &index, folder);
    job.setWindowSize(1); // two windows, pipelined
    const Error error = JobWaiter::run(&job, 10000);
    QVERIFY2(!error.isError(), qPrintable(error.message()));
    QCOMPARE(job.newMessages(), 2);
    QCOMPARE(std::count_if(imap.commands.cbegin(), imap.commands.cend(),
                 [](const QByteArray &command) { return command.contains("BODYSTRUCTURE"); }),
        2);
    const std::optional<MessageSummary> first = index.summary(folder.path, 7);
    QVERIFY(first);
    QCOMPARE(first->subject, QStringLiteral("Grüße \"aus\" {Berlin}"));
    QCOMPARE(first->fromName, QStringLiteral("Bob"));
    QCOMPARE(first->fromAddress, QStringLiteral("bob@example.org"));
    QVERIFY(!first->isUnread());
    QVERIFY(index.summary(folder.path, 9)->isUnread());
}

void TestImapFaults::uidValidityChangeDropsCache()
{
    ScriptedServer server;
    FakeImap imap;
    imap.messages.append({1, "", envelope("\"old numbering\"")});
    imap.serve(&server);
    QTemporaryDir directory;
    MailIndex index;
    QVERIFY(!index.open(directory.filePath(QStringLiteral("index.sqlite"))).isError());
    ImapSession session(plainSettings(server.port()), nullptr, nullptr, nullptr);
    FolderInfo folder;
    folder.path = QStringLiteral("INBOX");
    folder.encodedPath = "INBOX";
    ImapFolderSyncJob first(&session, &index, folder);
    QVERIFY(!JobWaiter::run(&first, 10000).isError());
    QCOMPARE(index.summary(folder.path, 1)->subject, QStringLiteral("old numbering"));

    // The server renumbers: the same UID now names another message.
    imap.uidValidity = 200;
    imap.messages = {{1, "", envelope("\"new numbering\"")}};
    ImapFolderSyncJob second(&session, &index, folder);
    QVERIFY(!JobWaiter::run(&second, 10000).isError());
    QVERIFY(second.cacheWasReset());
    QCOMPARE(second.newMessages(), 1);
    QCOMPARE(index.summary(folder.path, 1)->subject, QStringLiteral("new numbering"));

    // Unchanged: nothing new, flags refreshed, a vanished message forgotten.
    imap.messages.append({2, "", envelope("\"two\"")});
    ImapFolderSyncJob third(&session, &index, folder);
    QVERIFY(!JobWaiter::run(&third, 10000).isError());
    QCOMPARE(third.newMessages(), 1);
    imap.messages.removeFirst();
    imap.messages.first().flags = "\\Seen";
    ImapFolderSyncJob fourth(&session, &index, folder);
    QVERIFY(!JobWaiter::run(&fourth, 10000).isError());
    QCOMPARE(fourth.newMessages(), 0);
    QCOMPARE(fourth.removedMessages(), 1);
    QCOMPARE(index.knownUids(folder.path), QList<quint32> {2u});
    QVERIFY(!index.summary(folder.path, 2)->isUnread());
}

void TestImapFaults::repliesSplitIntoSingleBytes()
{
    ScriptedServer server;
    FakeImap imap;
    imap.splitInto = 1;
    imap.messages.append({5, "\\Flagged", envelope("{5}\r\nhello")});
    imap.serve(&server);
    server.setGreeting({"* OK [CAPABILITY IMAP4rev1]", " split", " greeting\r\n"});
    QTemporaryDir directory;
    MailIndex index;
    QVERIFY(!index.open(directory.filePath(QStringLiteral("index.sqlite"))).isError());
    ImapSession session(plainSettings(server.port()), nullptr, nullptr, nullptr);
    FolderInfo folder;
    folder.path = QStringLiteral("INBOX");
    folder.encodedPath = "INBOX";
    ImapFolderSyncJob job(&session, &index, folder);
    const Error error = JobWaiter::run(&job, 20000);
    QVERIFY2(!error.isError(), qPrintable(error.message()));
    QCOMPARE(index.summary(folder.path, 5)->subject, QStringLiteral("hello"));
}

void TestImapFaults::storeFlagsSendsSilentStore()
{
    ScriptedServer server;
    FakeImap imap;
    imap.serve(&server);
    ImapSession session(plainSettings(server.port()), nullptr, nullptr, nullptr);
    QList<quint32> uids;
    for (quint32 uid = 1; uid <= 5000; uid += 2) // no runs: long sets must be split
        uids.append(uid);
    ImapStoreFlagsJob job(
        &session, "INBOX", uids, ImapStoreFlagsJob::Change::Add, {"\\Seen", "$Forwarded"});
    const Error error = JobWaiter::run(&job, 10000);
    QVERIFY2(!error.isError(), qPrintable(error.message()));
    int stores = 0;
    for (const QByteArray &command : std::as_const(imap.commands)) {
        if (!command.startsWith("UID STORE"))
            continue;
        ++stores;
        QVERIFY(command.size() < 8000);
        QVERIFY(command.endsWith("+FLAGS.SILENT (\\Seen $Forwarded)"));
    }
    QVERIFY(stores >= 2);

    ImapStoreFlagsJob hostile(
        &session, "INBOX", {1}, ImapStoreFlagsJob::Change::Add, {"\\Seen) UID EXPUNGE 1:* ("});
    QCOMPARE(JobWaiter::run(&hostile, 10000).kind(), Error::Kind::UnsafeName);
}

// Without LITERAL+, the message goes only after the server's "+", then the command ends.
void TestImapFaults::appendWaitsForTheLiteralRequest()
{
    ScriptedServer server;
    FakeImap imap;
    imap.serve(&server);
    ImapSession session(plainSettings(server.port()), nullptr, nullptr, nullptr);
    const QByteArray message = "Subject: sync literal\r\n\r\nline one\r\nline two\r\n";
    ImapAppendJob job(&session, "Drafts", message, {"\\Seen"});
    const Error error = JobWaiter::run(&job, 10000);
    QVERIFY2(!error.isError(), qPrintable(error.message()));
    QCOMPARE(job.appendedUid(), quint32(77));
    QCOMPARE(imap.appended, message);
    const auto append = std::find_if(imap.commands.cbegin(), imap.commands.cend(),
        [](const QByteArray &command) { return command.startsWith("APPEND"); });
    QVERIFY(append != imap.commands.cend());
    const QByteArray marker = QByteArray("{") + QByteArray::number(message.size()) + '}';
    QVERIFY2(append->endsWith(marker), append->constData());
    QVERIFY(imap.commands.contains("(end of APPEND)"));
}

void TestImapFaults::idleIsRenewedAndGivesWayToCommands()
{
    ScriptedServer server;
    FakeImap imap;
    imap.capabilities = "IMAP4rev1 IDLE";
    imap.messages.append({1, "", envelope("\"s\"")});
    imap.serve(&server);
    ImapSession::Settings settings = plainSettings(server.port());
    settings.readTimeoutMs = 300; // an IDLE that the server accepted must not time out
    ImapSession session(settings, nullptr, nullptr, nullptr);
    ImapIdleWatcher watcher(&session, "INBOX");
    watcher.setIdleRestartInterval(700);
    QSignalSpy counts(&watcher, &ImapIdleWatcher::messageCountChanged);
    watcher.start();
    QVERIFY(QTest::qWaitFor([&watcher] { return watcher.isIdling(); }, 5000));

    // New mail announced during IDLE reaches the watcher.
    server.send("* 2 EXISTS\r\n");
    QVERIFY(counts.wait(5000));
    QCOMPARE(counts.constLast().constFirst().toUInt(), 2u);

    // Renewed before the server would drop it: DONE, then a new IDLE, with no read timeout
    // in between although nothing was said for longer than it.
    QVERIFY(QTest::qWaitFor([&imap] { return imap.commands.count("IDLE") >= 2; }, 5000));
    QVERIFY(imap.commands.contains("DONE"));
    QCOMPARE(session.state(), ImapSession::State::Ready);

    // Another command ends the IDLE, runs, and the watch resumes.
    QVERIFY(QTest::qWaitFor([&watcher] { return watcher.isIdling(); }, 5000));
    const qsizetype idlesBefore = imap.commands.count("IDLE");
    const Run run = execute(session, "NOOP");
    QVERIFY2(!run.error.isError(), qPrintable(run.error.message()));
    const qsizetype noop = imap.commands.lastIndexOf("NOOP");
    QVERIFY(noop > 0);
    QCOMPARE(imap.commands.at(noop - 1), QByteArray("DONE"));
    QVERIFY(QTest::qWaitFor(
        [&imap, idlesBefore] { return imap.commands.count("IDLE") > idlesBefore; }, 5000));
    watcher.stop();
}

void TestImapFaults::largeBodyStreamsToDiskWithProgress()
{
    ScriptedServer server;
    FakeImap imap;
    imap.messages.append({1, "", envelope("\"big\"")});
    imap.body = "Subject: big\r\n\r\n";
    for (int i = 0; imap.body.size() < qsizetype(3) * 1024 * 1024; ++i)
        imap.body += "line " + QByteArray::number(i) + " of a big message\r\n";
    imap.serve(&server);
    QTemporaryDir directory;
    ImapSession::Settings settings = plainSettings(server.port());
    settings.spoolDirectory = directory.path();
    ImapSession session(settings, nullptr, nullptr, nullptr);
    const QString destination = directory.filePath(QStringLiteral("big.eml"));
    ImapFetchMessageJob job(&session, "INBOX", 1, destination);
    QSignalSpy progress(&job, &Job::progress);
    const Error error = JobWaiter::run(&job, 20000);
    QVERIFY2(!error.isError(), qPrintable(error.message()));
    QFile file(destination);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), imap.body);
    QCOMPARE(job.size(), imap.body.size());
    // Progress came while it arrived, not only at the end, and ends complete.
    QVERIFY2(progress.size() >= 3, QByteArray::number(progress.size()).constData());
    QCOMPARE(progress.constLast().at(0).toLongLong(), imap.body.size());
    // Nothing left behind in the spool folder but the message itself.
    QCOMPARE(
        QDir(directory.path()).entryList(QDir::Files), QStringList {QStringLiteral("big.eml")});
}

QTEST_GUILESS_MAIN(TestImapFaults)
#include "tst_imapfaults.moc"
