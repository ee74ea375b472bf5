// An account's local storage: its folder layout, body cache names that can't collide across
// folders or UIDVALIDITY changes, and POP3 mail in the Maildir indexed like IMAP mail.
#include "mail/store/mailaccountstorage.h"
#include "mail/store/maildir.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestMailAccountStorage : public QObject
{
    Q_OBJECT

private slots:
    void layoutAndCacheNames()
    {
        QTemporaryDir temp;
        MailAccountStorage storage(temp.filePath(QStringLiteral("account")));
        QVERIFY(!storage.open().isError());
        QVERIFY(QFile::exists(temp.filePath(QStringLiteral("account/index.sqlite"))));
        QVERIFY(storage.maildirPath().startsWith(storage.directory()));
        QVERIFY(storage.outboxPath().startsWith(storage.directory()));

        const QString inbox = storage.bodyCachePath(QStringLiteral("INBOX"), 7, 12);
        QVERIFY(inbox.startsWith(storage.directory() + QStringLiteral("/cache/")));
        QVERIFY(inbox.endsWith(QStringLiteral("/7-12.eml")));
        // Other folder, other UIDVALIDITY: other file. A hostile name stays inside the cache.
        QVERIFY(storage.bodyCachePath(QStringLiteral("Sent"), 7, 12) != inbox);
        QVERIFY(storage.bodyCachePath(QStringLiteral("INBOX"), 8, 12) != inbox);
        const QString hostile = storage.bodyCachePath(QStringLiteral("../../etc"), 1, 1);
        QVERIFY(!hostile.contains(QStringLiteral("..")));
    }

    void pop3MailIsIndexedFromTheMaildir()
    {
        QTemporaryDir temp;
        MailAccountStorage storage(temp.path());
        QVERIFY(!storage.open().isError());
        const Maildir maildir(storage.maildirPath());
        QVERIFY(!maildir.create().isError());
        QStringList files;
        for (const char *sample : {"mixed-alternative.eml", "charset-koi8-r.eml"}) {
            QFile file(QFINDTESTDATA(QStringLiteral("data/mime/") + QLatin1String(sample)));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QString name;
            QVERIFY(!maildir.deliver(file.readAll(), &name).isError());
            files.append(storage.maildirPath() + QStringLiteral("/new/") + name);
        }
        quint32 first = 0;
        quint32 second = 0;
        QVERIFY(!storage.indexMaildirMessage(files.at(0), &first).isError());
        QVERIFY(!storage.indexMaildirMessage(files.at(1), &second).isError());
        QCOMPARE(first, 1u);
        QCOMPARE(second, 2u);

        const QString folder = QString::fromLatin1(MailAccountStorage::pop3FolderPath);
        const std::optional<FolderInfo> info = storage.index().folder(folder);
        QVERIFY(info);
        QCOMPARE(info->specialUse, FolderInfo::SpecialUse::Inbox);
        QCOMPARE(storage.index().knownUids(folder), (QList<quint32> {1, 2}));
        const MessageSummary mixed = *storage.index().summary(folder, 1);
        QVERIFY(!mixed.subject.isEmpty());
        QVERIFY(mixed.hasAttachments);
        QCOMPARE(mixed.bodyFile, files.at(0));
        QVERIFY(mixed.isUnread());
        const MessageSummary russian = *storage.index().summary(folder, 2);
        QVERIFY2(russian.subject.contains(QChar(0x0440)) || russian.subject.contains(QChar(0x041F))
                || russian.subject.contains(QChar(0x043F)),
            qPrintable(russian.subject));
    }
};

QTEST_GUILESS_MAIN(TestMailAccountStorage)
#include "tst_mailaccountstorage.moc"
