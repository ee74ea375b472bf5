// FTP faults that real servers don't produce on demand, played by a scripted server: a PASV
// reply naming another host, a server that isn't FTP, 421 mid-session, a data connection cut
// short, a file shorter than announced. Each must end in a clear error and lose nothing.
#include "files/ftp/ftpfs.h"
#include "files/remotelistjob.h"
#include "jobwaiter.h"
#include "scriptedserver.h"

#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

// A scripted FTP server: logs in anyone, answers the usual setup commands, and hands every
// transfer command to a test-supplied handler with the data connection (passive only).
class FakeFtpServer : public QObject
{
public:
    // Called for RETR/LIST/MLSD/STOR with the data socket (once connected); returns the
    // control reply lines to send after the 150 (the test may send more later).
    using Transfer = std::function<void(const QByteArray &command, QTcpSocket *data)>;

    explicit FakeFtpServer(QList<QByteArray> greeting = {"220 fake ready\r\n"})
    {
        m_data.listen(QHostAddress::LocalHost, 0);
        connect(&m_data, &QTcpServer::newConnection, this, [this] {
            m_dataSocket = m_data.nextPendingConnection();
            runTransferIfReady();
        });
        m_control.setGreeting(std::move(greeting));
        m_control.setResponder([this](const QByteArray &line) { return answer(line); });
    }

    quint16 port() const { return m_control.port(); }
    ScriptedServer &control() { return m_control; }
    QHash<QByteArray, QByteArray> replies; // verb -> full reply, overriding the defaults
    Transfer transfer;
    QByteArray passiveHost = "127,0,0,1"; // what PASV announces

private:
    QByteArray answer(const QByteArray &line)
    {
        const qsizetype space = line.indexOf(' ');
        const QByteArray verb = (space < 0 ? line : line.left(space)).toUpper();
        if (replies.contains(verb))
            return replies.value(verb);
        if (verb == "USER")
            return "331 password please\r\n";
        if (verb == "PASS")
            return "230 logged in\r\n";
        if (verb == "FEAT")
            return "211-Features:\r\n SIZE\r\n211 End\r\n";
        if (verb == "PWD")
            return "257 \"/home/fake\" is current\r\n";
        if (verb == "TYPE" || verb == "CWD")
            return "200 ok\r\n";
        if (verb == "EPSV")
            return "500 EPSV not understood\r\n";
        if (verb == "PASV") {
            const quint16 port = m_data.serverPort();
            return "227 Entering Passive Mode (" + passiveHost + ','
                + QByteArray::number(port / 256) + ',' + QByteArray::number(port % 256) + ")\r\n";
        }
        if (verb == "RETR" || verb == "LIST" || verb == "MLSD" || verb == "STOR") {
            m_pendingCommand = line;
            runTransferIfReady();
            return "150 here it comes\r\n";
        }
        if (verb == "QUIT")
            return "221 bye\r\n";
        return "502 not implemented\r\n";
    }

    void runTransferIfReady()
    {
        if (m_dataSocket && !m_pendingCommand.isEmpty() && transfer) {
            QTcpSocket *socket = std::exchange(m_dataSocket, nullptr);
            const QByteArray command = std::exchange(m_pendingCommand, {});
            QMetaObject::invokeMethod(
                this, [this, command, socket] { transfer(command, socket); }, Qt::QueuedConnection);
        }
    }

    ScriptedServer m_control;
    QTcpServer m_data;
    QTcpSocket *m_dataSocket = nullptr;
    QByteArray m_pendingCommand;
};

FtpSession::Settings settingsFor(quint16 port, const QString &user = QStringLiteral("alice"))
{
    FtpSession::Settings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = port;
    settings.user = user;
    settings.password = QStringLiteral("secret");
    settings.tls = FtpSession::TlsMode::None;
    settings.readTimeoutMs = 3000;
    return settings;
}

} // namespace

class TestFtpFaults : public QObject
{
    Q_OBJECT

private slots:
    void passiveAddressOfAnotherHostIsNotUsed()
    {
        FakeFtpServer server;
        server.passiveHost = "10,99,0,1"; // must never be contacted
        server.transfer = [&server](const QByteArray &, QTcpSocket *data) {
            data->write("-rw-r--r-- 1 u g 5 Jan 01 2024 a.txt\r\n");
            data->disconnectFromHost();
            server.control().send("226 done\r\n");
        };
        FtpFs fs(settingsFor(server.port()), nullptr, nullptr, nullptr);
        RemoteListJob *list = fs.list(QStringLiteral("/pub"));
        QCOMPARE(JobWaiter::run(list).message(), QString());
        QCOMPARE(list->entries().size(), 1);
        QCOMPARE(list->entries().constFirst().name, QStringLiteral("a.txt"));
        // EPSV was refused, PASV used, and its address replaced by the control peer's.
        QVERIFY(server.control().receivedLines().contains("EPSV"));
        QVERIFY(server.control().receivedLines().contains("PASV"));
    }

