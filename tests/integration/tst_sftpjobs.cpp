// SFTP jobs against the lab's OpenSSH: every way of logging in (ssh-agent included), host keys
// unknown and changed, the file operations, a 0-byte file, a non-ASCII name, small files moved
// in one flight (and a stale listing), a 200 MiB round trip, a resumed download, and a transfer
// queue download that survives the server's session being killed.
#include "files/remotelistjob.h"
#include "files/remotestatjob.h"
#include "files/sftp/sftpfs.h"
#include "files/transferqueue.h"
#include "jobwaiter.h"
#include "labenvironment.h"
#include "net/prompter.h"
#include "net/protocollog.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

namespace {

// Answers host-key and password questions as told, and records them.
class ScriptedPrompter : public Prompter
{
public:
    TrustDecision hostKeyAnswer = TrustDecision::Reject;
    std::optional<QString> passwordAnswer;
    QList<HostKeyPrompt> hostKeyQuestions;
    QList<PasswordPrompt> passwordQuestions;

    void askCertificate(
        const CertificatePrompt &, std::function<void(TrustDecision)> answer) override
    {
        answer(TrustDecision::Reject);
    }
    void askHostKey(const HostKeyPrompt &prompt, std::function<void(TrustDecision)> answer) override
    {
        hostKeyQuestions.append(prompt);
        QMetaObject::invokeMethod(
            qApp, [answer, decision = hostKeyAnswer] { answer(decision); }, Qt::QueuedConnection);
    }
    void askPassword(
        const PasswordPrompt &prompt, std::function<void(std::optional<QString>)> answer) override
    {
        passwordQuestions.append(prompt);
        QMetaObject::invokeMethod(
            qApp, [answer, reply = passwordAnswer] { answer(reply); }, Qt::QueuedConnection);
    }
    void askFileExists(
        const FileExistsPrompt &, std::function<void(FileExistsDecision)> answer) override
    {
        answer(FileExistsDecision::Skip);
    }
};

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

void writeRandomFile(const QString &path, qint64 size)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QByteArray block(qsizetype(1024) * 1024, Qt::Uninitialized);
    for (qint64 written = 0; written < size; written += block.size()) {
        QRandomGenerator::global()->fillRange(
            reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
        const qint64 length = qMin<qint64>(block.size(), size - written);
        QCOMPARE(file.write(block.constData(), length), length);
    }
}

QString output(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(10000))
        return {};
    return QString::fromUtf8(process.readAllStandardOutput());
}

// Sends signal (default: SIGKILL, as a crash would) to the lab sshd's processes serving this
// test process's connections. Only ours: other tests may use the lab's sshd at the same time.
// Returns how many processes got it.
int killOwnSshSessions(int signal = SIGKILL)
{
    const QString port = LabEnvironment::value("WHARF_LAB_SSH_PORT");
    const QString me = QStringLiteral("pid=%1,").arg(QCoreApplication::applicationPid());
    const QString ss = QStringLiteral("ss");
    QSet<qint64> servers;
    const QString clients = output(ss,
        {QStringLiteral("-tnpH"), QStringLiteral("state"), QStringLiteral("established"),
            QStringLiteral("dport"), QStringLiteral("="), u':' + port});
    for (const QString &line : clients.split(u'\n', Qt::SkipEmptyParts)) {
        // Recv-Q Send-Q Local Peer Process (no State column with a state filter)
        const QStringList fields = line.simplified().split(u' ');
        if (!line.contains(me) || fields.size() < 4)
            continue;
        const QString clientPort = fields.at(2).section(u':', -1);
        const QString serverSide = output(ss,
            {QStringLiteral("-tnpH"), QStringLiteral("state"), QStringLiteral("established"),
                QStringLiteral("sport"), QStringLiteral("="), u':' + port, QStringLiteral("and"),
                QStringLiteral("dport"), QStringLiteral("="), u':' + clientPort});
        static const QRegularExpression pidPattern(QStringLiteral("pid=(\\d+)"));
        for (const QRegularExpressionMatch &match : pidPattern.globalMatch(serverSide))
            servers.insert(match.captured(1).toLongLong());
    }
    for (const qint64 pid : std::as_const(servers))
        ::kill(pid_t(pid), signal);
    return int(servers.size());
}

} // namespace

class TestSftpJobs : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_local;
    QString m_files;
    QString m_remoteDir;

    static SftpSession::Settings keySettings() { return LabEnvironment::sftpKeySettings(); }

    static SftpSession::Settings passwordSettings(const QString &password)
    {
        SftpSession::Settings settings = keySettings();
        settings.identityFile = QStringLiteral("/nonexistent/id_ed25519");
        settings.password = password;
        return settings;
    }

    QString local(const QString &name) const { return m_local.filePath(name); }

