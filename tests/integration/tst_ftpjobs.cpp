// FTP jobs against the lab's real servers (vsftpd with and without TLS session reuse,
// pyftpdlib): transfers with progress, cancel that leaves the connection usable, resume,
// certificate decisions, and listings with names no local file may have.
#include "files/ftp/ftpdownloadjob.h"
#include "files/ftp/ftpfs.h"
#include "files/remotelistjob.h"
#include "files/remotestatjob.h"
#include "jobwaiter.h"
#include "labenvironment.h"
#include "net/prompter.h"
#include "net/protocollog.h"
#include "scriptedprompter.h"
#include "security/certificatestore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

} // namespace

class TestFtpJobs : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_local;
    QString m_files;
    QString m_bigName;
    qint64 m_bigSize = qint64(24) * 1024 * 1024; // about 0.75 s from the slow server

    FtpSession::Settings settings(const char *portVariable, FtpSession::TlsMode tls) const
    {
        FtpSession::Settings settings;
        settings.host = LabEnvironment::value("WHARF_LAB_HOST");
        settings.port = quint16(LabEnvironment::value(portVariable).toUInt());
        settings.user = LabEnvironment::value("WHARF_LAB_USER");
        settings.password = LabEnvironment::value("WHARF_LAB_PASSWORD");
        settings.tls = tls;
        return settings;
    }

    static CertificateStore trustingLabCa()
    {
        CertificateStore store;
        store.addCaFile(LabEnvironment::value("WHARF_LAB_CA"));
        return store;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_local.isValid());
        m_files = LabEnvironment::value("WHARF_LAB_FILES");
        // A sparse file: big enough to cancel midway on loopback, no disk used on the server.
        m_bigName = QStringLiteral("/big-%1.bin").arg(QCoreApplication::applicationPid());
        QFile big(m_files + m_bigName);
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(m_bigSize));
        big.close();
    }

    void cleanupTestCase() { QFile::remove(m_files + m_bigName); }

    void roundTripWithProgress_data()
    {
        QTest::addColumn<QByteArray>("portVariable");
        QTest::addColumn<int>("tls");
        QTest::addColumn<bool>("homeIsRoot");
        QTest::newRow("vsftpd plain")
            << QByteArray("WHARF_LAB_FTP_PORT") << int(FtpSession::TlsMode::None) << false;
        QTest::newRow("vsftpd ssl reuse")
            << QByteArray("WHARF_LAB_FTP_REUSE_PORT") << int(FtpSession::TlsMode::Require) << false;
        QTest::newRow("pyftpdlib tls")
            << QByteArray("WHARF_LAB_PYFTP_PORT") << int(FtpSession::TlsMode::Require) << true;
    }

    void roundTripWithProgress()
    {
        QFETCH(QByteArray, portVariable);
        QFETCH(int, tls);
        QFETCH(bool, homeIsRoot);
        CertificateStore certificates = trustingLabCa();
        FtpFs fs(settings(portVariable.constData(), FtpSession::TlsMode(tls)), &certificates,
            nullptr, nullptr);
        const QString remoteDir = homeIsRoot ? QStringLiteral("~") : m_files;
        const QString source = m_local.filePath(QStringLiteral("up.bin"));
        {
            QFile file(source);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QByteArray block(1024 * 1024 + 17, Qt::Uninitialized);
            for (int i = 0; i < 8; ++i) {
                for (char &c : block)
                    c = char(qsizetype(i) * 31 + (&c - block.data()) % 251);
                file.write(block);
            }
        }
        const QString remote = remoteDir + QStringLiteral("/roundtrip-")
            + QString::fromLatin1(QTest::currentDataTag())
                  .replace(QLatin1Char(' '), QLatin1Char('-'));
        Job *upload = fs.upload(source, remote, {});
        QSignalSpy uploadProgress(upload, &Job::progress);
        QCOMPARE(JobWaiter::run(upload).message(), QString());
        QVERIFY(!uploadProgress.isEmpty());
        QCOMPARE(uploadProgress.last().at(0).toLongLong(), QFileInfo(source).size());

        const QString target = m_local.filePath(QStringLiteral("down.bin"));
        Job *download = fs.download(remote, target, {});
        QSignalSpy downloadProgress(download, &Job::progress);
        QCOMPARE(JobWaiter::run(download).message(), QString());
        QCOMPARE(sha256Of(target), sha256Of(source));
        QVERIFY(!QFile::exists(target + QStringLiteral(".part")));
        qint64 previous = -1;
        for (const QList<QVariant> &step : std::as_const(downloadProgress)) {
            QVERIFY(step.at(0).toLongLong() >= previous); // never goes backwards
            previous = step.at(0).toLongLong();
        }
        QCOMPARE(JobWaiter::run(fs.removeFile(remote)).message(), QString());
    }

    void cancelLeavesConnectionUsableAndResumeCompletes_data()
    {
        QTest::addColumn<QByteArray>("portVariable");
        QTest::addColumn<int>("tls");
        QTest::newRow("vsftpd slow")
            << QByteArray("WHARF_LAB_FTP_SLOW_PORT") << int(FtpSession::TlsMode::None);
        QTest::newRow("vsftpd slow with tls")
            << QByteArray("WHARF_LAB_FTP_SLOW_PORT") << int(FtpSession::TlsMode::Require);
    }

    void cancelLeavesConnectionUsableAndResumeCompletes()
    {
        QFETCH(QByteArray, portVariable);
        QFETCH(int, tls);
        CertificateStore certificates = trustingLabCa();
        FtpFs fs(settings(portVariable.constData(), FtpSession::TlsMode(tls)), &certificates,
            nullptr, nullptr);
        const QString target = m_local.filePath(QStringLiteral("big.bin"));
        QFile::remove(target);
        QFile::remove(target + QStringLiteral(".part"));

        Job *first = fs.download(m_files + m_bigName, target, {});
        connect(first, &Job::progress, first, [first](qint64 done, qint64) {
            if (done > 0)
                first->cancel();
        });
        QCOMPARE(JobWaiter::run(first).kind(), Error::Kind::Cancelled);
        const qint64 partial = QFileInfo(target + QStringLiteral(".part")).size();
        QVERIFY2(partial > 0 && partial < m_bigSize, qPrintable(QString::number(partial)));
        QVERIFY(!QFile::exists(target)); // nothing half-done where the file belongs

        // The same control connection answers the next job.
        RemoteListJob *list = fs.list(m_files);
        QCOMPARE(JobWaiter::run(list).message(), QString());
        QVERIFY(!list->entries().isEmpty());

        TransferOptions resume;
        resume.resume = true;
        auto *second
            = static_cast<FtpDownloadJob *>(fs.download(m_files + m_bigName, target, resume));
        QCOMPARE(JobWaiter::run(second).message(), QString());
        QVERIFY(second->resumedFrom() >= partial);
        QCOMPARE(QFileInfo(target).size(), m_bigSize);
        QVERIFY(!QFile::exists(target + QStringLiteral(".part")));
        QFile::remove(target);
    }

    void untrustedCertificateGoesThroughThePrompter()
    {
        const QSslCertificate labServer = QSslCertificate::fromPath(
            LabEnvironment::value("WHARF_LAB_DIR") + QStringLiteral("/pki/server.pem"))
                                              .value(0);
        QVERIFY(!labServer.isNull());

        ScriptedPrompter refusing;
        CertificateStore empty;
        FtpFs refused(settings("WHARF_LAB_FTP_TLS_PORT", FtpSession::TlsMode::Require), &empty,
            &refusing, nullptr);
        const Error error = JobWaiter::run(refused.list(m_files));
        QCOMPARE(error.kind(), Error::Kind::Tls);
        QCOMPARE(refusing.certificateQuestions.size(), 1);
        QCOMPARE(
            refusing.certificateQuestions.at(0).sha256, CertificateStore::fingerprint(labServer));
        QVERIFY(!refusing.certificateQuestions.at(0).errors.isEmpty());

        ScriptedPrompter accepting;
        accepting.certificateAnswer = Prompter::TrustDecision::AcceptOnce;
        FtpFs accepted(settings("WHARF_LAB_FTP_REUSE_PORT", FtpSession::TlsMode::Require), &empty,
            &accepting, nullptr);
        RemoteListJob *list = accepted.list(m_files);
        QCOMPARE(JobWaiter::run(list).message(), QString()); // data connections accept it too
        QCOMPARE(accepting.certificateQuestions.size(), 1);
        QVERIFY(empty.isAccepted(LabEnvironment::value("WHARF_LAB_HOST"),
            quint16(LabEnvironment::value("WHARF_LAB_FTP_REUSE_PORT").toUInt()), labServer));
        QVERIFY(!list->entries().isEmpty());
    }

    void hostileNamesNeverReachTheCaller()
    {
        const QString dir
            = m_files + QStringLiteral("/hostile-%1").arg(QCoreApplication::applicationPid());
        QVERIFY(QDir().mkpath(dir));
        for (const QString &name : {QStringLiteral("evil\nname"), QStringLiteral("fine.txt")}) {
            QFile file(dir + QLatin1Char('/') + name);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        FtpFs fs(
            settings("WHARF_LAB_FTP_PORT", FtpSession::TlsMode::None), nullptr, nullptr, nullptr);
        RemoteListJob *list = fs.list(dir);
        QCOMPARE(JobWaiter::run(list).message(), QString());
        QStringList names;
        for (const RemoteEntry &entry : list->entries())
            names << entry.name;
        QVERIFY(names.contains(QStringLiteral("fine.txt")));
        for (const QString &name : std::as_const(names))
            QVERIFY2(!name.contains(QLatin1Char('\n')), qPrintable(name));
        QDir(dir).removeRecursively();
    }

    void statPermissionsAndTimes_data()
    {
        QTest::addColumn<QByteArray>("portVariable");
        QTest::addColumn<bool>("homeIsRoot");
        QTest::addColumn<bool>("canSetTime");
        // vsftpd: no MLST (SIZE, MDTM and CWD instead), no MFMT. pyftpdlib: both.
        QTest::newRow("vsftpd") << QByteArray("WHARF_LAB_FTP_PORT") << false << false;
        QTest::newRow("pyftpdlib") << QByteArray("WHARF_LAB_PYFTP_PORT") << true << true;
    }

    void statPermissionsAndTimes()
    {
        QFETCH(QByteArray, portVariable);
        QFETCH(bool, homeIsRoot);
        QFETCH(bool, canSetTime);
        const QString name = QStringLiteral("stat-%1-%2.txt")
                                 .arg(QString::fromLatin1(QTest::currentDataTag()))
                                 .arg(QCoreApplication::applicationPid());
        const QString local = m_files + QLatin1Char('/') + name;
        const QString remote
            = (homeIsRoot ? QStringLiteral("~/") : m_files + QLatin1Char('/')) + name;
        FtpFs fs(settings(portVariable.constData(), FtpSession::TlsMode::None), nullptr, nullptr,
            nullptr);
        // Uploaded, so the file belongs to the server's user, who may change it.
        const QString source = m_local.filePath(name);
        {
            QFile file(source);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("twelve bytes");
        }
        QCOMPARE(JobWaiter::run(fs.upload(source, remote, {})).message(), QString());

        RemoteStatJob *stat = fs.stat(remote);
        QCOMPARE(JobWaiter::run(stat).message(), QString());
        QCOMPARE(stat->entry().name, name);
        QCOMPARE(stat->entry().type, RemoteEntry::Type::File);
        QCOMPARE(stat->entry().size, 12);
        QVERIFY(qAbs(stat->entry().mtime.secsTo(QFileInfo(local).lastModified())) <= 1);

        RemoteStatJob *folder
            = fs.stat(homeIsRoot ? QStringLiteral("~/docs") : m_files + QStringLiteral("/docs"));
        QCOMPARE(JobWaiter::run(folder).message(), QString());
        QCOMPARE(folder->entry().type, RemoteEntry::Type::Directory);
        QCOMPARE(JobWaiter::run(fs.stat(remote + QStringLiteral(".missing"))).kind(),
            Error::Kind::NotFound);

        QCOMPARE(JobWaiter::run(fs.setPermissions(remote, 0640)).message(), QString());
        QCOMPARE(QFileInfo(local).permissions() & 0x7777,
            QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser
                | QFile::ReadGroup);

        const QDateTime past(QDate(2001, 2, 3), QTime(4, 5, 6), Qt::UTC);
        const Error timeError = JobWaiter::run(fs.setModificationTime(remote, past));
        if (canSetTime) {
            QCOMPARE(timeError.message(), QString());
            QCOMPARE(QFileInfo(local).lastModified().toUTC(), past);
        } else {
            QCOMPARE(timeError.kind(), Error::Kind::Unsupported); // said, not pretended
        }
        QFile::remove(local);
    }

    void jobsRunInOrderOnOneConnection()
    {
        ProtocolLog log;
        QSet<quint64> connections;
        connect(
            &log, &ProtocolLog::entryAdded, this, [&connections](const ProtocolLog::Entry &entry) {
                connections.insert(entry.connectionId);
            });
        FtpFs fs(
            settings("WHARF_LAB_PYFTP_PORT", FtpSession::TlsMode::None), nullptr, nullptr, &log);
        const QString dir = QStringLiteral("~/queue-%1").arg(QCoreApplication::applicationPid());
        QList<Job *> jobs {fs.makeDirectory(dir), fs.makeDirectory(dir + QStringLiteral("/a")),
            fs.rename(dir + QStringLiteral("/a"), dir + QStringLiteral("/b")),
            fs.removeDirectory(dir + QStringLiteral("/b")), fs.removeDirectory(dir)};
        QSignalSpy last(jobs.last(), &Job::finished);
        for (Job *job : jobs)
            job->start(); // all queued at once: the session runs them one after another
        QVERIFY(last.wait(30000));
        for (Job *job : jobs)
            QCOMPARE(job->error().message(), QString());
        QCOMPARE(connections.size(), 1);
        QCOMPARE(JobWaiter::run(fs.removeDirectory(dir)).kind(), Error::Kind::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestFtpJobs)
#include "tst_ftpjobs.moc"
