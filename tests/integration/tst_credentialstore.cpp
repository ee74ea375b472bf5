// CredentialStore against a real Secret Service (the lab's gnome-keyring): write, read,
// overwrite, delete, and the entry's QtKeychain attributes as other tools see them.
#include "accounts/credentialstore.h"
#include "labenvironment.h"

#include <QProcess>
#include <QTest>
#include <QUuid>

namespace {

// secret-tool's view of Wharf's entries (attributes go to stderr).
QString keyringDump()
{
    QProcess tool;
    tool.setProcessChannelMode(QProcess::MergedChannels);
    tool.start(QStringLiteral("secret-tool"),
        {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"),
            QStringLiteral("wharf")});
    tool.waitForFinished(10000);
    return QString::fromUtf8(tool.readAll());
}

} // namespace

class TestCredentialStore : public QObject
{
    Q_OBJECT

private:
    CredentialStore *m_store = nullptr;

    Error write(const QString &id, const QString &secret)
    {
        Error result(Error::Kind::Timeout, QStringLiteral("no answer"));
        bool done = false;
        m_store->write(CredentialStore::Kind::Site, id, QStringLiteral("password"), secret,
            [&](const Error &error) {
                result = error;
                done = true;
            });
        if (!QTest::qWaitFor([&done] { return done; }, 20000))
            return Error(Error::Kind::Timeout, QStringLiteral("the keychain did not answer"));
        return result;
    }

    std::optional<QString> read(const QString &id)
    {
        std::optional<QString> result;
        bool done = false;
        m_store->read(CredentialStore::Kind::Site, id, QStringLiteral("password"),
            [&](const std::optional<QString> &secret, const Error &) {
                result = secret;
                done = true;
            });
        if (!QTest::qWaitFor([&done] { return done; }, 20000))
            return QStringLiteral("(the keychain did not answer)");
        return result;
    }

private slots:
    void initTestCase()
    {
        // Before anything touches D-Bus: the lab's session bus, where the keyring is unlocked.
        qputenv(
            "DBUS_SESSION_BUS_ADDRESS", LabEnvironment::value("WHARF_LAB_DBUS_ADDRESS").toUtf8());
        m_store = new CredentialStore(this);
    }

    void writeReadOverwriteDelete()
    {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QCOMPARE(read(id), std::nullopt); // nothing yet, and that is not an error
        QCOMPARE(write(id, QStringLiteral("first ß secret")).message(), QString());
        QCOMPARE(read(id), std::optional<QString>(QStringLiteral("first ß secret")));
        QVERIFY(keyringDump().contains(
            QStringLiteral("attribute.user = site/") + id + QStringLiteral("/password")));

        QCOMPARE(write(id, QStringLiteral("second")).message(), QString());
        QCOMPARE(read(id), std::optional<QString>(QStringLiteral("second")));
        QCOMPARE(keyringDump().count(QStringLiteral("site/") + id), 1); // replaced, not added

        bool removed = false;
        m_store->removeAll(CredentialStore::Kind::Site, id, [&](const Error &error) {
            QVERIFY(!error.isError());
            removed = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(removed, 20000);
        QCOMPARE(read(id), std::nullopt);
        QVERIFY(!keyringDump().contains(id));
        QVERIFY(m_store->isKeychainAvailable());
    }
};

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
