// A mail server whose certificate Wharf can't verify (the lab's CA left out): IMAP, POP3 and
// SMTP, implicit TLS and STARTTLS, each ask the Prompter once, showing host, port and the
// SHA-256 fingerprint. "Reject" ends in a TLS error before any password is sent; "accept once"
// reconnects and works, and the same store doesn't ask again in that run.
#include "jobwaiter.h"
#include "labenvironment.h"
#include "mail/imap/imaplistfoldersjob.h"
#include "mail/imap/imapsession.h"
#include "mail/pop3/pop3fetchjob.h"
#include "mail/smtp/smtpsendjob.h"
#include "net/protocollog.h"
#include "scriptedprompter.h"
#include "security/certificatestore.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

enum class Protocol { Imap, Pop3, Smtp };

quint16 labPort(const char *variable)
{
    return quint16(LabEnvironment::value(variable).toUInt());
}

// Runs one exchange with the given protocol and TLS mode; returns its error.
Error exchange(Protocol protocol, bool implicitTls, CertificateStore *certificates,
    Prompter *prompter, QStringList *logged)
{
    ProtocolLog log;
    QObject::connect(&log, &ProtocolLog::entryAdded,
        [logged](const ProtocolLog::Entry &entry) { logged->append(entry.text); });
    const QString host = LabEnvironment::value("WHARF_LAB_HOST");
    const QString user = LabEnvironment::value("WHARF_LAB_MAIL_USER");
    const QString password = LabEnvironment::value("WHARF_LAB_MAIL_PASSWORD");
    switch (protocol) {
    case Protocol::Imap: {
        ImapSession::Settings settings;
        settings.host = host;
        settings.port = labPort(implicitTls ? "WHARF_LAB_IMAPS_PORT" : "WHARF_LAB_IMAP_PORT");
        settings.security
            = implicitTls ? ImapSession::Security::ImplicitTls : ImapSession::Security::StartTls;
        settings.user = user;
        settings.password = password;
        ImapSession session(settings, certificates, prompter, &log);
        ImapListFoldersJob job(&session, nullptr);
        return JobWaiter::run(&job, 30000);
    }
    case Protocol::Pop3: {
        Pop3FetchJob::Settings settings;
        settings.host = host;
        settings.port = labPort(implicitTls ? "WHARF_LAB_POP3S_PORT" : "WHARF_LAB_POP3_PORT");
        settings.security
            = implicitTls ? Pop3FetchJob::Security::ImplicitTls : Pop3FetchJob::Security::StartTls;
        settings.user = user;
        settings.password = password;
        settings.headersOnly = true; // reads, changes nothing
        Pop3FetchJob job(settings, QString(), {}, certificates, &log);
        job.setPrompter(prompter);
        return JobWaiter::run(&job, 30000);
    }
    case Protocol::Smtp: {
        SmtpSendJob::Settings settings;
        settings.host = host;
        settings.port = labPort(implicitTls ? "WHARF_LAB_SMTPS_PORT" : "WHARF_LAB_SMTP_PORT");
        settings.security
            = implicitTls ? SmtpSendJob::Security::ImplicitTls : SmtpSendJob::Security::StartTls;
        settings.user = user;
        settings.password = password;
        // To bob: alice's inbox is counted by other tests running at the same time.
        const QString to = LabEnvironment::value("WHARF_LAB_MAIL_USER2");
        SmtpSendJob job(settings, user, {to},
            "From: " + user.toUtf8() + "\r\nTo: " + to.toUtf8()
                + "\r\nSubject: trust test\r\n\r\nAccepted once.\r\n",
            certificates, &log);
        job.setPrompter(prompter);
        return JobWaiter::run(&job, 30000);
    }
    }
    return {};
}

} // namespace

class TestMailTrust : public QObject
{
    Q_OBJECT

private slots:
    void untrustedCertificateIsAskedAbout_data()
    {
        QTest::addColumn<int>("protocol");
        QTest::addColumn<bool>("implicitTls");
        QTest::newRow("imaps") << int(Protocol::Imap) << true;
        QTest::newRow("imap STARTTLS") << int(Protocol::Imap) << false;
        QTest::newRow("pop3s") << int(Protocol::Pop3) << true;
        QTest::newRow("pop3 STLS") << int(Protocol::Pop3) << false;
        QTest::newRow("smtps") << int(Protocol::Smtp) << true;
        QTest::newRow("submission STARTTLS") << int(Protocol::Smtp) << false;
    }

    void untrustedCertificateIsAskedAbout()
    {
        QFETCH(int, protocol);
        QFETCH(bool, implicitTls);
        CertificateStore certificates; // without the lab's CA: nothing verifies

        ScriptedPrompter refusing;
        QStringList logged;
        const Error refused
            = exchange(Protocol(protocol), implicitTls, &certificates, &refusing, &logged);
        QCOMPARE(refused.kind(), Error::Kind::Tls);
        QCOMPARE(refusing.certificateQuestions.size(), 1);
        const CertificatePrompt &question = refusing.certificateQuestions.constFirst();
        QCOMPARE(question.host, LabEnvironment::value("WHARF_LAB_HOST"));
        QCOMPARE(question.sha256.size(), 32);
        QVERIFY(!question.errors.isEmpty());
        const QString password = LabEnvironment::value("WHARF_LAB_MAIL_PASSWORD");
        for (const QString &line : std::as_const(logged))
            QVERIFY2(!line.contains(password), qPrintable(line));

        ScriptedPrompter accepting;
        accepting.certificateAnswer = Prompter::TrustDecision::AcceptOnce;
        logged.clear();
        const Error accepted
            = exchange(Protocol(protocol), implicitTls, &certificates, &accepting, &logged);
        QVERIFY2(!accepted.isError(), qPrintable(accepted.message()));
        QCOMPARE(accepting.certificateQuestions.size(), 1);

        // Accepted for this run: the same store doesn't ask again.
        ScriptedPrompter silent;
        const Error again
            = exchange(Protocol(protocol), implicitTls, &certificates, &silent, &logged);
        QVERIFY2(!again.isError(), qPrintable(again.message()));
        QVERIFY(silent.certificateQuestions.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMailTrust)
#include "tst_mailtrust.moc"
