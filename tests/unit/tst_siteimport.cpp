// Sites coming in from elsewhere: FileZilla's sitemanager.xml (every kind of site, folders,
// passwords only when asked, a broken entry skipped) and Wharf's own JSON export round trip.
#include "accounts/accountstore.h"
#include "accounts/filezillaimport.h"
#include "accounts/sitetransfer.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

const FileZillaImport::Entry *entryNamed(const FileZillaImport::Result &result, const char *name)
{
    for (const FileZillaImport::Entry &entry : result.entries) {
        if (entry.site.name == QString::fromUtf8(name))
            return &entry;
    }
    return nullptr;
}

QByteArray sha256Of(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class TestSiteImport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_sample;

private slots:
    void initTestCase()
    {
        m_sample = QFINDTESTDATA("data/sitemanager.xml");
        QVERIFY(!m_sample.isEmpty());
    }

    void fileZillaSiteKinds()
    {
        const QByteArray before = sha256Of(m_sample);
        Error error;
        const FileZillaImport::Result result = FileZillaImport::readFile(m_sample, true, &error);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QCOMPARE(result.entries.size(), 5);
        QCOMPARE(sha256Of(m_sample), before); // only read

        const auto *ftp = entryNamed(result, "Plain FTP");
        QVERIFY(ftp);
        QCOMPARE(ftp->site.url(), QStringLiteral("ftp://alice@ftp.example.org/pub/downloads"));
        QCOMPARE(ftp->site.ftpTls, QStringLiteral("auto"));
        QCOMPARE(ftp->site.port, quint16(0)); // 21 is ftp's default
        QCOMPARE(ftp->password, QStringLiteral("secret-ftp"));

        const auto *anonymous = entryNamed(result, "Anonymous mirror");
        QVERIFY(anonymous);
        QCOMPARE(anonymous->site.user, QStringLiteral("anonymous"));
        QCOMPARE(anonymous->site.ftpTls, QStringLiteral("none"));
        QVERIFY(anonymous->site.ftpActiveMode);
        QVERIFY(anonymous->password.isEmpty());

        const auto *sftp = entryNamed(result, "Work/Build server");
        QVERIFY(sftp);
        QCOMPARE(sftp->site.scheme, RemoteUrl::Scheme::Sftp);
        QCOMPARE(sftp->site.effectivePort(), quint16(2222));
        QCOMPARE(sftp->site.user, QStringLiteral("bob"));
        QCOMPARE(sftp->site.identityFile, QStringLiteral("/home/bob/.ssh/id_work"));

        const auto *implicit = entryNamed(result, "Work/Customers/Implicit TLS");
        QVERIFY(implicit);
        QCOMPARE(implicit->site.scheme, RemoteUrl::Scheme::Ftps);
        QCOMPARE(implicit->site.url(), QStringLiteral("ftps://carol@secure.example.net"));
        QVERIFY(implicit->password.isEmpty()); // logon type "ask"

        const auto *explicitTls = entryNamed(result, "Work/Customers/Müller & Söhne — Übersicht");
        QVERIFY(explicitTls);
        QCOMPARE(explicitTls->site.scheme, RemoteUrl::Scheme::Ftp);
        QCOMPARE(explicitTls->site.ftpTls, QStringLiteral("require"));
        QCOMPARE(explicitTls->site.effectivePort(), quint16(2121));
        QCOMPARE(explicitTls->password, QStringLiteral("pässwort ftpes"));

        QCOMPARE(result.skipped.size(), 1);
        QVERIFY2(result.skipped.constFirst().contains(QStringLiteral("Work/Customers/Broken entry"))
                && result.skipped.constFirst().contains(QStringLiteral("no host")),
            qPrintable(result.skipped.constFirst()));
    }

    void fileZillaPasswordsOnlyWhenAsked()
    {
        Error error;
        const FileZillaImport::Result result = FileZillaImport::readFile(m_sample, false, &error);
        QVERIFY(!error.isError());
        QCOMPARE(result.entries.size(), 5);
        for (const FileZillaImport::Entry &entry : result.entries)
            QVERIFY2(entry.password.isEmpty(), qPrintable(entry.site.name));
    }

    void fileZillaMalformed_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::newRow("truncated")
            << QByteArray("<?xml version=\"1.0\"?><FileZilla3><Servers><Server><Host>a</Host>");
        QTest::newRow("mismatched")
            << QByteArray("<FileZilla3><Servers><Server><Host>a</Server></Servers></FileZilla3>");
        QTest::newRow("not filezilla") << QByteArray("<html><body/></html>");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("no servers") << QByteArray("<FileZilla3><Settings/></FileZilla3>");
    }

    void fileZillaMalformed()
    {
        QFETCH(QByteArray, xml);
        QBuffer buffer(&xml);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        Error error;
        const FileZillaImport::Result result = FileZillaImport::read(&buffer, true, &error);
        QVERIFY(error.isError());
        QVERIFY(!error.message().isEmpty());
        QVERIFY(result.entries.isEmpty());
    }

    void fileZillaOldStyleNamesAndEncodings()
    {
        // Before <Name>, FileZilla wrote the name as the <Server>'s own text; passwords
        // encrypted with a master password can't be imported.
        QByteArray xml("<FileZilla3><Servers>"
                       "<Server><Host>old.example.org</Host><User>u</User><Logontype>1"
                       "</Logontype><Pass>plain</Pass>Old site</Server>"
                       "<Server><Host>crypt.example.org</Host><Logontype>1</Logontype>"
                       "<Pass encoding=\"crypt\">xyz</Pass><Name>Locked</Name></Server>"
                       "<Server><Host>s3.example.org</Host><Protocol>7</Protocol>"
                       "<Name>Bucket</Name></Server>"
                       "</Servers></FileZilla3>");
        QBuffer buffer(&xml);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        Error error;
        const FileZillaImport::Result result = FileZillaImport::read(&buffer, true, &error);
        QVERIFY(!error.isError());
        QCOMPARE(result.entries.size(), 2);
        QVERIFY(entryNamed(result, "Old site"));
        QCOMPARE(entryNamed(result, "Old site")->password, QStringLiteral("plain"));
        QVERIFY(entryNamed(result, "Locked"));
        QVERIFY(entryNamed(result, "Locked")->password.isEmpty());
        QCOMPARE(result.skipped.size(), 2); // the master password, and protocol 7 (S3)
    }

    void remoteDir_data()
    {
        QTest::addColumn<QString>("safePath");
        QTest::addColumn<QString>("path");
        QTest::newRow("unix") << QStringLiteral("1 0 3 pub 9 downloads")
                              << QStringLiteral("/pub/downloads");
        QTest::newRow("space in a name")
            << QStringLiteral("1 0 8 my files") << QStringLiteral("/my files");
        QTest::newRow("root") << QStringLiteral("1 0") << QString();
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("dos") << QStringLiteral("2 2 C: 3 abc") << QString();
        QTest::newRow("garbage") << QStringLiteral("1 0 99 x") << QString();
    }

    void remoteDir()
    {
        QFETCH(QString, safePath);
        QFETCH(QString, path);
        QCOMPARE(FileZillaImport::remoteDirToPath(safePath), path);
    }

    void jsonRoundTrip()
    {
        Error error;
        const FileZillaImport::Result fileZilla = FileZillaImport::readFile(m_sample, true, &error);
        QList<Site> sites;
        for (const FileZillaImport::Entry &entry : fileZilla.entries)
            sites.append(entry.site);
        sites.first().id = QStringLiteral("an-id-that-must-not-travel");

        const QString file = m_dir.filePath(QStringLiteral("sites.json"));
        QVERIFY(!SiteTransfer::exportToFile(sites, file).isError());
        QFile raw(file);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray json = raw.readAll();
        QVERIFY(json.contains("\"format\": \"wharf-sites\""));
        QVERIFY(!json.contains("secret-ftp"));
        QVERIFY(!json.contains("an-id-that-must-not-travel"));
        QVERIFY(!json.toLower().contains("password"));

        const QList<Site> back = SiteTransfer::importFromFile(file, &error);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QCOMPARE(back.size(), sites.size());
        for (qsizetype i = 0; i < sites.size(); ++i) {
            QCOMPARE(back.at(i).name, sites.at(i).name);
            QCOMPARE(back.at(i).url(), sites.at(i).url());
            QCOMPARE(back.at(i).ftpTls, sites.at(i).ftpTls);
            QCOMPARE(back.at(i).ftpActiveMode, sites.at(i).ftpActiveMode);
            QCOMPARE(back.at(i).identityFile, sites.at(i).identityFile);
            QVERIFY(back.at(i).id.isEmpty());
        }
    }

    void importIntoStoreRenamesTakenNames()
    {
        AccountStore store(m_dir.filePath(QStringLiteral("accounts.ini")));
        QVERIFY(!store.load().isError());
        Error error;
        Site existing
            = Site::fromUrl(RemoteUrl::parse(QStringLiteral("sftp://me@one.example.org"), &error));
        existing.name = QStringLiteral("Home");
        QVERIFY(!store.addSite(existing).isError());

        const QByteArray json(R"({"format": "wharf-sites", "version": 1, "comment": "ignored",
            "sites": [
              {"name": "home", "scheme": "ftp", "host": "two.example.org", "future": [1, 2]},
              {"name": "Home", "scheme": "sftp", "host": "three.example.org", "port": 2200}
            ]})");
        QList<Site> sites = SiteTransfer::fromJson(json, &error);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QStringList renamed;
        QVERIFY(!store.addSites(sites, &renamed).isError());
        QCOMPARE(store.sites().size(), 3);
        QCOMPARE(sites.at(0).name, QStringLiteral("home (2)"));
        QCOMPARE(sites.at(1).name, QStringLiteral("Home (3)"));
        QCOMPARE(renamed.size(), 2);
        QVERIFY(!sites.at(0).id.isEmpty());
        QVERIFY(sites.at(0).id != sites.at(1).id);
        QCOMPARE(store.siteByName(QStringLiteral("Home (3)"))->effectivePort(), quint16(2200));
    }

    void malformedJson_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not json") << QByteArray(R"({"format": "wharf-sites", )");
        QTest::newRow("array") << QByteArray("[]");
        QTest::newRow("other format")
            << QByteArray(R"({"format": "something", "version": 1, "sites": []})");
        QTest::newRow("newer version")
            << QByteArray(R"({"format": "wharf-sites", "version": 2, "sites": []})");
        QTest::newRow("no sites") << QByteArray(R"({"format": "wharf-sites", "version": 1})");
        QTest::newRow("no host") << QByteArray(R"({"format": "wharf-sites", "version": 1,
            "sites": [{"name": "ok", "host": "a.example"}, {"name": "x"}]})");
        QTest::newRow("bad scheme") << QByteArray(R"({"format": "wharf-sites", "version": 1,
            "sites": [{"name": "x", "host": "h", "scheme": "gopher"}]})");
        QTest::newRow("bad tls") << QByteArray(R"({"format": "wharf-sites", "version": 1,
            "sites": [{"name": "x", "host": "h", "scheme": "ftp", "ftpTls": "maybe"}]})");
    }

    void malformedJson()
    {
        QFETCH(QByteArray, json);
        Error error;
        const QList<Site> sites = SiteTransfer::fromJson(json, &error);
        QVERIFY(error.isError());
        QVERIFY(!error.message().isEmpty());
        QVERIFY(sites.isEmpty()); // nothing imported, not even the good entries
    }
};

QTEST_GUILESS_MAIN(TestSiteImport)
#include "tst_siteimport.moc"
