// A full disk while receiving: downloads over FTP and SFTP write into a .part that is a link
// to /dev/full (every write fails with ENOSPC, no privileges needed), and must end with a
// local error that says so, leave the file the person already had under that name untouched,
// and keep the connection usable. A POP3 fetch whose message can't be written (the file size
// limit lowered for the test) records nothing and deletes nothing, so the next fetch gets it;
// an IMAP message that can't be saved leaves no file and the session fetches it next time.
#include "files/ftp/ftpfs.h"
#include "files/sftp/sftpfs.h"
#include "jobwaiter.h"
#include "labenvironment.h"
#include "mail/imap/imapfetchmessagejob.h"
#include "mail/imap/imapsession.h"
#include "mail/pop3/pop3fetchjob.h"
#include "security/certificatestore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <sys/resource.h>

namespace {

const QByteArray mine = "the person's own file, which must survive\n";

FtpSession::Settings ftpSettings()
{
    FtpSession::Settings settings;
    settings.host = LabEnvironment::value("WHARF_LAB_HOST");
    settings.port = quint16(LabEnvironment::value("WHARF_LAB_FTP_PORT").toUInt());
    settings.user = LabEnvironment::value("WHARF_LAB_USER");
    settings.password = LabEnvironment::value("WHARF_LAB_PASSWORD");
    settings.tls = FtpSession::TlsMode::None;
    return settings;
}

// Lowers the largest file this process may write (RLIMIT_FSIZE) for one scope: a write past
// it fails with EFBIG instead of raising SIGXFSZ, as a full disk fails a write.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        std::signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &m_saved);
        rlimit lowered = m_saved;
        lowered.rlim_cur = bytes;
        m_active = setrlimit(RLIMIT_FSIZE, &lowered) == 0;
    }
    FileSizeLimit(const FileSizeLimit &) = delete;
    FileSizeLimit &operator=(const FileSizeLimit &) = delete;
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &m_saved); }
    [[nodiscard]] bool isActive() const { return m_active; }

private:
    rlimit m_saved {};
    bool m_active = false;
};

} // namespace

class TestDiskFull : public QObject
{
    Q_OBJECT

private:
    // Puts the person's own file at `name` and a .part beside it that leads to /dev/full.
    QString prepareTarget(const QString &name)
    {
        QString target = m_local.filePath(name);
        QFile own(target);
        if (!own.open(QIODevice::WriteOnly) || own.write(mine) != mine.size())
            return {};
        own.close();
        if (!QFile::link(QStringLiteral("/dev/full"), target + QStringLiteral(".part")))
            return {};
        return target;
    }

    void checkNothingLost(const Error &error, const QString &target)
    {
        QVERIFY2(error.isError(), "a download onto a full disk reported success");
        QVERIFY2(error.kind() == Error::Kind::LocalIo || error.kind() == Error::Kind::DiskFull,
            qPrintable(error.message()));
        QVERIFY2(error.message().contains(QStringLiteral("No space left on device"))
                || error.kind() == Error::Kind::DiskFull,
            qPrintable(error.message()));
        QFile own(target);
        QVERIFY(own.open(QIODevice::ReadOnly));
        QCOMPARE(own.readAll(), mine);
    }