private slots:
    void cleanupTestCase() { QDir(m_remoteDir).removeRecursively(); }

    void initTestCase()
    {
        QVERIFY(m_local.isValid());
        qunsetenv("SSH_AUTH_SOCK"); // only the keys each test names
        m_files = LabEnvironment::value("WHARF_LAB_FILES");
        m_remoteDir = QStringLiteral("%1/tst_sftpjobs-%2")
                          .arg(m_files)
                          .arg(QCoreApplication::applicationPid());
    }

    void keyLoginListsTheHomeFolder()
    {
        ScriptedPrompter prompter;
        ProtocolLog log;
        QStringList lines;
        connect(&log, &ProtocolLog::entryAdded,
            [&lines](const ProtocolLog::Entry &entry) { lines << entry.text; });
        SftpFs fs(keySettings(), &prompter, &log);
        std::unique_ptr<RemoteListJob> job(fs.list(QStringLiteral("~")));
        const Error error = JobWaiter::run(job.get());
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QCOMPARE(job->path(), m_files);
        QCOMPARE(fs.homeDirectory(), m_files);
        QVERIFY(prompter.hostKeyQuestions.isEmpty());
        QVERIFY(prompter.passwordQuestions.isEmpty());
        const auto readme = std::find_if(job->entries().cbegin(), job->entries().cend(),
            [](const RemoteEntry &entry) { return entry.name == u"README.txt"; });
        QVERIFY(readme != job->entries().cend());
        QCOMPARE(readme->type, RemoteEntry::Type::File);
        QCOMPARE(readme->size, QFileInfo(m_files + QStringLiteral("/README.txt")).size());
        QCOMPARE(readme->mtimePrecision, RemoteEntry::TimePrecision::Second);
        QCOMPARE(readme->mtime.toSecsSinceEpoch(),
            QFileInfo(m_files + QStringLiteral("/README.txt")).lastModified().toSecsSinceEpoch());
        QVERIFY(readme->unixMode > 0);
        QCOMPARE(readme->owner, LabEnvironment::value("WHARF_LAB_USER"));
        for (const RemoteEntry &entry : job->entries())
            QVERIFY(entry.name != u"." && entry.name != u"..");
        const auto link = std::find_if(job->entries().cbegin(), job->entries().cend(),
            [](const RemoteEntry &entry) { return entry.type == RemoteEntry::Type::Symlink; });
        if (link != job->entries().cend())
            QVERIFY(!link->linkTarget.isEmpty());
        QVERIFY(lines.join(u'\n').contains(QStringLiteral("is known")));
    }

    void agentLogin()
    {
        // A private agent, bounded by timeout(1) and stopped at the end.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString socket = dir.filePath(QStringLiteral("agent.sock"));
        QProcess agent;
        agent.start(QStringLiteral("timeout"),
            {QStringLiteral("120"), QStringLiteral("ssh-agent"), QStringLiteral("-D"),
                QStringLiteral("-a"), socket});
        QVERIFY(agent.waitForStarted());
        // It prints SSH_AUTH_SOCK=... once the socket listens.
        QVERIFY(agent.waitForReadyRead(10000));
        QVERIFY(agent.readAllStandardOutput().contains("SSH_AUTH_SOCK"));

        QProcess add;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SSH_AUTH_SOCK"), socket);
        add.setProcessEnvironment(environment);
        add.start(QStringLiteral("ssh-add"), {LabEnvironment::value("WHARF_LAB_SSH_KEY")});
        QVERIFY(add.waitForFinished(10000));
        QCOMPARE(add.exitCode(), 0);

        qputenv("SSH_AUTH_SOCK", socket.toLocal8Bit());
        ScriptedPrompter prompter;
        ProtocolLog log;
        QStringList lines;
        connect(&log, &ProtocolLog::entryAdded,
            [&lines](const ProtocolLog::Entry &entry) { lines << entry.text; });
        SftpSession::Settings settings = keySettings();
        settings.identityFile = dir.filePath(QStringLiteral("no-such-key")); // the agent's only
        Error error;
        {
            SftpFs fs(settings, &prompter, &log);
            std::unique_ptr<RemoteStatJob> job(fs.stat(QStringLiteral("~/README.txt")));
            error = JobWaiter::run(job.get());
        }
        qunsetenv("SSH_AUTH_SOCK");
        // SIGTERM, which timeout(1) passes on to the agent (a SIGKILL would orphan it).
        agent.terminate();
        QVERIFY(agent.waitForFinished(10000));
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QVERIFY(prompter.passwordQuestions.isEmpty());
        QVERIFY2(lines.contains(QStringLiteral("Logged in with a key from ssh-agent")),
            qPrintable(lines.join(u'\n')));
    }

    // ~/.ssh/config (here a file of the test's own): an alias with HostName, Port, User and
    // IdentityFile logs in; what Wharf does not support is named, and a proxy is refused.
    void sshConfigIsHonoured()
    {
        QTemporaryDir dir;
        const QString configPath = dir.filePath(QStringLiteral("config"));
        QFile config(configPath);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("# written by tst_sftpjobs\n"
                                    "Host wharf-lab-alias other-alias\n"
                                    "    HostName %1\n"
                                    "    Port %2\n"
                                    "    User %3\n"
                                    "    IdentityFile %4\n"
                                    "    ForwardAgent yes\n"
                                    "Host wharf-lab-jump\n"
                                    "    HostName %1\n"
                                    "    ProxyJump nobody@192.0.2.1\n"
                                    "Host wharf-lab-command\n"
                                    "    ProxyCommand nc %h %p\n")
                         .arg(LabEnvironment::value("WHARF_LAB_HOST"),
                             LabEnvironment::value("WHARF_LAB_SSH_PORT"),
                             LabEnvironment::value("WHARF_LAB_USER"),
                             LabEnvironment::value("WHARF_LAB_SSH_KEY"))
                         .toUtf8());
        config.close();

        SftpSession::Settings settings;
        settings.host = QStringLiteral("wharf-lab-alias");
        settings.knownHostsFile = LabEnvironment::value("WHARF_LAB_SSH_KNOWN_HOSTS");
        settings.sshConfigFile = configPath;
        settings.connectTimeoutSeconds = 10;
        ScriptedPrompter prompter;
        ProtocolLog log;
        QStringList lines;
        connect(&log, &ProtocolLog::entryAdded,
            [&lines](const ProtocolLog::Entry &entry) { lines << entry.text; });
        {
            SftpFs fs(settings, &prompter, &log);
            std::unique_ptr<RemoteListJob> job(fs.list(QStringLiteral("~")));
            const Error error = JobWaiter::run(job.get());
            QVERIFY2(!error.isError(), qPrintable(error.message() + lines.join(u'\n')));
            QCOMPARE(job->path(), m_files);
        }
        const QString all = lines.join(u'\n');
        QVERIFY(prompter.hostKeyQuestions.isEmpty());
        QVERIFY(prompter.passwordQuestions.isEmpty());
        QVERIFY2(all.contains(QStringLiteral("Logged in with the key %1")
                                  .arg(LabEnvironment::value("WHARF_LAB_SSH_KEY"))),
            qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral(
                     "line 7: ForwardAgent is not supported by Wharf and is ignored")),
            qPrintable(all));

        for (const QString &host :
            {QStringLiteral("wharf-lab-jump"), QStringLiteral("wharf-lab-command")}) {
            settings.host = host;
            SftpFs fs(settings, &prompter, nullptr);
            std::unique_ptr<Job> job(fs.stat(QStringLiteral("~")));
            QElapsedTimer clock;
            clock.start();
            const Error error = JobWaiter::run(job.get());
            QCOMPARE(error.kind(), Error::Kind::Unsupported);
            QVERIFY2(
                error.message().contains(host.endsWith(u"jump") ? u"ProxyJump" : u"ProxyCommand"),
                qPrintable(error.message()));
            QVERIFY2(error.message().contains(configPath), qPrintable(error.message()));
            QVERIFY(clock.elapsed() < 5000); // refused before connecting anywhere
        }
    }

    void encryptedKeyAsksForThePassphrase()
    {
        ScriptedPrompter prompter;
        prompter.passwordAnswer = LabEnvironment::value("WHARF_LAB_SSH_KEY_PASSPHRASE");
        SftpSession::Settings settings = keySettings();
        settings.identityFile = LabEnvironment::value("WHARF_LAB_SSH_KEY_ENCRYPTED");
        SftpFs fs(settings, &prompter, nullptr);
        std::unique_ptr<RemoteStatJob> job(fs.stat(QStringLiteral("~/README.txt")));
        const Error error = JobWaiter::run(job.get());
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QCOMPARE(prompter.passwordQuestions.size(), 1);
        QVERIFY(prompter.passwordQuestions.constFirst().what.contains(u"assphrase"));
        QCOMPARE(job->entry().name, QStringLiteral("README.txt"));
    }

    void wrongPassphraseFailsClearly()
    {
        ScriptedPrompter prompter;
        prompter.passwordAnswer = QStringLiteral("not the passphrase");
        SftpSession::Settings settings = keySettings();
        settings.identityFile = LabEnvironment::value("WHARF_LAB_SSH_KEY_ENCRYPTED");
        SftpFs fs(settings, &prompter, nullptr);
        std::unique_ptr<Job> job(fs.stat(QStringLiteral("~")));
        const Error error = JobWaiter::run(job.get());
        QCOMPARE(error.kind(), Error::Kind::Authentication);
    }

    void passwordLogin()
    {
        ScriptedPrompter prompter;
        SftpFs fs(
            passwordSettings(LabEnvironment::value("WHARF_LAB_PASSWORD")), &prompter, nullptr);
        std::unique_ptr<RemoteListJob> job(fs.list(QString()));
        const Error error = JobWaiter::run(job.get());
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QVERIFY(!job->entries().isEmpty());
    }

    void passwordAskedWhenNotGiven()
    {
        ScriptedPrompter prompter;
        prompter.passwordAnswer = LabEnvironment::value("WHARF_LAB_PASSWORD");
        SftpFs fs(passwordSettings(QString()), &prompter, nullptr);
        std::unique_ptr<Job> job(fs.stat(QStringLiteral("~")));
        const Error error = JobWaiter::run(job.get());
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QCOMPARE(prompter.passwordQuestions.size(), 1);
    }

    void wrongPasswordFailsClearly()
    {
        ScriptedPrompter prompter;
        SftpFs fs(passwordSettings(QStringLiteral("wrong-password")), &prompter, nullptr);
        std::unique_ptr<Job> job(fs.list(QString()));
        QElapsedTimer clock;
        clock.start();
        const Error error = JobWaiter::run(job.get(), 30000);
        QCOMPARE(error.kind(), Error::Kind::Authentication);
        QVERIFY2(error.message().contains(u"password"), qPrintable(error.message()));
        QVERIFY2(error.message().contains(u"publickey"), qPrintable(error.message()));
        QVERIFY(clock.elapsed() < 20000);
    }

    void unknownHostKey_data()
    {
        QTest::addColumn<int>("answer");
        QTest::newRow("reject") << int(Prompter::TrustDecision::Reject);
        QTest::newRow("once") << int(Prompter::TrustDecision::AcceptOnce);
        QTest::newRow("remember") << int(Prompter::TrustDecision::AcceptAndRemember);
    }

    void unknownHostKey()
    {
        QFETCH(int, answer);
        QTemporaryDir dir;
        const QString knownHosts = dir.filePath(QStringLiteral("known_hosts"));
        ScriptedPrompter prompter;
        prompter.hostKeyAnswer = Prompter::TrustDecision(answer);
        SftpSession::Settings settings = keySettings();
        settings.knownHostsFile = knownHosts;
        {
            SftpFs fs(settings, &prompter, nullptr);
            std::unique_ptr<Job> job(fs.stat(QStringLiteral("~")));
            const Error error = JobWaiter::run(job.get());
            QCOMPARE(prompter.hostKeyQuestions.size(), 1);
            const HostKeyPrompt &question = prompter.hostKeyQuestions.constFirst();
            QCOMPARE(question.sha256, LabEnvironment::value("WHARF_LAB_SSH_HOSTKEY_FP"));
            QCOMPARE(question.knownHostsFile, knownHosts);
            QVERIFY(!question.keyType.isEmpty());
            if (prompter.hostKeyAnswer == Prompter::TrustDecision::Reject) {
                QCOMPARE(error.kind(), Error::Kind::HostKey);
            } else {
                QVERIFY2(!error.isError(), qPrintable(error.message()));
            }
        }
        const bool remembered
            = prompter.hostKeyAnswer == Prompter::TrustDecision::AcceptAndRemember;
        QFile file(knownHosts);
        const QByteArray written = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        QCOMPARE(written.contains(QByteArray(
                     "[" + settings.host.toUtf8() + "]:" + QByteArray::number(settings.port))),
            remembered);
        if (remembered) {
            // A second connection knows the key and asks nothing.
            ScriptedPrompter quiet;
            SftpFs fs(settings, &quiet, nullptr);
            std::unique_ptr<Job> job(fs.stat(QStringLiteral("~")));
            QVERIFY(!JobWaiter::run(job.get()).isError());
            QVERIFY(quiet.hostKeyQuestions.isEmpty());
        }
    }

    void silentServerTimesOutInsteadOfHanging()
    {
        SftpSession::Settings settings = keySettings();
        settings.requestTimeoutSeconds = 2;
        ScriptedPrompter prompter;
        SftpFs fs(settings, &prompter, nullptr);
        std::unique_ptr<Job> first(fs.stat(QStringLiteral("~")));
        QCOMPARE(JobWaiter::run(first.get()).message(), QString());
        QVERIFY(killOwnSshSessions(SIGSTOP) > 0); // alive, connected, and silent
        QElapsedTimer clock;
        clock.start();
        std::unique_ptr<Job> second(fs.stat(QStringLiteral("~/docs")));
        const Error error = JobWaiter::run(second.get(), 20000);
        killOwnSshSessions(SIGKILL); // a stopped process still takes SIGKILL
        QCOMPARE(error.kind(), Error::Kind::Timeout);
        QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
        // The next job reconnects on a fresh session.
        std::unique_ptr<Job> third(fs.stat(QStringLiteral("~")));
        QCOMPARE(JobWaiter::run(third.get()).message(), QString());
    }

    void changedHostKeyIsRefused()
    {
        QTemporaryDir dir;
        const QString keyPath = dir.filePath(QStringLiteral("other"));
        QCOMPARE(QProcess::execute(QStringLiteral("ssh-keygen"),
                     {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                         QStringLiteral("-N"), QString(), QStringLiteral("-f"), keyPath}),
            0);
        QFile publicKey(keyPath + QStringLiteral(".pub"));
        QVERIFY(publicKey.open(QIODevice::ReadOnly));
        const QList<QByteArray> parts = publicKey.readAll().split(' ');
        SftpSession::Settings settings = keySettings();
        settings.knownHostsFile = dir.filePath(QStringLiteral("known_hosts"));
        settings.acceptNewHostKey = true; // must not matter for a changed key
        QFile knownHosts(settings.knownHostsFile);
        QVERIFY(knownHosts.open(QIODevice::WriteOnly));
        knownHosts.write("# a comment, then an unrelated host\nother.example ssh-ed25519 AAAA\n");
        knownHosts.write("[" + settings.host.toUtf8() + "]:" + QByteArray::number(settings.port)
            + ' ' + parts.value(0) + ' ' + parts.value(1) + '\n');
        knownHosts.close();

        ScriptedPrompter prompter;
        prompter.hostKeyAnswer = Prompter::TrustDecision::AcceptAndRemember;
        SftpFs fs(settings, &prompter, nullptr);
        std::unique_ptr<Job> job(fs.stat(QStringLiteral("~")));
        const Error error = JobWaiter::run(job.get());
        QCOMPARE(error.kind(), Error::Kind::HostKey);
        QVERIFY2(error.message().contains(settings.knownHostsFile + QStringLiteral(", line 3")),
            qPrintable(error.message())); // the person is told exactly what to check
        QVERIFY(prompter.hostKeyQuestions.isEmpty());
    }

    void fileOperations()
    {
        ScriptedPrompter prompter;
        SftpFs fs(keySettings(), &prompter, nullptr);
        const auto run = [](Job *job) {
            std::unique_ptr<Job> owned(job);
            return JobWaiter::run(owned.get());
        };
        QVERIFY(!run(fs.makeDirectory(m_remoteDir)).isError());
        QCOMPARE(run(fs.makeDirectory(m_remoteDir)).isError(), true);

        writeRandomFile(local(QStringLiteral("small.bin")), 100000);
        QFile empty(local(QStringLiteral("empty.bin")));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        const QString accented = QStringLiteral("Grüße – ファイル.txt");
        QFile(local(QStringLiteral("small.bin"))).copy(local(accented));

        TransferOptions options;
        const QString remoteSmall = m_remoteDir + QStringLiteral("/small.bin");
        QVERIFY(
            !run(fs.upload(local(QStringLiteral("small.bin")), remoteSmall, options)).isError());
        QVERIFY(!run(fs.upload(local(QStringLiteral("empty.bin")),
                         m_remoteDir + QStringLiteral("/empty.bin"), options))
                     .isError());
        QVERIFY(!run(fs.upload(local(accented), m_remoteDir + u'/' + accented, options)).isError());
        // The local mtime travelled with the upload.
        QCOMPARE(QFileInfo(remoteSmall).lastModified().toSecsSinceEpoch(),
            QFileInfo(local(QStringLiteral("small.bin"))).lastModified().toSecsSinceEpoch());

        std::unique_ptr<RemoteListJob> list(fs.list(m_remoteDir));
        QVERIFY(!JobWaiter::run(list.get()).isError());
        QStringList names;
        for (const RemoteEntry &entry : list->entries())
            names << entry.name;
        names.sort();
        QStringList expected {QStringLiteral("empty.bin"), accented, QStringLiteral("small.bin")};
        expected.sort();
        QCOMPARE(names, expected);

        QVERIFY(!run(fs.download(m_remoteDir + QStringLiteral("/empty.bin"),
                         local(QStringLiteral("empty-back.bin")), options))
                     .isError());
        QCOMPARE(QFileInfo(local(QStringLiteral("empty-back.bin"))).size(), 0);
        QVERIFY(!run(fs.download(m_remoteDir + u'/' + accented,
                         local(QStringLiteral("accented-back")), options))
                     .isError());
        QCOMPARE(sha256Of(local(QStringLiteral("accented-back"))), sha256Of(local(accented)));
        QVERIFY(!QFileInfo::exists(local(QStringLiteral("accented-back.part"))));

        const QString renamed = m_remoteDir + QStringLiteral("/renamed.bin");
        QVERIFY(!run(fs.rename(remoteSmall, renamed)).isError());
        QCOMPARE(run(fs.download(remoteSmall, local(QStringLiteral("gone")), options)).kind(),
            Error::Kind::NotFound);
        QVERIFY(!run(fs.setPermissions(renamed, 0600)).isError());
        const QDateTime when = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
        QVERIFY(!run(fs.setModificationTime(renamed, when)).isError());
        std::unique_ptr<RemoteStatJob> stat(fs.stat(renamed));
        QVERIFY(!JobWaiter::run(stat.get()).isError());
        QCOMPARE(stat->entry().unixMode, 0600);
        QCOMPARE(stat->entry().mtime, when);
        QCOMPARE(stat->entry().size, 100000);
        QCOMPARE(stat->entry().type, RemoteEntry::Type::File);

        QVERIFY(
            !run(fs.download(renamed, local(QStringLiteral("renamed.bin")), options)).isError());
        QCOMPARE(QFileInfo(local(QStringLiteral("renamed.bin"))).lastModified().toUTC(), when);

        QCOMPARE(run(fs.removeDirectory(m_remoteDir)).isError(), true); // not empty
        for (const QString &name :
            {QStringLiteral("renamed.bin"), QStringLiteral("empty.bin"), accented})
            QVERIFY(!run(fs.removeFile(m_remoteDir + u'/' + name)).isError());
        QCOMPARE(run(fs.removeFile(renamed)).kind(), Error::Kind::NotFound);
        QVERIFY(!run(fs.removeDirectory(m_remoteDir)).isError());
        QCOMPARE(run(fs.list(m_remoteDir)).kind(), Error::Kind::NotFound);
    }

    // Small files go in one flight of requests, trusting the folder listing's size and time;
    // a file that changed since it was listed still arrives as it is now, and a refused
    // request leaves the connection usable.
    void smallFilesTrustTheListingButNotBlindly()
    {
        ScriptedPrompter prompter;
        SftpFs fs(keySettings(), &prompter, nullptr);
        const auto run = [](Job *job) {
            std::unique_ptr<Job> owned(job);
            return JobWaiter::run(owned.get());
        };
        const QString remote = m_files
            + QStringLiteral("/tst_sftpjobs-small-%1.bin").arg(QCoreApplication::applicationPid());
        writeRandomFile(remote, 5000);
        const QByteArray sum = sha256Of(remote);
        const qint64 actual = QFileInfo(remote).lastModified().toSecsSinceEpoch();
        const QDateTime listed = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
        TransferOptions options;
        options.knownRemoteModified = listed;
        for (const qint64 listedSize : {qint64(3000), qint64(9000), qint64(5000)}) {
            options.knownRemoteSize = listedSize;
            const QString target = local(QStringLiteral("listed-%1.bin").arg(listedSize));
            const Error error = run(fs.download(remote, target, options));
            QVERIFY2(!error.isError(), qPrintable(error.message()));
            QCOMPARE(sha256Of(target), sum);
            // As listed when the listing was right; else what the server says now.
            QCOMPARE(QFileInfo(target).lastModified().toSecsSinceEpoch(),
                listedSize == 5000 ? listed.toSecsSinceEpoch() : actual);
        }
        QFile::remove(remote);

        options.knownRemoteSize = 5000;
        QCOMPARE(run(fs.download(remote, local(QStringLiteral("gone.bin")), options)).kind(),
            Error::Kind::NotFound);
        QVERIFY(!QFileInfo::exists(local(QStringLiteral("gone.bin.part"))));

        const QString readOnly = m_files
            + QStringLiteral("/tst_sftpjobs-readonly-%1").arg(QCoreApplication::applicationPid());
        QVERIFY(QDir().mkpath(readOnly)); // root's, and the lab user may not write there
        QVERIFY(QFile::setPermissions(
            readOnly, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
        writeRandomFile(local(QStringLiteral("up.bin")), 70000);
        const Error refused = run(
            fs.upload(local(QStringLiteral("up.bin")), readOnly + QStringLiteral("/up.bin"), {}));
        QDir(readOnly).removeRecursively();
        QCOMPARE(refused.kind(), Error::Kind::PermissionDenied);
        // The same connection goes on in step: a refusal left no reply unread.
        const Error listed2 = run(fs.list(m_files));
        QVERIFY2(!listed2.isError(), qPrintable(listed2.message()));
        QVERIFY(!run(fs.upload(local(QStringLiteral("up.bin")), remote, {})).isError());
        QCOMPARE(sha256Of(remote), sha256Of(local(QStringLiteral("up.bin"))));
        QFile::remove(remote);
    }

    // A connection logging in ahead of need asks nothing; the first job asks, once.
    void connectingAheadAsksNothing()
    {
        QTemporaryDir home;
        ScriptedPrompter prompter;
        prompter.hostKeyAnswer = Prompter::TrustDecision::AcceptOnce;
        SftpSession::Settings settings = keySettings();
        settings.knownHostsFile = home.filePath(QStringLiteral("known_hosts"));
        SftpFs fs(settings, &prompter, nullptr);
        fs.connectAhead();
        std::unique_ptr<RemoteListJob> list(fs.list(QStringLiteral("~")));
        const Error error = JobWaiter::run(list.get());
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QCOMPARE(prompter.hostKeyQuestions.size(), 1);
        QVERIFY(!QFileInfo::exists(settings.knownHostsFile));
    }

    void bigRoundTripAndResume()
    {
        const qint64 size = qint64(200) * 1024 * 1024 + 12345; // the 200 MiB
        const QString source = local(QStringLiteral("big.bin"));
        writeRandomFile(source, size);
        const QByteArray sum = sha256Of(source);
        ScriptedPrompter prompter;
        SftpFs fs(keySettings(), &prompter, nullptr);
        const QString remote = m_files
            + QStringLiteral("/tst_sftpjobs-big-%1.bin").arg(QCoreApplication::applicationPid());
        TransferOptions options;

        QElapsedTimer clock;
        clock.start();
        std::unique_ptr<Job> upload(fs.upload(source, remote, options));
        QSignalSpy uploadProgress(upload.get(), &Job::progress);
        Error error = JobWaiter::run(upload.get(), 120000);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        qInfo("upload: %.1f MB/s", double(size) / 1e3 / double(qMax<qint64>(clock.elapsed(), 1)));
        QVERIFY(uploadProgress.size() >= 2);
        QCOMPARE(upload->processedAmount(), size);

        clock.restart();
        const QString target = local(QStringLiteral("big-back.bin"));
        std::unique_ptr<Job> download(fs.download(remote, target, options));
        error = JobWaiter::run(download.get(), 120000);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        qInfo("download: %.1f MB/s", double(size) / 1e3 / double(qMax<qint64>(clock.elapsed(), 1)));
        QCOMPARE(sha256Of(target), sum);

        // Allowed a second connection, the download reads over both, side by side.
        {
            ProtocolLog log;
            QStringList lines;
            connect(&log, &ProtocolLog::entryAdded,
                [&lines](const ProtocolLog::Entry &entry) { lines << entry.text; });
            SftpFs splitting(keySettings(), &prompter, &log);
            TransferOptions two = options;
            two.extraConnections = 1;
            clock.restart();
            const QString split = local(QStringLiteral("big-split.bin"));
            std::unique_ptr<Job> job(splitting.download(remote, split, two));
            error = JobWaiter::run(job.get(), 120000);
            QVERIFY2(!error.isError(), qPrintable(error.message()));
            qInfo("download over two connections: %.1f MB/s",
                double(size) / 1e3 / double(qMax<qint64>(clock.elapsed(), 1)));
            QCOMPARE(job->processedAmount(), size);
            QCOMPARE(sha256Of(split), sum);
            const QString all = lines.join(u'\n');
            QVERIFY2(all.contains(QStringLiteral("[2] Reads ")), qPrintable(all));
            QFile::remove(split);
        }

        // A .part left by a crash of a download over two connections may have a gap in its last
        // few MiB (zeros here, where the first connection had not written yet): a resume steps
        // back over them.
        {
            const qint64 gapEnd = qint64(100) * 1024 * 1024;
            const qint64 gapStart = gapEnd - qint64(3) * 1024 * 1024;
            const QString crashed = local(QStringLiteral("crashed.bin"));
            QFile original(source);
            QFile part(crashed + QStringLiteral(".part"));
            QVERIFY(original.open(QIODevice::ReadOnly) && part.open(QIODevice::WriteOnly));
            while (original.pos() < gapEnd) {
                QByteArray block = original.read(qMin<qint64>(1 << 20, gapEnd - original.pos()));
                if (original.pos() > gapStart)
                    block.fill('\0'); // whole MiB blocks: the gap is [97 MiB, 100 MiB)
                QCOMPARE(part.write(block), block.size());
            }
            part.close();
            TransferOptions resuming = options;
            resuming.resume = true;
            std::unique_ptr<Job> job(fs.download(remote, crashed, resuming));
            error = JobWaiter::run(job.get(), 120000);
            QVERIFY2(!error.isError(), qPrintable(error.message()));
            QCOMPARE(sha256Of(crashed), sum);
            QFile::remove(crashed);
        }

        // Resume: a .part holding the first bytes (zeros here, so the test sees they were kept).
        const qint64 partSize = 5 * 1024 * 1024 + 7;
        const QString resumed = local(QStringLiteral("resumed.bin"));
        QFile part(resumed + QStringLiteral(".part"));
        QVERIFY(part.open(QIODevice::WriteOnly));
        QVERIFY(part.resize(partSize));
        part.close();
        options.resume = true;
        std::unique_ptr<Job> resume(fs.download(remote, resumed, options));
        QSignalSpy resumeProgress(resume.get(), &Job::progress);
        error = JobWaiter::run(resume.get(), 120000);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QVERIFY(!resumeProgress.isEmpty());
        QCOMPARE(resumeProgress.constFirst().at(0).toLongLong(), partSize);
        QFile original(source);
        QFile result(resumed);
        QVERIFY(original.open(QIODevice::ReadOnly) && result.open(QIODevice::ReadOnly));
        QCOMPARE(result.size(), size);
        QCOMPARE(result.read(partSize), QByteArray(partSize, '\0'));
        original.seek(partSize);
        QCOMPARE(QCryptographicHash::hash(result.readAll(), QCryptographicHash::Sha256),
            QCryptographicHash::hash(original.readAll(), QCryptographicHash::Sha256));

        // Cancel: the job ends Cancelled, the .part stays, the connection still works. On a
        // loaded machine the download may finish before the cancel reaches the worker: then it
        // reports success and the file is whole (a late cancel loses nothing, claims nothing).
        options.resume = false;
        const QString cancelled = local(QStringLiteral("cancelled.bin"));
        std::unique_ptr<Job> cancel(fs.download(remote, cancelled, options));
        connect(cancel.get(), &Job::progress, cancel.get(), [&cancel](qint64 done, qint64) {
            if (done > 0)
                cancel->cancel();
        });
        const Error cancelError = JobWaiter::run(cancel.get());
        if (cancelError.kind() == Error::Kind::Cancelled) {
            QVERIFY(QFileInfo::exists(cancelled + QStringLiteral(".part")));
            QVERIFY(!QFileInfo::exists(cancelled));
        } else {
            QVERIFY2(!cancelError.isError(), qPrintable(cancelError.message()));
            QCOMPARE(sha256Of(cancelled), sum);
            QVERIFY(!QFileInfo::exists(cancelled + QStringLiteral(".part")));
        }

        // Through the queue, one file with two connections allowed: it is read over both, the
        // server's sessions are killed mid-way, and the retry resumes to a whole file.
        {
            ProtocolLog log;
            QStringList lines;
            connect(&log, &ProtocolLog::entryAdded,
                [&lines](const ProtocolLog::Entry &entry) { lines << entry.text; });
            TransferQueue queue([&prompter, &log] {
                return std::make_unique<SftpFs>(keySettings(), &prompter, &log);
            });
            queue.setMaxConnections(2);
            bool killed = false;
            connect(&queue, &TransferQueue::itemChanged, this, [&](int index) {
                const TransferItem &item = queue.items().at(index);
                if (!killed && item.transferred > qint64(90) * 1024 * 1024
                    && item.transferred < size) {
                    killed = true;
                    killOwnSshSessions();
                }
            });
            QSignalSpy idle(&queue, &TransferQueue::idle);
            const QString queued = local(QStringLiteral("queued.bin"));
            queue.addDownload(remote, queued, size);
            QVERIFY(idle.wait(120000));
            const TransferItem &item = queue.items().at(0);
            QCOMPARE(item.error.message(), QString());
            QCOMPARE(item.state, TransferItem::State::Done);
            QCOMPARE(sha256Of(queued), sum);
            const QString all = lines.join(u'\n');
            QVERIFY2(all.contains(QStringLiteral("[2] Reads ")), qPrintable(all));
            qInfo("sessions killed mid-download: %s", killed ? "yes" : "no");
            if (killed) { // else the machine was too quick for the kill: nothing to resume
                QCOMPARE(item.attempts, 2);
                QVERIFY2(all.contains(QStringLiteral("Resuming at byte")), qPrintable(all));
            }
            QFile::remove(queued);
        }

        // A fresh connection: the one above may have lost its session to the kill.
        SftpFs cleaner(keySettings(), &prompter, nullptr);
        std::unique_ptr<Job> remove(cleaner.removeFile(remote));
        QVERIFY(!JobWaiter::run(remove.get()).isError());
    }

    // The server's session process dies mid-download (killed, as a crash would): the queue
    // retries on a fresh login, resumes from the .part, and the connection falls back to
    // 32 KiB requests after a session dropped with larger ones.
    void serverDeathMidDownloadIsRetriedAndResumed()
    {
        // Sparse: costs no disk, and 512 MiB takes over a second even at loopback speed.
        const qint64 size = qint64(512) * 1024 * 1024;
        const QString remote = m_files
            + QStringLiteral("/tst_sftpjobs-sparse-%1.bin").arg(QCoreApplication::applicationPid());
        QFile big(remote);
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(size));
        big.close();
        const QString target = local(QStringLiteral("sparse.bin"));

        ScriptedPrompter prompter;
        ProtocolLog log;
        QStringList lines;
        connect(&log, &ProtocolLog::entryAdded,
            [&lines](const ProtocolLog::Entry &entry) { lines << entry.text; });
        TransferQueue queue(
            [&prompter, &log] { return std::make_unique<SftpFs>(keySettings(), &prompter, &log); });
        queue.setMaxConnections(1);
        bool killed = false;
        int killedProcesses = 0;
        connect(&queue, &TransferQueue::itemChanged, this, [&](int index) {
            const TransferItem &item = queue.items().at(index);
            if (!killed && item.transferred > 0 && item.transferred < size) {
                killed = true;
                killedProcesses = killOwnSshSessions();
            }
        });
        QSignalSpy idle(&queue, &TransferQueue::idle);
        queue.addDownload(remote, target);
        const bool finished = idle.wait(120000);
        QFile::remove(remote);
        QVERIFY(finished);
        QVERIFY(killed);
        QVERIFY(killedProcesses > 0);

        const TransferItem &item = queue.items().at(0);
        QCOMPARE(item.error.message(), QString());
        QCOMPARE(item.state, TransferItem::State::Done);
        QCOMPARE(item.attempts, 2);
        QCOMPARE(QFileInfo(target).size(), size);
        QVERIFY(!QFile::exists(target + QStringLiteral(".part")));
        const QString all = lines.join(u'\n');
        QVERIFY2(all.contains(QStringLiteral("Resuming at byte")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("using 32 KiB requests on this connection")),
            qPrintable(all));
        // The first login used large requests; the one after the drop, 32 KiB ones.
        const auto ready = [&lines](const QString &kind) {
            return std::find_if(lines.cbegin(), lines.cend(), [&kind](const QString &line) {
                return line.startsWith(u"SFTP version") && line.endsWith(kind);
            });
        };
        QVERIFY2(
            ready(QStringLiteral("; large requests")) < ready(QStringLiteral("; 32 KiB requests")),
            qPrintable(all));
        QVERIFY(ready(QStringLiteral("; 32 KiB requests")) != lines.cend());
        QFile::remove(target);
    }
};

QTEST_GUILESS_MAIN(TestSftpJobs)
#include "tst_sftpjobs.moc"