    void serverThatIsNotFtp()
    {
        FakeFtpServer server({"HTTP/1.1 400 Bad Request\r\n\r\n"});
        FtpFs fs(settingsFor(server.port()), nullptr, nullptr, nullptr);
        const Error error = JobWaiter::run(fs.list(QStringLiteral("/")));
        QCOMPARE(error.kind(), Error::Kind::Protocol);
        QVERIFY(error.message().contains(QStringLiteral("not FTP")));
        QVERIFY(error.serverReply().contains(QStringLiteral("HTTP/1.1")));
    }

    void wrongPasswordSaysSo()
    {
        FakeFtpServer server;
        server.replies.insert("PASS", "530 Login incorrect.\r\n");
        FtpFs fs(settingsFor(server.port()), nullptr, nullptr, nullptr);
        const Error error = JobWaiter::run(fs.list(QStringLiteral("/")));
        QCOMPARE(error.kind(), Error::Kind::Authentication);
        QVERIFY(error.message().contains(QStringLiteral("password")));
        QVERIFY(error.serverReply().contains(QStringLiteral("530 Login incorrect.")));
    }

    void anonymousLogin()
    {
        FakeFtpServer server;
        FtpSession::Settings anonymous = settingsFor(server.port(), QString());
        anonymous.password.clear();
        FtpFs fs(anonymous, nullptr, nullptr, nullptr);
        QCOMPARE(JobWaiter::run(fs.makeDirectory(QStringLiteral("/x"))).kind(),
            Error::Kind::Unsupported);
        QVERIFY(server.control().receivedLines().contains("USER anonymous"));
        QVERIFY(server.control().receivedLines().contains("PASS anonymous@"));
    }

    void closingMidSessionIsReportedWithTheServersWords()
    {
        FakeFtpServer server;
        server.replies.insert("CWD", "421 Timeout, closing control connection.\r\n");
        FtpFs fs(settingsFor(server.port()), nullptr, nullptr, nullptr);
        const Error error = JobWaiter::run(fs.list(QStringLiteral("/pub")));
        QCOMPARE(error.kind(), Error::Kind::ConnectionLost);
        QVERIFY(error.serverReply().contains(QStringLiteral("421 Timeout")));
    }

    void cutDataConnectionKeepsThePartialFileForResume()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("big.bin"));
        {
            QFile old(target); // the person's file must survive the failed download
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("old version");
        }
        FakeFtpServer server;
        server.replies.insert("SIZE", "213 1000000\r\n");
        server.transfer = [&server](const QByteArray &, QTcpSocket *data) {
            data->write(QByteArray(300000, 'x'));
            data->flush();
            data->abort();
            server.control().send("426 Connection closed; transfer aborted.\r\n");
        };
        FtpFs fs(settingsFor(server.port()), nullptr, nullptr, nullptr);
        const Error error = JobWaiter::run(fs.download(QStringLiteral("/big.bin"), target, {}));
        QCOMPARE(error.kind(), Error::Kind::ConnectionLost);
        QFile kept(target);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("old version"));
        const qint64 partial = QFileInfo(target + QStringLiteral(".part")).size();
        QVERIFY2(partial > 0 && partial <= 300000, qPrintable(QString::number(partial)));
    }

    void fileShorterThanAnnouncedIsNotTakenAsComplete()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("short.bin"));
        FakeFtpServer server;
        server.replies.insert("SIZE", "213 5000\r\n");
        server.transfer = [&server](const QByteArray &, QTcpSocket *data) {
            data->write(QByteArray(1000, 'y'));
            data->disconnectFromHost();
            server.control().send("226 Transfer complete.\r\n"); // but it wasn't
        };
        FtpFs fs(settingsFor(server.port()), nullptr, nullptr, nullptr);
        const Error error = JobWaiter::run(fs.download(QStringLiteral("/short.bin"), target, {}));
        QCOMPARE(error.kind(), Error::Kind::ConnectionLost);
        QVERIFY(error.message().contains(QStringLiteral("incomplete")));
        QVERIFY(!QFile::exists(target));
        QCOMPARE(QFileInfo(target + QStringLiteral(".part")).size(), 1000);
    }

    void hostileNamesInACommandAreNeverSent()
    {
        FakeFtpServer server;
        FtpFs fs(settingsFor(server.port()), nullptr, nullptr, nullptr);
        const Error error = JobWaiter::run(fs.removeFile(QStringLiteral("/a\r\nDELE /important")));
        QVERIFY(error.isError());
        for (const QByteArray &line : server.control().receivedLines())
            QVERIFY2(!line.startsWith("DELE"), line.constData());
    }
};

QTEST_GUILESS_MAIN(TestFtpFaults)
#include "tst_ftpfaults.moc"