    QTemporaryDir m_local;
    QString m_remoteDir;
    CertificateStore m_certificates;

private slots:
    void initTestCase()
    {
        QVERIFY(m_local.isValid());
        QVERIFY(QFileInfo::exists(QStringLiteral("/dev/full")));
        QVERIFY(m_certificates.addCaFile(LabEnvironment::value("WHARF_LAB_CA")));
        // Something bigger than one read or one TLS record, on the server.
        m_remoteDir = LabEnvironment::value("WHARF_LAB_FILES")
            + QStringLiteral("/tst_diskfull-%1").arg(QCoreApplication::applicationPid());
        QVERIFY(QDir().mkpath(m_remoteDir));
        QFile big(m_remoteDir + QStringLiteral("/big.bin"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        const QByteArray content(qsizetype(3) * 1024 * 1024, 'w');
        QCOMPARE(big.write(content), content.size());
    }

    void cleanupTestCase() { QDir(m_remoteDir).removeRecursively(); }

    void download_data()
    {
        QTest::addColumn<bool>("sftp");
        QTest::addColumn<QString>("remote");
        QTest::newRow("FTP, small") << false << QStringLiteral("~/README.txt");
        QTest::newRow("FTP, 3 MiB") << false << QStringLiteral("big");
        QTest::newRow("SFTP, small (one flight)") << true << QStringLiteral("~/README.txt");
        QTest::newRow("SFTP, 3 MiB (pipelined)") << true << QStringLiteral("big");
    }

    void download()
    {
        QFETCH(bool, sftp);
        QFETCH(QString, remote);
        if (remote == QStringLiteral("big"))
            remote = m_remoteDir + QStringLiteral("/big.bin");
        const QString name = QString::fromUtf8(QTest::currentDataTag()).remove(u' ');
        const QString target = prepareTarget(name);
        QVERIFY(!target.isEmpty());
        std::unique_ptr<RemoteFs> fs;
        if (sftp)
            fs = std::make_unique<SftpFs>(LabEnvironment::sftpKeySettings(), nullptr, nullptr);
        else
            fs = std::make_unique<FtpFs>(ftpSettings(), nullptr, nullptr, nullptr);
        std::unique_ptr<Job> download(fs->download(remote, target, {}));
        checkNothingLost(JobWaiter::run(download.get(), 30000), target);
        // The connection is still good for the next file.
        QFile::remove(target + QStringLiteral(".part"));
        const QString next = target + QStringLiteral("-next");
        std::unique_ptr<Job> again(fs->download(QStringLiteral("~/README.txt"), next, {}));
        QCOMPARE(JobWaiter::run(again.get(), 30000).message(), QString());
        QVERIFY(QFileInfo(next).size() > 0);
    }

    void imapMessageThatCannotBeSavedIsFetchedNextTime()
    {
        auto settings = LabEnvironment::aliceMailSettings<ImapSession::Settings>(
            "WHARF_LAB_IMAPS_PORT", ImapSession::Security::ImplicitTls);
        settings.spoolDirectory = m_local.path();
        ImapSession session(settings, &m_certificates, nullptr, nullptr);
        const QString destination = m_local.filePath(QStringLiteral("first.eml"));
        Error error;
        {
            ImapFetchMessageJob job(&session, "INBOX", 1, destination); // the sample mail's first
            const FileSizeLimit limit(64);
            QVERIFY(limit.isActive());
            error = JobWaiter::run(&job, 30000);
        }
        QVERIFY2(error.kind() == Error::Kind::LocalIo || error.kind() == Error::Kind::DiskFull,
            qPrintable(error.message()));
        QVERIFY(!QFileInfo::exists(destination));
        QVERIFY(!QFileInfo::exists(destination + QStringLiteral(".part")));
        ImapFetchMessageJob again(&session, "INBOX", 1, destination);
        QCOMPARE(JobWaiter::run(&again, 30000).message(), QString());
        QVERIFY(QFileInfo(destination).size() > 64);
    }

    // Leave on server (no DELE either way): alice's INBOX is read by other tests.
    void pop3MessageThatCannotBeWrittenIsFetchedNextTime()
    {
        const auto settings = LabEnvironment::aliceMailSettings<Pop3FetchJob::Settings>(
            "WHARF_LAB_POP3S_PORT", Pop3FetchJob::Security::ImplicitTls);
        const QString maildir = m_local.filePath(QStringLiteral("Maildir"));

        QByteArrayList storedWhileFull;
        Error error;
        {
            Pop3FetchJob job(settings, maildir, {}, &m_certificates, nullptr);
            connect(&job, &Pop3FetchJob::messageStored, &job,
                [&storedWhileFull](const QByteArray &uid) { storedWhileFull << uid; });
            // Every sample message is larger than this.
            const FileSizeLimit limit(64);
            QVERIFY(limit.isActive());
            error = JobWaiter::run(&job, 60000);
        }
        QVERIFY2(error.isError(), "a fetch onto a full disk reported success");
        QVERIFY2(error.kind() == Error::Kind::LocalIo || error.kind() == Error::Kind::DiskFull,
            qPrintable(error.message()));
        QVERIFY(storedWhileFull.isEmpty());
        QVERIFY(QDir(maildir + QStringLiteral("/new")).isEmpty());
        QVERIFY(QDir(maildir + QStringLiteral("/tmp")).isEmpty()); // no half-written file left

        // With room again, the same fetch gets them all.
        Pop3FetchJob again(settings, maildir, {}, &m_certificates, nullptr);
        QCOMPARE(JobWaiter::run(&again, 60000).message(), QString());
        QVERIFY(again.newUids().size() >= 40);
    }
};

QTEST_GUILESS_MAIN(TestDiskFull)
#include "tst_diskfull.moc"
