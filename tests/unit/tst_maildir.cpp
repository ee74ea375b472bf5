// Maildir delivery: the message shows up in new/ only, byte for byte, under a unique name, and
// nothing is left in tmp/. Also the POP3 UID file kept beside it.
#include "mail/pop3/pop3uidstore.h"
#include "mail/store/maildir.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

QStringList entries(const QString &folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestMaildir : public QObject
{
    Q_OBJECT

private slots:
    void createMakesTheThreeFolders()
    {
        QTemporaryDir temp;
        const Maildir maildir(temp.path() + QStringLiteral("/Mail/pop"));
        QVERIFY(!maildir.create().isError());
        QVERIFY(!maildir.create().isError()); // again: fine
        for (const char *sub : {"cur", "new", "tmp"})
            QVERIFY(QDir(maildir.path() + QLatin1Char('/') + QLatin1String(sub)).exists());
    }

    void deliverPutsExactBytesInNewOnly()
    {
        QTemporaryDir temp;
        const Maildir maildir(temp.path());
        QVERIFY(!maildir.create().isError());
        QByteArray message("From: a@example.org\nSubject: x\n\n.body\r\n\0binary\xff", 48);
        QString name;
        QCOMPARE(maildir.deliver(message, &name).message(), QString());
        QVERIFY(!name.isEmpty());
        QCOMPARE(entries(temp.path() + QStringLiteral("/new")), QStringList {name});
        QVERIFY(entries(temp.path() + QStringLiteral("/tmp")).isEmpty());
        QVERIFY(entries(temp.path() + QStringLiteral("/cur")).isEmpty());
        QCOMPARE(readFile(temp.path() + QStringLiteral("/new/") + name), message);
    }

    void namesAreUniqueAndSafe()
    {
        QTemporaryDir temp;
        const Maildir maildir(temp.path());
        QVERIFY(!maildir.create().isError());
        QSet<QString> names;
        for (int i = 0; i < 200; ++i) {
            QString name;
            QVERIFY(!maildir.deliver(QByteArray::number(i), &name).isError());
            QVERIFY2(!name.contains(QLatin1Char('/')) && !name.contains(QLatin1Char(':')),
                qPrintable(name));
            names.insert(name);
        }
        QCOMPARE(names.size(), 200);
        QCOMPARE(entries(temp.path() + QStringLiteral("/new")).size(), 200);
        // time.MusecPpidQcounter.host
        const QStringList parts = names.values().constFirst().split(QLatin1Char('.'));
        QVERIFY(parts.size() >= 3);
        QVERIFY(parts.at(1).contains(QLatin1Char('P')) && parts.at(1).contains(QLatin1Char('Q')));
    }

    void deliverIntoMissingFolderFailsCleanly()
    {
        QTemporaryDir temp;
        const Maildir maildir(temp.path() + QStringLiteral("/never-created"));
        const Error error = maildir.deliver("x");
        QVERIFY(error.isError());
        QCOMPARE(error.kind(), Error::Kind::LocalIo);
        QVERIFY(!QDir(maildir.path() + QStringLiteral("/new")).exists());
    }

    void uidStoreRoundTrip()
    {
        QTemporaryDir temp;
        const QString path = Pop3UidStore::defaultFilePath(temp.path());
        QVERIFY(path.endsWith(QStringLiteral("/.wharf-pop3-uids")));
        Pop3UidStore store(path);
        QVERIFY(!store.load().isError()); // no file yet: empty
        QVERIFY(store.uids().isEmpty());
        const QDateTime when = QDateTime::fromSecsSinceEpoch(1795687475, Qt::UTC);
        QVERIFY(!store.add("uid-1", when).isError());
        QVERIFY(!store.add("uid-2", when).isError());
        QVERIFY(!store.add("uid-1", when).isError()); // once only
        // One "UID seconds" line each: the time is what "delete after N days" goes by.
        QCOMPARE(readFile(path), QByteArray("uid-1 1795687475\nuid-2 1795687475\n"));
        QVERIFY(store.add("bad\nuid").isError());

        Pop3UidStore again(path);
        QVERIFY(!again.load().isError());
        QCOMPARE(again.uids(), QSet<QByteArray>({"uid-1", "uid-2"}));
        QVERIFY(!again.replaceAll({"uid-2", "uid-3"}).isError());
        QCOMPARE(readFile(path), QByteArray("uid-2 1795687475\nuid-3\n")); // 3: no time known
        QVERIFY(!QFile::exists(path + QStringLiteral(".tmp")));
    }

    void uidStoreIgnoresALineCutByACrash()
    {
        QTemporaryDir temp;
        const QString path = Pop3UidStore::defaultFilePath(temp.path());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("uid-1\nuid-2\nuid-");
        file.close();
        Pop3UidStore store(path);
        QVERIFY(!store.load().isError());
        QCOMPARE(store.uids(), QSet<QByteArray>({"uid-1", "uid-2"}));
        QVERIFY(!store.add("uid-3", QDateTime::fromSecsSinceEpoch(1795687475, Qt::UTC)).isError());
        // Not glued to "uid-"; the lines of an older Wharf keep having no time.
        QCOMPARE(readFile(path), QByteArray("uid-1\nuid-2\nuid-3 1795687475\n"));
    }
};

QTEST_GUILESS_MAIN(TestMaildir)
#include "tst_maildir.moc"
