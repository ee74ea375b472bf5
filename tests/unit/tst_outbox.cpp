// The Outbox and its sender against a scripted SMTP server: a 4xx for one recipient and a 5xx
// for another (only the first is tried again, later), a server that says 421 (everything
// waits, with backoff), a 5xx for the message (kept, given up, never silently dropped), the
// five-day limit, and envelopes that are damaged or hostile.
#include "jobwaiter.h"
#include "mail/smtp/outboxsendjob.h"
#include "mail/store/outbox.h"
#include "scriptedserver.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

SmtpSendJob::Settings plainSettings(quint16 port)
{
    SmtpSendJob::Settings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = port;
    settings.security = SmtpSendJob::Security::Plain;
    settings.readTimeoutMs = 3000;
    return settings;
}

// A cooperative SMTP server whose answers to single commands can be replaced.
struct FakeSmtp
{
    QHash<QByteArray, QByteArray> overrides;
    QByteArrayList recipientsSeen;
    int messagesAccepted = 0;

    void serve(ScriptedServer *server)
    {
        server->setGreeting({"220 fake ESMTP\r\n"});
        server->setResponder([this](const QByteArray &line) -> QByteArray {
            for (auto it = overrides.cbegin(); it != overrides.cend(); ++it) {
                if (line.startsWith(it.key()))
                    return it.value();
            }
            const QByteArray verb = line.left(4).toUpper();
            if (verb == "EHLO")
                return "250-fake\r\n250 8BITMIME\r\n";
            if (verb == "MAIL")
                return "250 ok\r\n";
            if (verb == "RCPT") {
                recipientsSeen.append(line.mid(8));
                return "250 ok\r\n";
            }
            if (verb == "DATA")
                return "354 go\r\n";
            if (verb == "QUIT")
                return "221 bye\r\n";
            if (line == ".") {
                ++messagesAccepted;
                return "250 queued\r\n";
            }
            return {};
        });
    }
};

const QByteArray message = "From: a@example.org\r\nSubject: hi\r\n\r\nHello.\r\n";

} // namespace

class TestOutbox : public QObject
{
    Q_OBJECT

private slots:
    void queuesAsAMaildirWithBackoff()
    {
        QTemporaryDir directory;
        Outbox outbox(directory.filePath(QStringLiteral("Outbox")));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QString id;
        QVERIFY(!outbox
                     .enqueue(message, QStringLiteral("a@example.org"),
                         {QStringLiteral("b@example.org")}, &id, now)
                     .isError());
        // mutt can read it: a Maildir with the message in cur/.
        for (const char *sub : {"cur", "new", "tmp"})
            QVERIFY(QDir(outbox.directory() + QLatin1Char('/') + QLatin1String(sub)).exists());
        QFile stored(outbox.directory() + QStringLiteral("/cur/") + id);
        QVERIFY(stored.open(QIODevice::ReadOnly));
        QCOMPARE(stored.readAll(), message);
        QCOMPARE(outbox.due(now).size(), 1);

        QVERIFY(!outbox
                     .recordDeferred(
                         id, {QStringLiteral("b@example.org")}, QStringLiteral("451 later"), now)
                     .isError());
        QCOMPARE(outbox.due(now).size(), 0);
        QCOMPARE(outbox.due(now.addSecs(59)).size(), 0);
        QCOMPARE(outbox.due(now.addSecs(60)).size(), 1);
        const Outbox::Entry entry = outbox.entries().constFirst();
        QCOMPARE(entry.attempts, 1);
        QCOMPARE(entry.lastError, QStringLiteral("451 later"));
        QCOMPARE(Outbox::backoffSeconds(2), 300);
        QCOMPARE(Outbox::backoffSeconds(10), 4 * 3600);

        // Five days of temporary refusals: given up, and still there for the person.
        QVERIFY(!outbox
                     .recordDeferred(id, entry.recipients, QStringLiteral("451 again"),
                         now.addSecs(Outbox::giveUpAfterSeconds))
                     .isError());
        QVERIFY(outbox.entries().constFirst().givenUp);
        QCOMPARE(outbox.due(now.addDays(30)).size(), 0);
        QVERIFY(QFile::exists(stored.fileName()));

        QCOMPARE(outbox.remove(QStringLiteral("../../etc/passwd")).kind(), Error::Kind::UnsafeName);
        QVERIFY(!outbox.remove(id).isError());
        QVERIFY(outbox.entries().isEmpty());
        QVERIFY(!QFile::exists(stored.fileName()));
    }

