// The transfer queue against a real server that dies mid-transfer: the item is retried on a
// fresh connection and resumes where it stopped; the rest of the queue is not disturbed.
#include "files/ftp/ftpfs.h"
#include "files/transferqueue.h"
#include "labenvironment.h"
#include "net/protocollog.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

// Kills every session process of the lab's slow vsftpd (not the listener itself), as a crash
// or a server restart would: connections drop without a goodbye.
void killVsftpdSessions()
{
    const QString master
        = LabEnvironment::value("WHARF_LAB_DIR") + QStringLiteral("/pids/vsftpd-slow");
    QProcess::execute(QStringLiteral("sh"),
        {QStringLiteral("-c"),
            QStringLiteral("read m _ <%1; c=$(pgrep -d, -P $m); "
                           "[ -n \"$c\" ] && pkill -KILL -P \"$c\"; pkill -KILL -P $m; true")
                .arg(master)});
}

} // namespace

class TestTransferQueue : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_local;
    QString m_files;
    QString m_bigName;
    const qint64 m_bigSize = qint64(24) * 1024 * 1024; // about 0.75 s at the slow server's rate
    ProtocolLog m_log;

    std::unique_ptr<RemoteFs> connection(const char *portVariable = "WHARF_LAB_FTP_PORT")
    {
        FtpSession::Settings settings;
        settings.host = LabEnvironment::value("WHARF_LAB_HOST");
        settings.port = quint16(LabEnvironment::value(portVariable).toUInt());
        settings.user = LabEnvironment::value("WHARF_LAB_USER");
        settings.password = LabEnvironment::value("WHARF_LAB_PASSWORD");
        settings.tls = FtpSession::TlsMode::None;
        return std::make_unique<FtpFs>(settings, nullptr, nullptr, &m_log);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_local.isValid());
        m_files = LabEnvironment::value("WHARF_LAB_FILES");
        m_bigName = QStringLiteral("/queue-big-%1.bin").arg(QCoreApplication::applicationPid());
        QFile big(m_files + m_bigName);
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(m_bigSize)); // sparse: costs the server no disk
    }

    void cleanupTestCase() { QFile::remove(m_files + m_bigName); }

    void serverDeathMidTransferIsRetriedAndResumed()
    {
        TransferQueue queue([this] { return connection("WHARF_LAB_FTP_SLOW_PORT"); });
        queue.setMaxConnections(2);
        const QString bigTarget = m_local.filePath(QStringLiteral("big.bin"));
        const QString smallTarget = m_local.filePath(QStringLiteral("readme.txt"));
        bool killed = false;
        connect(&queue, &TransferQueue::itemChanged, this, [&](int index) {
            const TransferItem &item = queue.items().at(index);
            if (!killed && index == 0 && item.transferred > 0 && item.transferred < m_bigSize) {
                killed = true;
                killVsftpdSessions();
            }
        });
        QSignalSpy idle(&queue, &TransferQueue::idle);
        queue.addDownload(m_files + m_bigName, bigTarget);
        QVERIFY(idle.wait(60000));
        QVERIFY(killed);

        const TransferItem &item = queue.items().at(0);
        QCOMPARE(item.error.message(), QString());
        QCOMPARE(item.state, TransferItem::State::Done);
        QCOMPARE(item.attempts, 2);
        QCOMPARE(QFileInfo(bigTarget).size(), m_bigSize);
        QVERIFY(!QFile::exists(bigTarget + QStringLiteral(".part")));

        // The queue is still good for more work afterwards.
        queue.addDownload(m_files + QStringLiteral("/README.txt"), smallTarget);
        QVERIFY(idle.wait(30000));
        QCOMPARE(queue.items().at(1).state, TransferItem::State::Done);
        QCOMPARE(queue.failedCount(), 0);
    }

    void connectionsAreLimitedAndReused()
    {
        QSet<quint64> connections;
        connect(&m_log, &ProtocolLog::entryAdded, this,
            [&connections](
                const ProtocolLog::Entry &entry) { connections.insert(entry.connectionId); });
        TransferQueue queue([this] { return connection(); });
        queue.setMaxConnections(3);
        int running = 0;
        int mostRunning = 0;
        connect(&queue, &TransferQueue::itemChanged, this, [&](int) {
            running = int(std::count_if(
                queue.items().cbegin(), queue.items().cend(), [](const TransferItem &item) {
                    return item.state == TransferItem::State::Running;
                }));
            mostRunning = qMax(mostRunning, running);
        });
        QSignalSpy idle(&queue, &TransferQueue::idle);
        const QDir sample(m_files + QStringLiteral("/bulk"));
        const QStringList names = sample.entryList(QDir::Files);
        QVERIFY(names.size() >= 20);
        for (const QString &name : names)
            queue.addDownload(
                sample.filePath(name), m_local.filePath(QStringLiteral("bulk-") + name));
        QVERIFY(idle.wait(60000));
        QCOMPARE(queue.failedCount(), 0);
        QCOMPARE(mostRunning, 3);
        QCOMPARE(connections.size(), 3); // one login per connection, not one per file
        QCOMPARE(queue.bytesDone(), queue.bytesTotal());
    }
};

QTEST_GUILESS_MAIN(TestTransferQueue)
#include "tst_transferqueue.moc"
