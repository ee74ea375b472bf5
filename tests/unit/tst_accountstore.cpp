// Saved sites and accounts: a round trip through the file, ids that survive renames, names
// that stay unique, an old file migrated, and a broken one kept aside instead of replaced.
#include "accounts/accountstore.h"
#include "accounts/credentialstore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestAccountStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString fileName(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void sitesAndAccountsRoundTrip()
    {
        const QString file = fileName("roundtrip.ini");
        {
            AccountStore store(file);
            QVERIFY(!store.load().isError());
            Error error;
            Site site = Site::fromUrl(RemoteUrl::parse(
                QStringLiteral("sftp://alice@files.example.org:2222/~/projects"), &error));
            site.name = QStringLiteral("Work files");
            site.identityFile = QStringLiteral("/home/alice/.ssh/work");
            QVERIFY(!store.addSite(site).isError());
            QVERIFY(!site.id.isEmpty());
            MailAccount account;
            account.name = QStringLiteral("Work mail");
            account.emailAddress = QStringLiteral("alice@example.org");
            account.incomingUrl = QStringLiteral("imaps://alice@mail.example.org");
            account.smtpUrl = QStringLiteral("smtps://alice@mail.example.org");
            QVERIFY(!store.addMailAccount(account).isError());
        }
        AccountStore reread(file);
        QVERIFY(!reread.load().isError());
        QCOMPARE(reread.sites().size(), 1);
        const Site &site = reread.sites().constFirst();
        QCOMPARE(site.name, QStringLiteral("Work files"));
        QCOMPARE(site.url(), QStringLiteral("sftp://alice@files.example.org:2222/~/projects"));
        QCOMPARE(site.identityFile, QStringLiteral("/home/alice/.ssh/work"));
        Error error;
        const RemoteUrl url = site.remoteUrl(QStringLiteral("src/main.cpp"), &error);
        QCOMPARE(url.path(), QStringLiteral("~/projects/src/main.cpp"));
        QCOMPARE(url.port(), 2222);
        QCOMPARE(reread.mailAccounts().size(), 1);
        QCOMPARE(reread.mailAccounts().constFirst().smtpUrl,
            QStringLiteral("smtps://alice@mail.example.org"));
        QFile raw(file);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QVERIFY(raw.readAll().contains("version=1"));
    }

    void renameKeepsTheIdAndNamesStayUnique()
    {
        AccountStore store(fileName("names.ini"));
        QVERIFY(!store.load().isError());
        Site first;
        first.name = QStringLiteral("Lab");
        first.host = QStringLiteral("127.0.0.1");
        QVERIFY(!store.addSite(first).isError());
        Site second = first;
        second.id.clear();
        second.name = QStringLiteral("lab"); // same name, other case
        QCOMPARE(store.addSite(second).kind(), Error::Kind::AlreadyExists);
        Site renamed = first;
        renamed.name = QStringLiteral("Lab server");
        QVERIFY(!store.updateSite(renamed).isError());
        QCOMPARE(store.siteByName(QStringLiteral("LAB SERVER"))->id, first.id);
        MailAccount bad;
        bad.name = QStringLiteral("Bad");
        bad.incomingUrl = QStringLiteral("imaps://u:secret@host");
        bad.smtpUrl = QStringLiteral("smtps://u@host");
        QCOMPARE(store.addMailAccount(bad).kind(), Error::Kind::Unsupported); // no passwords
    }

    void brokenFileIsKeptAside()
    {
        const QString file = fileName("broken.ini");
        {
            QFile garbage(file);
            QVERIFY(garbage.open(QIODevice::WriteOnly));
            garbage.write("[schema]\nversion=99\n"); // from a future Wharf
        }
        AccountStore store(file);
        const Error error = store.load();
        QCOMPARE(error.kind(), Error::Kind::LocalIo);
        QVERIFY(error.message().contains(QStringLiteral(".broken")));
        QVERIFY(!QFile::exists(file));
        QVERIFY(QFile::exists(file + QStringLiteral(".broken")));
        QVERIFY(store.sites().isEmpty());
    }

    void garbageIsKeptAsideNotReplaced()
    {
        const QString file = fileName("garbage.ini");
        QByteArray garbage;
        for (int i = 0; i < 4096; ++i)
            garbage += char((i * 7919) % 256);
        {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(garbage);
        }
        AccountStore store(file);
        QCOMPARE(store.load().kind(), Error::Kind::LocalIo);
        QFile kept(file + QStringLiteral(".broken"));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), garbage); // byte for byte what the person had
    }

    void oldFileWithoutKeychainIsLeftAsItIs()
    {
        // Version 0 kept passwords in the file. With no keychain to move them to, nothing is
        // rewritten: losing the passwords would be worse than keeping the old file.
        const QString file = fileName("v0.ini");
        const QByteArray v0 = "[site Lab]\nprotocol=ftp\nhost=127.0.0.1\nport=2121\nuser=alice\n"
                              "password=hunter2\n\n[site Docs]\nprotocol=sftp\nhost=docs.example\n";
        {
            QFile old(file);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write(v0);
        }
        CredentialStore credentials; // DBUS_SESSION_BUS_ADDRESS=disabled: in tests: no keychain
        AccountStore store(file, &credentials);
        QSignalSpy finished(&store, &AccountStore::migrationFinished);
        QVERIFY(!store.load().isError());
        QCOMPARE(store.sites().size(), 2);
        QCOMPARE(store.siteByName(QStringLiteral("Lab"))->port, 2121);
        QCOMPARE(store.siteByName(QStringLiteral("Docs"))->scheme, RemoteUrl::Scheme::Sftp);
        if (store.isMigrating())
            QVERIFY(finished.wait(20000));
        QCOMPARE(finished.count(), 1);
        QVERIFY(finished.at(0).at(0).value<Error>().isError());
        QFile kept(file);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), v0);
    }

    void oldFileWithoutPasswordsIsMigrated()
    {
        const QString file = fileName("v0-nopass.ini");
        {
            QFile old(file);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("[site Mirror]\nprotocol=FTP\nhost=mirror.example\nuser=anonymous\n");
        }
        AccountStore store(file);
        QVERIFY(!store.load().isError());
        QVERIFY(!store.isMigrating());
        QCOMPARE(store.sites().size(), 1);
        AccountStore reread(file);
        QVERIFY(!reread.load().isError());
        QCOMPARE(reread.sites().constFirst().name, QStringLiteral("Mirror"));
        QCOMPARE(reread.sites().constFirst().id, store.sites().constFirst().id);
    }
};

QTEST_GUILESS_MAIN(TestAccountStore)
#include "tst_accountstore.moc"