    void damagedEnvelopeIsReportedNotSent()
    {
        QTemporaryDir directory;
        Outbox outbox(directory.filePath(QStringLiteral("Outbox")));
        QString id;
        QVERIFY(!outbox
                     .enqueue(message, QStringLiteral("a@example.org"),
                         {QStringLiteral("b@example.org")}, &id)
                     .isError());
        QFile state(
            outbox.directory() + QStringLiteral("/.wharf-outbox/") + id + QStringLiteral(".json"));
        QVERIFY(state.open(QIODevice::WriteOnly | QIODevice::Truncate));
        state.write("{ not json");
        state.close();
        QStringList problems;
        QVERIFY(outbox.entries(&problems).isEmpty());
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems.constFirst().contains(id));
    }

    void temporaryRecipientIsRetriedAlone()
    {
        ScriptedServer server;
        FakeSmtp smtp;
        smtp.overrides.insert("RCPT TO:<later@", "451 4.2.0 mailbox busy\r\n");
        smtp.overrides.insert("RCPT TO:<nobody@", "550 5.1.1 no such user\r\n");
        smtp.serve(&server);
        QTemporaryDir directory;
        Outbox outbox(directory.filePath(QStringLiteral("Outbox")));
        QString id;
        QVERIFY(!outbox
                     .enqueue(message, QStringLiteral("a@example.org"),
                         {QStringLiteral("now@example.org"), QStringLiteral("later@example.org"),
                             QStringLiteral("nobody@example.org")},
                         &id)
                     .isError());

        OutboxSendJob first(&outbox, plainSettings(server.port()), nullptr, nullptr);
        QVERIFY(!JobWaiter::run(&first, 10000).isError());
        QCOMPARE(first.results().size(), 1);
        const OutboxSendJob::Result &result = first.results().constFirst();
        QCOMPARE(result.outcome, OutboxSendJob::Outcome::Deferred);
        QCOMPARE(result.recipients.size(), 3);
        QCOMPARE(result.recipients.at(2).code, 550);
        QCOMPARE(smtp.messagesAccepted, 1); // "now" has it
        QCOMPARE(outbox.entries().constFirst().recipients,
            QStringList {QStringLiteral("later@example.org")});

        // Not due yet: nothing is sent; forced (or a minute later): only "later" is tried.
        OutboxSendJob early(&outbox, plainSettings(server.port()), nullptr, nullptr);
        QVERIFY(!JobWaiter::run(&early, 10000).isError());
        QVERIFY(early.results().isEmpty());
        smtp.overrides.clear();
        smtp.recipientsSeen.clear();
        OutboxSendJob retry(&outbox, plainSettings(server.port()), nullptr, nullptr, {}, true);
        QVERIFY(!JobWaiter::run(&retry, 10000).isError());
        QCOMPARE(retry.count(OutboxSendJob::Outcome::Delivered), 1);
        QCOMPARE(smtp.recipientsSeen, QByteArrayList {"<later@example.org>"});
        QVERIFY(outbox.entries().isEmpty());
    }

    void unreachableOrBusyServerDefersEverything()
    {
        ScriptedServer server;
        server.setGreeting({"421 4.3.2 too busy, try later\r\n"});
        QTemporaryDir directory;
        Outbox outbox(directory.filePath(QStringLiteral("Outbox")));
        QVERIFY(!outbox
                     .enqueue(message, QStringLiteral("a@example.org"),
                         {QStringLiteral("b@example.org"), QStringLiteral("c@example.org")})
                     .isError());
        OutboxSendJob job(&outbox, plainSettings(server.port()), nullptr, nullptr);
        QVERIFY(!JobWaiter::run(&job, 10000).isError());
        QCOMPARE(job.count(OutboxSendJob::Outcome::Deferred), 1);
        const Outbox::Entry entry = outbox.entries().constFirst();
        QCOMPARE(entry.recipients.size(), 2);
        QCOMPARE(entry.attempts, 1);
        QVERIFY(!entry.givenUp);
        QVERIFY(entry.nextAttempt > QDateTime::currentDateTimeUtc());
    }

    void permanentRefusalIsGivenUpButKept()
    {
        ScriptedServer server;
        FakeSmtp smtp;
        smtp.overrides.insert(".", "554 5.7.1 message rejected as spam\r\n");
        smtp.serve(&server);
        QTemporaryDir directory;
        Outbox outbox(directory.filePath(QStringLiteral("Outbox")));
        QString id;
        QVERIFY(!outbox
                     .enqueue(message, QStringLiteral("a@example.org"),
                         {QStringLiteral("b@example.org")}, &id)
                     .isError());
        OutboxSendJob job(&outbox, plainSettings(server.port()), nullptr, nullptr);
        QVERIFY(!JobWaiter::run(&job, 10000).isError());
        QCOMPARE(job.count(OutboxSendJob::Outcome::GivenUp), 1);
        QVERIFY(job.results().constFirst().error.message().contains(QLatin1StringView("spam")));
        const Outbox::Entry entry = outbox.entries().constFirst();
        QVERIFY(entry.givenUp);
        QVERIFY(entry.lastError.contains(QLatin1StringView("spam")));
        QByteArray kept;
        QVERIFY(!outbox.readMessage(id, &kept).isError());
        QCOMPARE(kept, message);
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
