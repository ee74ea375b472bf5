// SMTP against a scripted server: a forged reply slipped in before TLS, a server without
// STARTTLS, temporary and permanent refusals, and one recipient refused among several.
#include "jobwaiter.h"
#include "mail/smtp/smtpsendjob.h"
#include "scriptedserver.h"

#include <QSignalSpy>
#include <QTest>

namespace {

SmtpSendJob::Settings plainSettings(quint16 port)
{
    SmtpSendJob::Settings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = port;
    settings.security = SmtpSendJob::Security::Plain;
    settings.user = QStringLiteral("alice");
    settings.password = QStringLiteral("hunter2");
    settings.readTimeoutMs = 3000;
    return settings;
}

// A cooperative ESMTP server; tests override single answers.
QByteArray answer(const QByteArray &line, const QHash<QByteArray, QByteArray> &overrides)
{
    const qsizetype space = line.indexOf(' ');
    const QByteArray verb = (space < 0 ? line : line.left(space)).toUpper();
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it) {
        if (line.startsWith(it.key()))
            return it.value();
    }
    if (verb == "EHLO")
        return "250-fake\r\n250-AUTH PLAIN LOGIN\r\n250-SIZE 1000\r\n250 8BITMIME\r\n";
    if (verb == "AUTH")
        return "235 ok\r\n";
    if (verb == "MAIL" || verb == "RCPT")
        return "250 ok\r\n";
    if (verb == "DATA")
        return "354 go\r\n";
    if (verb == "QUIT")
        return "221 bye\r\n";
    if (line == ".")
        return "250 queued\r\n";
    return {}; // message lines: no answer
}

} // namespace

class TestSmtpFaults : public QObject
{
    Q_OBJECT

private slots:
    void forgedReplyBeforeTlsAbortsBeforeAnySecret()
    {
        ScriptedServer server;
        server.setGreeting({"220 fake ESMTP\r\n"});
        server.setResponder([](const QByteArray &line) -> QByteArray {
            if (line.startsWith("EHLO"))
                return "250-fake\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n";
            if (line == "STARTTLS") // a man in the middle appends a reply of its own
                return "220 go ahead\r\n235 2.7.0 Authentication successful\r\n";
            return {};
        });
        SmtpSendJob::Settings settings = plainSettings(server.port());
        settings.security = SmtpSendJob::Security::StartTls;
        SmtpSendJob job(settings, QStringLiteral("alice@example.org"),
            {QStringLiteral("bob@example.org")}, "Subject: hi\r\n\r\nhello\r\n", nullptr, nullptr);
        const Error error = JobWaiter::run(&job);
        QCOMPARE(error.kind(), Error::Kind::Tls);
        for (const QByteArray &line : server.receivedLines())
            QVERIFY2(!line.startsWith("AUTH") && !line.startsWith("MAIL"), line.constData());
    }

    void tlsRequiredButNotOfferedSendsNoPassword()
    {
        ScriptedServer server;
        server.setGreeting({"220 fake ESMTP\r\n"});
        server.setResponder([](const QByteArray &line) { return answer(line, {}); });
        SmtpSendJob::Settings settings = plainSettings(server.port());
        settings.security = SmtpSendJob::Security::StartTls;
        SmtpSendJob job(settings, QStringLiteral("alice@example.org"),
            {QStringLiteral("bob@example.org")}, "x", nullptr, nullptr);
        QCOMPARE(JobWaiter::run(&job).kind(), Error::Kind::Tls);
        for (const QByteArray &line : server.receivedLines())
            QVERIFY2(!line.startsWith("AUTH"), line.constData());
    }

    void oneRecipientRefusedOthersDelivered()
    {
        ScriptedServer server;
        server.setGreeting({"220 fake ESMTP\r\n"});
        server.setResponder([](const QByteArray &line) {
            return answer(line, {{"RCPT TO:<nobody@", "550 5.1.1 No such user\r\n"}});
        });
        SmtpSendJob job(plainSettings(server.port()), QStringLiteral("alice@example.org"),
            {QStringLiteral("bob@example.org"), QStringLiteral("nobody@example.org")},
            ".first line\nsecond\n", nullptr, nullptr);
        QCOMPARE(JobWaiter::run(&job).message(), QString());
        QCOMPARE(job.recipientResults().size(), 2);
        QVERIFY(job.recipientResults().at(0).accepted());
        QVERIFY(!job.recipientResults().at(1).accepted());
        QVERIFY(job.recipientResults().at(1).reply.contains(QStringLiteral("No such user")));
        QVERIFY(server.receivedLines().contains("..first line")); // dot-stuffed
        QVERIFY(
            server.receivedLines().contains(QByteArray("MAIL FROM:<alice@example.org> SIZE=21")));
    }

    void temporaryAndPermanentFailuresDiffer()
    {
        for (const QByteArray &reply :
            {QByteArray("451 4.3.0 Try again later\r\n"), QByteArray("554 5.7.1 Rejected\r\n")}) {
            ScriptedServer server;
            server.setGreeting({"220 fake ESMTP\r\n"});
            server.setResponder([reply](const QByteArray &line) {
                return answer(line, {{"MAIL", reply}});
            });
            SmtpSendJob job(plainSettings(server.port()), QStringLiteral("alice@example.org"),
                {QStringLiteral("bob@example.org")}, "x", nullptr, nullptr);
            const Error error = JobWaiter::run(&job);
            QVERIFY(error.isError());
            QCOMPARE(job.isTemporaryFailure(), reply.startsWith('4'));
            QVERIFY(error.serverReply().contains(QString::fromLatin1(reply.left(3))));
        }
    }

    void tooBigForTheServerIsRefusedBeforeSending()
    {
        ScriptedServer server;
        server.setGreeting({"220 fake ESMTP\r\n"});
        server.setResponder([](const QByteArray &line) { return answer(line, {}); });
        SmtpSendJob job(plainSettings(server.port()), QStringLiteral("alice@example.org"),
            {QStringLiteral("bob@example.org")}, QByteArray(5000, 'x'), nullptr, nullptr);
        QCOMPARE(JobWaiter::run(&job).kind(), Error::Kind::Unsupported);
        for (const QByteArray &line : server.receivedLines())
            QVERIFY2(!line.startsWith("MAIL"), line.constData());
    }

    void headerInjectionInAddressesIsRefusedOffline()
    {
        SmtpSendJob job(plainSettings(1), QStringLiteral("alice@example.org"),
            {QStringLiteral("bob@example.org>\r\nRCPT TO:<eve@example.org")}, "x", nullptr,
            nullptr);
        QCOMPARE(
            JobWaiter::run(&job).kind(), Error::Kind::Unsupported); // no connection was even tried
    }
};

QTEST_GUILESS_MAIN(TestSmtpFaults)
#include "tst_smtpfaults.moc"
