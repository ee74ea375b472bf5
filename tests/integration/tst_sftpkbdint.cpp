// SFTP logins by keyboard-interactive, against the lab's second sshd (PAM, no "password"
// method): the known password answers PAM's "Password:" by itself, a question it can't answer
// goes to the Prompter (shown as the server asked it, without echo), a wrong answer or a
// declined question ends in an authentication error naming the methods, never a hang.
#include "files/remotelistjob.h"
#include "files/sftp/sftpfs.h"
#include "jobwaiter.h"
#include "labenvironment.h"
#include "net/protocollog.h"
#include "scriptedprompter.h"

#include <QTest>

#include <memory>

namespace {

SftpSession::Settings kbdintSettings(const QString &password)
{
    SftpSession::Settings settings;
    settings.host = LabEnvironment::value("WHARF_LAB_HOST");
    settings.port = quint16(LabEnvironment::value("WHARF_LAB_SSH_KBDINT_PORT").toUInt());
    settings.user = LabEnvironment::value("WHARF_LAB_USER");
    settings.identityFile = QStringLiteral("/nonexistent/id_ed25519"); // no key to fall back on
    settings.knownHostsFile = LabEnvironment::value("WHARF_LAB_SSH_KNOWN_HOSTS");
    settings.password = password;
    settings.connectTimeoutSeconds = 10;
    return settings;
}

Error listHome(const SftpSession::Settings &settings, ScriptedPrompter *prompter,
    QStringList *logged = nullptr)
{
    ProtocolLog log;
    if (logged) {
        QObject::connect(&log, &ProtocolLog::entryAdded,
            [logged](const ProtocolLog::Entry &entry) { logged->append(entry.text); });
    }
    SftpFs fs(settings, prompter, &log);
    std::unique_ptr<RemoteListJob> job(fs.list(QStringLiteral("~")));
    return JobWaiter::run(job.get(), 30000);
}

} // namespace

class TestSftpKbdint : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qunsetenv("SSH_AUTH_SOCK"); }

    void knownPasswordAnswersPam()
    {
        ScriptedPrompter prompter;
        QStringList logged;
        const QString password = LabEnvironment::value("WHARF_LAB_PASSWORD");
        const Error error = listHome(kbdintSettings(password), &prompter, &logged);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QVERIFY(prompter.passwordQuestions.isEmpty());
        const QString all = logged.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QLatin1StringView("keyboard-interactive")), qPrintable(all));
        QVERIFY(!all.contains(password));
    }

    void questionGoesToThePrompter()
    {
        ScriptedPrompter prompter;
        prompter.passwordAnswer = LabEnvironment::value("WHARF_LAB_PASSWORD");
        const Error error = listHome(kbdintSettings(QString()), &prompter);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QCOMPARE(prompter.passwordQuestions.size(), 1);
        const PasswordPrompt &question = prompter.passwordQuestions.constFirst();
        QVERIFY2(question.what.contains(QLatin1StringView("assword")), qPrintable(question.what));
        QVERIFY(!question.echo);
        QCOMPARE(question.user, LabEnvironment::value("WHARF_LAB_USER"));
    }

    void wrongOrDeclinedAnswerIsAnAuthenticationError()
    {
        ScriptedPrompter wrong;
        const Error refused = listHome(kbdintSettings(QStringLiteral("not the password")), &wrong);
        QCOMPARE(refused.kind(), Error::Kind::Authentication);
        QVERIFY2(refused.message().contains(QLatin1StringView("keyboard-interactive")),
            qPrintable(refused.message()));

        ScriptedPrompter declining; // passwordAnswer: nullopt
        const Error declined = listHome(kbdintSettings(QString()), &declining);
        QCOMPARE(declined.kind(), Error::Kind::Authentication);
        QCOMPARE(declining.passwordQuestions.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSftpKbdint)
#include "tst_sftpkbdint.moc"
