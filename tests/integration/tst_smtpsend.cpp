// SMTP against the lab's Postfix: submission with STARTTLS and AUTH, and smtps; the message
// arrives in alice's mailbox (Dovecot, over LMTP) with its body intact.
#include "labenvironment.h"
#include "mail/smtp/smtpsendjob.h"
#include "net/protocollog.h"
#include "security/certificatestore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

namespace {

// The text of the delivered message in alice's Maildir that contains marker, or empty. Only
// new/ and cur/: tmp/ holds messages still being written. Read at once: a reader may move the
// file from new/ to cur/ at any time.
QByteArray deliveredMessage(const QByteArray &marker)
{
    const QString maildir
        = LabEnvironment::value("WHARF_LAB_DIR") + QStringLiteral("/mail/alice/Maildir/");
    for (const QString &folder : {QStringLiteral("new"), QStringLiteral("cur")}) {
        QDirIterator it(maildir + folder, QDir::Files);
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            QByteArray text = file.readAll();
            if (text.contains(marker))
                return text;
        }
    }
    return {};
}

} // namespace

class TestSmtpSend : public QObject
{
    Q_OBJECT

private slots:
    void deliversOverStartTlsAndImplicitTls_data()
    {
        QTest::addColumn<QByteArray>("portVariable");
        QTest::addColumn<int>("security");
        QTest::newRow("submission STARTTLS")
            << QByteArray("WHARF_LAB_SMTP_PORT") << int(SmtpSendJob::Security::StartTls);
        QTest::newRow("smtps") << QByteArray("WHARF_LAB_SMTPS_PORT")
                               << int(SmtpSendJob::Security::ImplicitTls);
    }

    void deliversOverStartTlsAndImplicitTls()
    {
        QFETCH(QByteArray, portVariable);
        QFETCH(int, security);
        CertificateStore certificates;
        QVERIFY(certificates.addCaFile(LabEnvironment::value("WHARF_LAB_CA")));
        ProtocolLog log;
        QStringList logLines;
        connect(&log, &ProtocolLog::entryAdded, this,
            [&logLines](const ProtocolLog::Entry &entry) { logLines << entry.text; });

        SmtpSendJob::Settings settings;
        settings.host = LabEnvironment::value("WHARF_LAB_HOST");
        settings.port = quint16(LabEnvironment::value(portVariable.constData()).toUInt());
        settings.security = SmtpSendJob::Security(security);
        settings.user = LabEnvironment::value("WHARF_LAB_MAIL_USER");
        settings.password = LabEnvironment::value("WHARF_LAB_MAIL_PASSWORD");
        const QByteArray marker = "wharf-smtp-"
            + QByteArray(QTest::currentDataTag()).replace(' ', '-') + '-'
            + QByteArray::number(QCoreApplication::applicationPid());
        const QByteArray message = "From: Alice <" + settings.user.toUtf8()
            + ">\r\n"
              "To: "
            + settings.user.toUtf8()
            + "\r\n"
              "Subject: =?UTF-8?B?R3LDvMOfZQ==?= "
            + marker
            + "\r\n"
              "Message-ID: <"
            + marker
            + "@wharf.test>\r\n"
              "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
              ".a line starting with a dot\nGr\xc3\xbc\xc3\x9f"
              "e\n";
        SmtpSendJob job(settings, settings.user, {settings.user}, message, &certificates, &log);
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QVERIFY(finished.wait(30000));
        QCOMPARE(job.error().message(), QString());
        QCOMPARE(job.recipientResults().size(), 1);
        QVERIFY(job.recipientResults().constFirst().accepted());
        for (const QString &line : std::as_const(logLines))
            QVERIFY2(!line.contains(settings.password), "the password reached the log");

        // Delivery to Dovecot is asynchronous: wait for the message (bounded). qWaitFor, not
        // QTRY_VERIFY, which looks once more after success and can miss a file being moved.
        QByteArray stored;
        QVERIFY(
            QTest::qWaitFor([&] { return !(stored = deliveredMessage(marker)).isEmpty(); }, 15000));
        QVERIFY(stored.contains("\n.a line starting with a dot")); // un-stuffed by the server
        QVERIFY(stored.contains("Gr\xc3\xbc\xc3\x9f"
                                "e"));
    }

    void wrongPasswordIsAnAuthenticationError()
    {
        CertificateStore certificates;
        certificates.addCaFile(LabEnvironment::value("WHARF_LAB_CA"));
        SmtpSendJob::Settings settings;
        settings.host = LabEnvironment::value("WHARF_LAB_HOST");
        settings.port = quint16(LabEnvironment::value("WHARF_LAB_SMTPS_PORT").toUInt());
        settings.user = LabEnvironment::value("WHARF_LAB_MAIL_USER");
        settings.password = QStringLiteral("not-the-password");
        SmtpSendJob job(settings, settings.user, {settings.user}, "x", &certificates, nullptr);
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QVERIFY(finished.wait(30000));
        QCOMPARE(job.error().kind(), Error::Kind::Authentication);
        QVERIFY(!job.isTemporaryFailure());
    }
};

QTEST_GUILESS_MAIN(TestSmtpSend)
#include "tst_smtpsend.moc"
