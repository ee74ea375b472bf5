// POP3 against the lab's Dovecot: pop3s and STLS fetch alice's INBOX (40 sample messages and
// whatever other tests sent) into a fresh Maildir, a second run downloads nothing, and a wrong
// password is an authentication error. Nothing is deleted: other tests read this INBOX.
#include "labenvironment.h"
#include "mail/pop3/pop3fetchjob.h"
#include "mail/pop3/pop3uidstore.h"
#include "net/protocollog.h"
#include "security/certificatestore.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

Pop3FetchJob::Settings labSettings(const char *portVariable, Pop3FetchJob::Security security)
{
    return LabEnvironment::aliceMailSettings<Pop3FetchJob::Settings>(portVariable, security);
}

// Runs a fetch that records each stored UID in the Maildir's UID file, as the app does.
Error fetch(const Pop3FetchJob::Settings &settings, const QString &maildir,
    CertificateStore *certificates, ProtocolLog *log, QByteArrayList *newUids,
    int *serverCount = nullptr)
{
    Pop3UidStore uids(Pop3UidStore::defaultFilePath(maildir));
    Error loaded = uids.load();
    if (loaded.isError())
        return loaded;
    Pop3FetchJob job(settings, maildir, uids.uids(), certificates, log);
    QObject::connect(&job, &Pop3FetchJob::messageStored, &job,
        [&uids](const QByteArray &uid) { QVERIFY(!uids.add(uid).isError()); });
    QSignalSpy finished(&job, &Job::finished);
    job.start();
    if (!finished.wait(60000))
        return Error(Error::Kind::Timeout, QStringLiteral("the fetch did not finish"));
    *newUids = job.newUids();
    if (serverCount)
        *serverCount = job.serverMessageCount();
    return job.error();
}

QStringList storedFiles(const QString &maildir)
{
    QStringList paths;
    const QDir newDir(maildir + QStringLiteral("/new"));
    for (const QString &name : newDir.entryList(QDir::Files))
        paths.append(newDir.filePath(name));
    return paths;
}

} // namespace

class TestPop3Fetch : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_certificates.addCaFile(LabEnvironment::value("WHARF_LAB_CA")));
    }

    void fetchesEverythingOnce_data()
    {
        QTest::addColumn<QByteArray>("portVariable");
        QTest::addColumn<int>("security");
        QTest::newRow("pop3s") << QByteArray("WHARF_LAB_POP3S_PORT")
                               << int(Pop3FetchJob::Security::ImplicitTls);
        QTest::newRow("STLS") << QByteArray("WHARF_LAB_POP3_PORT")
                              << int(Pop3FetchJob::Security::StartTls);
    }

    void fetchesEverythingOnce()
    {
        QFETCH(QByteArray, portVariable);
        QFETCH(int, security);
        const Pop3FetchJob::Settings settings
            = labSettings(portVariable.constData(), Pop3FetchJob::Security(security));
        QTemporaryDir temp;
        const QString maildir = temp.path() + QStringLiteral("/pop3");
        ProtocolLog log;
        QStringList logLines;
        QStringList sentLines;
        connect(&log, &ProtocolLog::entryAdded, this,
            [&logLines, &sentLines](const ProtocolLog::Entry &entry) {
                logLines << entry.text;
                if (entry.direction == ProtocolLog::Direction::Sent)
                    sentLines << entry.text;
            });

        QByteArrayList newUids;
        int serverCount = 0;
        QCOMPARE(fetch(settings, maildir, &m_certificates, &log, &newUids, &serverCount).message(),
            QString());
        QVERIFY2(serverCount >= 40, qPrintable(QString::number(serverCount)));
        QCOMPARE(newUids.size(), serverCount);
        const QStringList files = storedFiles(maildir);
        QCOMPARE(files.size(), serverCount);
        QVERIFY(QDir(maildir + QStringLiteral("/tmp")).isEmpty());
        static const QRegularExpression headerLine(QStringLiteral("^[!-9;-~]+:"));
        bool sawAttachment = false;
        for (const QString &path : files) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray content = file.readAll();
            QVERIFY2(headerLine.match(QString::fromLatin1(content.left(200))).hasMatch(),
                qPrintable(path));
            QVERIFY2(content.contains("\n\n"), qPrintable(path)); // headers, blank line, body
            QVERIFY2(!content.contains('\r'), qPrintable(path)); // stored with Unix line ends
            sawAttachment = sawAttachment || content.contains("application/pdf");
        }
        QVERIFY(sawAttachment); // UID 8's PDF came through whole enough to be recognised
        for (const QString &line : std::as_const(logLines))
            QVERIFY2(!line.contains(settings.password), "the password reached the log");
        QVERIFY(sentLines.contains(QStringLiteral("PASS ****")));
        if (Pop3FetchJob::Security(security) == Pop3FetchJob::Security::StartTls) {
            QVERIFY(sentLines.indexOf(QStringLiteral("STLS"))
                < sentLines.indexOf(QStringLiteral("USER ") + settings.user));
            QCOMPARE(sentLines.count(QStringLiteral("CAPA")), 2); // asked again after STLS
        }

        // The UID file remembers: a second run downloads nothing.
        QByteArrayList secondRun;
        QCOMPARE(
            fetch(settings, maildir, &m_certificates, nullptr, &secondRun).message(), QString());
        QCOMPARE(secondRun, QByteArrayList());
        QCOMPARE(storedFiles(maildir).size(), serverCount);
    }

    void wrongPasswordIsAnAuthenticationError()
    {
        Pop3FetchJob::Settings settings
            = labSettings("WHARF_LAB_POP3S_PORT", Pop3FetchJob::Security::ImplicitTls);
        settings.password = QStringLiteral("not-the-password");
        QTemporaryDir temp;
        QByteArrayList newUids;
        const Error error = fetch(settings, temp.path(), &m_certificates, nullptr, &newUids);
        QCOMPARE(error.kind(), Error::Kind::Authentication);
        QVERIFY(!error.serverReply().isEmpty());
        QVERIFY(newUids.isEmpty());
    }

private:
    CertificateStore m_certificates;
};

QTEST_GUILESS_MAIN(TestPop3Fetch)
#include "tst_pop3fetch.moc"
