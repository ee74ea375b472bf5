// The login decisions without a socket: which command each set of capabilities gets (the
// password never in a loggable argument), and which greetings end the connection under
// which TLS policy.
#include "mail/imap/imaploginsteps.h"

#include <QTest>

namespace {

ImapResponse greeting(ImapResponse::Status status)
{
    ImapResponse response;
    response.status = status;
    response.text = "hello";
    return response;
}

QByteArray wire(const ImapCommand &command)
{
    QByteArray text;
    for (const ImapCommand::Piece &piece : command.pieces())
        text += piece.text + (piece.hasLiteral ? "{" + piece.literal + "}" : QByteArray());
    return text;
}

} // namespace

class TestImapLoginSteps : public QObject
{
    Q_OBJECT

private slots:
    void commandFollowsTheCapabilities()
    {
        Error error;
        const QString user = QStringLiteral("alice");
        const QString password = QStringLiteral("p\"ss wörd");
        const QByteArray plain = QByteArray("\0alice\0p\"ss w\xc3\xb6rd", 17).toBase64();

        auto login = ImapLoginSteps::loginCommand(
            {"IMAP4REV1", "AUTH=PLAIN", "SASL-IR"}, user, password, QStringLiteral("h"), &error);
        QVERIFY(login);
        QCOMPARE(wire(login->command), "AUTHENTICATE PLAIN " + plain);
        QVERIFY(login->command.isSecret());
        QVERIFY(login->continuationAnswer.isEmpty());

        login = ImapLoginSteps::loginCommand(
            {"IMAP4REV1", "AUTH=PLAIN"}, user, password, QStringLiteral("h"), &error);
        QVERIFY(login);
        QCOMPARE(wire(login->command), QByteArray("AUTHENTICATE PLAIN"));
        QCOMPARE(login->continuationAnswer, plain);

        // LOGIN: the 8-bit password goes as a literal, never inside the command line.
        login = ImapLoginSteps::loginCommand(
            {"IMAP4REV1"}, user, password, QStringLiteral("h"), &error);
        QVERIFY(login);
        QVERIFY(login->command.isSecret());
        QCOMPARE(login->command.pieces().constFirst().text, QByteArray("LOGIN alice"));
        QVERIFY(login->command.pieces().constFirst().hasLiteral);

        QVERIFY(!ImapLoginSteps::loginCommand(
            {"IMAP4REV1", "LOGINDISABLED"}, user, password, QStringLiteral("h"), &error));
        QCOMPARE(error.kind(), Error::Kind::Authentication);
    }

    void greetingsUnderEachPolicy()
    {
        Error error;
        const QString host = QStringLiteral("mail.example.org");
        QCOMPARE(ImapLoginSteps::judgeGreeting(
                     greeting(ImapResponse::Status::Ok), false, false, host, &error),
            ImapLoginSteps::Greeting::LogIn);
        QCOMPARE(ImapLoginSteps::judgeGreeting(
                     greeting(ImapResponse::Status::PreAuth), false, false, host, &error),
            ImapLoginSteps::Greeting::Refused);
        QCOMPARE(error.kind(), Error::Kind::Tls);
        QCOMPARE(ImapLoginSteps::judgeGreeting(
                     greeting(ImapResponse::Status::PreAuth), true, false, host, &error),
            ImapLoginSteps::Greeting::PreAuthenticated);
        QCOMPARE(ImapLoginSteps::judgeGreeting(
                     greeting(ImapResponse::Status::PreAuth), false, true, host, &error),
            ImapLoginSteps::Greeting::PreAuthenticated);
        QCOMPARE(ImapLoginSteps::judgeGreeting(
                     greeting(ImapResponse::Status::Bye), true, false, host, &error),
            ImapLoginSteps::Greeting::Refused);
        QCOMPARE(error.kind(), Error::Kind::ConnectionRefused);
        ImapResponse tagged = greeting(ImapResponse::Status::Ok);
        tagged.kind = ImapResponse::Kind::Tagged;
        QCOMPARE(ImapLoginSteps::judgeGreeting(tagged, true, false, host, &error),
            ImapLoginSteps::Greeting::Refused);
        QCOMPARE(error.kind(), Error::Kind::Protocol);
    }

    void onlyANoIsAWrongPassword()
    {
        const Error refused(Error::Kind::Protocol, QStringLiteral("refused"), QStringLiteral("x"));
        ImapResponse no;
        no.status = ImapResponse::Status::No;
        QCOMPARE(ImapLoginSteps::loginRefused(no, refused, QStringLiteral("h"), QStringLiteral("u"))
                     .kind(),
            Error::Kind::Authentication);
        ImapResponse bad;
        bad.status = ImapResponse::Status::Bad;
        QCOMPARE(
            ImapLoginSteps::loginRefused(bad, refused, QStringLiteral("h"), QStringLiteral("u"))
                .kind(),
            Error::Kind::Protocol);
    }
};

QTEST_GUILESS_MAIN(TestImapLoginSteps)
#include "tst_imaploginsteps.moc"
