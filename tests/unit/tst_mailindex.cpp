// The SQLite mail index: schema created and reopened, folders and their server state, a changed
// UIDVALIDITY dropping the cache, summaries stored and read back exactly, flags and counts,
// sort orders for the list, and the speed a 10,000 or 100,000 message folder needs.
#include "mail/store/mailindex.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

FolderInfo folderNamed(
    const QString &path, FolderInfo::SpecialUse use = FolderInfo::SpecialUse::None)
{
    FolderInfo info;
    info.path = path;
    info.encodedPath = path.toUtf8();
    info.delimiter = QLatin1Char('/');
    info.specialUse = use;
    return info;
}

MessageSummary message(quint32 uid, const QString &subject = {}, qint64 secondsSinceEpoch = 0)
{
    MessageSummary summary;
    summary.uid = uid;
    summary.subject = subject.isEmpty() ? QStringLiteral("Message %1").arg(uid) : subject;
    summary.fromName = QStringLiteral("Sender %1").arg(uid % 97);
    summary.fromAddress = QStringLiteral("sender%1@example.org").arg(uid % 97);
    summary.to = QStringLiteral("Me <me@example.org>");
    summary.date = QDateTime::fromSecsSinceEpoch(
        secondsSinceEpoch ? secondsSinceEpoch : 1700000000 + qint64(uid) * 60, Qt::UTC);
    summary.internalDate = summary.date.addSecs(5);
    summary.size = 2000 + uid % 3000;
    summary.messageId = "<" + QByteArray::number(uid) + "@example.org>";
    return summary;
}

QList<MessageSummary> manyMessages(int count)
{
    QList<MessageSummary> list;
    list.reserve(count);
    for (int i = 1; i <= count; ++i) {
        MessageSummary summary = message(quint32(i));
        if (i % 3 == 0)
            summary.flags = MessageFlag::Seen;
        list.append(summary);
    }
    return list;
}

} // namespace

class TestMailIndex : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_temp;
    int m_files = 0;

    QString freshPath() { return m_temp.filePath(QStringLiteral("index%1.sqlite").arg(++m_files)); }

private slots:
    void schemaIsCreatedAndReopened()
    {
        const QString path = freshPath();
        {
            MailIndex index;
            QCOMPARE(index.open(path).message(), QString());
            QVERIFY(index.isOpen());
            QVERIFY(index.upsertFolder(folderNamed(QStringLiteral("INBOX"))) > 0);
        }
        QVERIFY(QFile::exists(path));
        MailIndex again;
        QCOMPARE(again.open(path).message(), QString());
        QCOMPARE(again.folders().size(), 1);
        QCOMPARE(again.folders().constFirst().path, QStringLiteral("INBOX"));
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("PRAGMA user_version")) && query.next());
            QCOMPARE(query.value(0).toInt(), MailIndex::SchemaVersion);
            QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next());
            QCOMPARE(query.value(0).toString(), QStringLiteral("wal"));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
    }

    void newerSchemaAndGarbageAreRefused()
    {
        const QString newer = freshPath();
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            db.setDatabaseName(newer);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        MailIndex index;
        const Error error = index.open(newer);
        QCOMPARE(error.kind(), Error::Kind::Unsupported);
        QVERIFY(error.message().contains(QLatin1String("newer version")));
        QVERIFY(!index.isOpen());

        const QString garbage = freshPath();
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'x'));
        file.close();
        MailIndex broken;
        QVERIFY(broken.open(garbage).isError());
        QVERIFY(broken.folders().isEmpty()); // reads fail quietly, never crash
        QVERIFY(broken.storeSummaries(QStringLiteral("INBOX"), {message(1)}).isError());
    }

    void connectionsAreReleased()
    {
        const auto before = QSqlDatabase::connectionNames().size();
        {
            MailIndex first;
            MailIndex second;
            QVERIFY(!first.open(freshPath()).isError());
            QVERIFY(!second.open(freshPath()).isError());
            QVERIFY(!first.open(freshPath()).isError()); // reopening elsewhere
            QCOMPARE(QSqlDatabase::connectionNames().size(), before + 2);
        }
        QCOMPARE(QSqlDatabase::connectionNames().size(), before);
    }

    void upsertFolderKeepsIdAndState()
    {
        MailIndex index;
        QVERIFY(!index.open(freshPath()).isError());
        FolderInfo info = folderNamed(QStringLiteral("Sent"));
        info.messageCount = 50; // counts come from the cached messages, not from here
        const qint64 id = index.upsertFolder(info);
        QVERIFY(id > 0);
        QVERIFY(!index.setFolderState(QStringLiteral("Sent"), 7, 100, 5).error.isError());
        info.specialUse = FolderInfo::SpecialUse::Sent;
        info.encodedPath = "Gesendete &AMQ-";
        info.delimiter = QChar();
        info.selectable = false;
        Error error(Error::Kind::Internal, QStringLiteral("not reset"));
        QCOMPARE(index.upsertFolder(info, &error), id);
        QVERIFY(!error.isError());
        const std::optional<FolderInfo> stored = index.folder(QStringLiteral("Sent"));
        QVERIFY(stored);
        QCOMPARE(stored->specialUse, FolderInfo::SpecialUse::Sent);
        QCOMPARE(stored->encodedPath, QByteArray("Gesendete &AMQ-"));
        QVERIFY(stored->delimiter.isNull());
        QVERIFY(!stored->selectable);
        QCOMPARE(stored->uidValidity, 7u);
        QCOMPARE(stored->uidNext, 100u);
        QCOMPARE(stored->highestModSeq, 5u);
        QCOMPARE(stored->messageCount, 0);
        QVERIFY(!index.folder(QStringLiteral("sent"))); // names are case-sensitive
    }

    void summariesRoundTrip()
    {
        MailIndex index;
        QVERIFY(!index.open(freshPath()).isError());
        QVERIFY(index.upsertFolder(folderNamed(QStringLiteral("INBOX"))) > 0);
        MessageSummary full;
        full.uid = 42;
        full.subject = QStringLiteral("Grüße aus Köln — 東京 😀");
        full.fromName = QStringLiteral("Łukasz Żółw");
        full.fromAddress = QStringLiteral("lukasz@example.pl");
        full.to = QStringLiteral("Ana <ana@example.org>, bob@example.org");
        full.date = QDateTime(QDate(2025, 3, 9), QTime(14, 5, 7, 250), Qt::OffsetFromUTC, 3600);
        full.internalDate = QDateTime(QDate(2025, 3, 9), QTime(13, 6), Qt::UTC);
        full.size = 5'000'000'000; // over 32 bits
        full.flags = MessageFlag::Answered | MessageFlag::Flagged;
        full.extraFlags = {QStringLiteral("$Forwarded"), QStringLiteral("$Junk")};
        full.messageId = "<a\"b@example.org>";
        full.hasAttachments = true;
        full.bodyFile = QStringLiteral("/mail/cur/1.M1P2.host:2,S");
        MessageSummary bare;
        bare.uid = 7;
        bare.internalDate = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
        QVERIFY(!index.storeSummaries(QStringLiteral("INBOX"), {full, bare}).isError());

        const std::optional<MessageSummary> read = index.summary(QStringLiteral("INBOX"), 42);
        QVERIFY(read);
        QCOMPARE(read->uid, 42u);
        QCOMPARE(read->subject, full.subject);
        QCOMPARE(read->fromName, full.fromName);
        QCOMPARE(read->fromAddress, full.fromAddress);
        QCOMPARE(read->to, full.to);
        QCOMPARE(read->date, full.date);
        QCOMPARE(read->date.offsetFromUtc(), 3600); // the sender's zone survives
        QCOMPARE(read->internalDate, full.internalDate);
        QCOMPARE(read->size, full.size);
        QCOMPARE(read->flags, full.flags);
        QCOMPARE(read->extraFlags, full.extraFlags);
        QCOMPARE(read->messageId, full.messageId);
        QVERIFY(read->hasAttachments);
        QCOMPARE(read->bodyFile, full.bodyFile);

        const std::optional<MessageSummary> noDate = index.summary(QStringLiteral("INBOX"), 7);
        QVERIFY(noDate);
        QCOMPARE(noDate->date, bare.internalDate); // no Date header: the arrival shows
        QVERIFY(noDate->subject.isEmpty());
        QVERIFY(!index.summary(QStringLiteral("INBOX"), 8));
        QVERIFY(!index.summary(QStringLiteral("Nowhere"), 42));

        // A page: in the order asked, unknown UIDs skipped, a repeated one answered once.
        const QList<MessageSummary> page
            = index.summaries(QStringLiteral("INBOX"), {42, 99, 7, 42});
        QCOMPARE(page.size(), 2);
        QCOMPARE(page.at(0).uid, 42u);
        QCOMPARE(page.at(1).uid, 7u);
    }

    void storingAgainReplacesButKeepsTheBody()
    {
        MailIndex index;
        QVERIFY(!index.open(freshPath()).isError());
        QVERIFY(index.upsertFolder(folderNamed(QStringLiteral("INBOX"))) > 0);
        MessageSummary first = message(5, QStringLiteral("Draft title"));
        QVERIFY(!index.storeSummaries(QStringLiteral("INBOX"), {first}).isError());
        QVERIFY(
            !index.setBodyFile(QStringLiteral("INBOX"), 5, QStringLiteral("/m/cur/5")).isError());
        first.subject = QStringLiteral("Final title");
        first.flags = MessageFlag::Seen;
        QVERIFY(!index.storeSummaries(QStringLiteral("INBOX"), {first}).isError());
        const std::optional<MessageSummary> read = index.summary(QStringLiteral("INBOX"), 5);
        QCOMPARE(read->subject, QStringLiteral("Final title"));
        QCOMPARE(read->bodyFile, QStringLiteral("/m/cur/5"));
        QCOMPARE(index.counts(QStringLiteral("INBOX")).total, 1);
        QCOMPARE(index.counts(QStringLiteral("INBOX")).unread, 0);
        QVERIFY(!index.storeSummaries(QStringLiteral("INBOX"), {MessageSummary()}).isError());
        QCOMPARE(index.counts(QStringLiteral("INBOX")).total, 1); // UID 0 isn't a message
        QCOMPARE(index.setBodyFile(QStringLiteral("INBOX"), 6, QStringLiteral("x")).kind(),
            Error::Kind::NotFound);
        QCOMPARE(
            index.storeSummaries(QStringLiteral("Nowhere"), {first}).kind(), Error::Kind::NotFound);
    }

    void uidValidityChangeDropsTheCache()
    {
        MailIndex index;
        QVERIFY(!index.open(freshPath()).isError());
        QVERIFY(index.upsertFolder(folderNamed(QStringLiteral("INBOX"))) > 0);
        QVERIFY(index.upsertFolder(folderNamed(QStringLiteral("Other"))) > 0);
        MailIndex::FolderStateResult first
            = index.setFolderState(QStringLiteral("INBOX"), 100, 4, 0);
        QVERIFY(!first.error.isError());
        QVERIFY(!first.messagesDropped); // nothing was known before
        QVERIFY(!index.storeSummaries(QStringLiteral("INBOX"), {message(1), message(2), message(3)})
                     .isError());
        QVERIFY(!index.storeSummaries(QStringLiteral("Other"), {message(1)}).isError());
        QVERIFY(
            !index.setBodyFile(QStringLiteral("INBOX"), 2, QStringLiteral("/m/cur/2")).isError());

        const MailIndex::FolderStateResult same
            = index.setFolderState(QStringLiteral("INBOX"), 100, 9, 1ULL << 40);
        QVERIFY(!same.messagesDropped);
        QCOMPARE(index.knownUids(QStringLiteral("INBOX")).size(), 3);
        QCOMPARE(index.folder(QStringLiteral("INBOX"))->highestModSeq, 1ULL << 40);

        const MailIndex::FolderStateResult changed
            = index.setFolderState(QStringLiteral("INBOX"), 200, 1, 0);
        QVERIFY(!changed.error.isError());
        QVERIFY(changed.messagesDropped);
        QCOMPARE(changed.droppedBodyFiles, QStringList {QStringLiteral("/m/cur/2")});
        QVERIFY(index.knownUids(QStringLiteral("INBOX")).isEmpty());
        QCOMPARE(index.counts(QStringLiteral("INBOX")).total, 0);
        QCOMPARE(index.counts(QStringLiteral("INBOX")).unread, 0);
        const std::optional<FolderInfo> inbox = index.folder(QStringLiteral("INBOX"));
        QCOMPARE(inbox->uidValidity, 200u);
        QCOMPARE(inbox->uidNext, 1u);
        QCOMPARE(index.knownUids(QStringLiteral("Other")), QList<quint32> {1}); // untouched
        QCOMPARE(index.setFolderState(QStringLiteral("Nowhere"), 1, 1, 0).error.kind(),
            Error::Kind::NotFound);
    }

    void flagsAndCountsStayInStep()
    {
        MailIndex index;
        QVERIFY(!index.open(freshPath()).isError());
        QVERIFY(index.upsertFolder(folderNamed(QStringLiteral("INBOX"))) > 0);
        QList<MessageSummary> list {message(1), message(2), message(3), message(4)};
        list[0].flags = MessageFlag::Seen;
        QVERIFY(!index.storeSummaries(QStringLiteral("INBOX"), list).isError());
        QCOMPARE(index.counts(QStringLiteral("INBOX")).total, 4);
        QCOMPARE(index.counts(QStringLiteral("INBOX")).unread, 3);

        QVERIFY(!index
                     .updateFlags(QStringLiteral("INBOX"), 2,
                         MessageFlag::Seen | MessageFlag::Flagged, {QStringLiteral("$Label1")})
                     .isError());
        QCOMPARE(index.counts(QStringLiteral("INBOX")).unread, 2);
        const std::optional<MessageSummary> two = index.summary(QStringLiteral("INBOX"), 2);
        QCOMPARE(two->flags, MessageFlag::Seen | MessageFlag::Flagged);
        QCOMPARE(two->extraFlags, QStringList {QStringLiteral("$Label1")});
        QCOMPARE(index.updateFlags(QStringLiteral("INBOX"), 99, MessageFlag::Seen).kind(),
            Error::Kind::NotFound);

        // The batch a sync makes: unknown UIDs are skipped, unchanged ones cost nothing.
        QVERIFY(!index
                     .updateFlags(QStringLiteral("INBOX"),
                         QList<MailIndex::FlagUpdate> {
                             {1, {}, {}}, {3, MessageFlag::Seen, {}}, {4, {}, {}}, {77, {}, {}}})
                     .isError());
        QCOMPARE(index.counts(QStringLiteral("INBOX")).unread, 2); // 1 unread again, 3 read

        QStringList dropped;
        QVERIFY(!index.setBodyFile(QStringLiteral("INBOX"), 4, QStringLiteral("/m/4")).isError());
        QVERIFY(!index.removeUids(QStringLiteral("INBOX"), {4, 3, 1000}, &dropped).isError());
        QCOMPARE(dropped, QStringList {QStringLiteral("/m/4")});
        QCOMPARE(index.knownUids(QStringLiteral("INBOX")), (QList<quint32> {1, 2}));
        QCOMPARE(index.counts(QStringLiteral("INBOX")).total, 2);
        QCOMPARE(index.counts(QStringLiteral("INBOX")).unread, 1);
        QCOMPARE(index.folders().constFirst().unreadCount, 1);
        QCOMPARE(index.highestUid(QStringLiteral("INBOX")), 2u);
    }

    void removeFolderDropsItsMessagesOnly()
    {
        MailIndex index;
        QVERIFY(!index.open(freshPath()).isError());
        QVERIFY(index.upsertFolder(folderNamed(QStringLiteral("A"))) > 0);
        QVERIFY(index.upsertFolder(folderNamed(QStringLiteral("B"))) > 0);
        QVERIFY(!index.storeSummaries(QStringLiteral("A"), {message(1), message(2)}).isError());
        QVERIFY(!index.storeSummaries(QStringLiteral("B"), {message(1)}).isError());
        QVERIFY(!index.setBodyFile(QStringLiteral("A"), 1, QStringLiteral("/a/1")).isError());
        QStringList dropped;
        QVERIFY(!index.removeFolder(QStringLiteral("A"), &dropped).isError());
        QCOMPARE(dropped, QStringList {QStringLiteral("/a/1")});
        QVERIFY(!index.folder(QStringLiteral("A")));
        QCOMPARE(index.folders().size(), 1);
        QVERIFY(index.knownUids(QStringLiteral("A")).isEmpty());
        QCOMPARE(index.knownUids(QStringLiteral("B")), QList<quint32> {1});
        QCOMPARE(index.removeFolder(QStringLiteral("A")).kind(), Error::Kind::NotFound);
        // A folder of the same name later starts empty.
        QVERIFY(index.upsertFolder(folderNamed(QStringLiteral("A"))) > 0);
        QVERIFY(index.knownUids(QStringLiteral("A")).isEmpty());
        QCOMPARE(index.counts(QStringLiteral("A")).total, 0);
    }

    void listOrders()
    {
        MailIndex index;
        QVERIFY(!index.open(freshPath()).isError());
        QVERIFY(index.upsertFolder(folderNamed(QStringLiteral("INBOX"))) > 0);
        MessageSummary a = message(1, QStringLiteral("Re: beta"), 3000);
        MessageSummary b = message(2, QStringLiteral("alpha"), 1000);
        MessageSummary c = message(3, QStringLiteral("Charlie"), 2000);
        MessageSummary d = message(4, QStringLiteral("FWD: RE: Alpha"), 2000); // same date as c
        a.fromName = QStringLiteral("zed");
        b.fromName.clear();
        b.fromAddress = QStringLiteral("Anna@example.org");
        c.fromName = QStringLiteral("Émile");
        d.fromName = QStringLiteral("bea");
        a.size = 10;
        b.size = 40;
        c.size = 30;
        d.size = 20;
        a.to = QStringLiteral("b");
        b.to = QStringLiteral("A");
        c.to = QStringLiteral("c");
        d.to = QStringLiteral("D");
        QVERIFY(!index.storeSummaries(QStringLiteral("INBOX"), {c, a, d, b}).isError());
        const QString inbox = QStringLiteral("INBOX");
        using Column = MailIndex::SortColumn;
        QCOMPARE(index.orderedUids(inbox, Column::Date, Qt::AscendingOrder),
            (QList<quint32> {2, 3, 4, 1}));
        QCOMPARE(index.orderedUids(inbox, Column::Date, Qt::DescendingOrder),
            (QList<quint32> {1, 4, 3, 2}));
        // "alpha" and "FWD: RE: Alpha" are the same conversation; ties go by UID.
        QCOMPARE(index.orderedUids(inbox, Column::Subject, Qt::AscendingOrder),
            (QList<quint32> {2, 4, 1, 3}));
        QCOMPARE(index.orderedUids(inbox, Column::From, Qt::AscendingOrder),
            (QList<quint32> {2, 4, 1, 3})); // anna@, bea, zed, Émile (code points)
        QCOMPARE(index.orderedUids(inbox, Column::To, Qt::AscendingOrder),
            (QList<quint32> {2, 1, 3, 4}));
        QCOMPARE(index.orderedUids(inbox, Column::Size, Qt::DescendingOrder),
            (QList<quint32> {2, 3, 4, 1}));
        QCOMPARE(index.orderedUids(inbox, Column::Uid, Qt::AscendingOrder),
            (QList<quint32> {1, 2, 3, 4}));
        QCOMPARE(index.knownUids(inbox), (QList<quint32> {1, 2, 3, 4}));
    }

    void tenThousandMessagesAreQuick()
    {
        const QString path = freshPath();
        const QList<MessageSummary> list = manyMessages(10'000);
        QElapsedTimer timer;
        {
            MailIndex index;
            QVERIFY(!index.open(path).isError());
            QVERIFY(index.upsertFolder(folderNamed(QStringLiteral("INBOX"))) > 0);
            timer.start();
            QVERIFY(!index.storeSummaries(QStringLiteral("INBOX"), list).isError());
            const qint64 storeMs = timer.elapsed();
            qInfo("storing 10,000 summaries: %lld ms", storeMs);
            QVERIFY2(storeMs < 3000, qPrintable(QString::number(storeMs)));

            QList<MailIndex::FlagUpdate> updates;
            for (const MessageSummary &summary : list)
                updates.append({summary.uid, summary.flags | MessageFlag::Seen, {}});
            timer.start();
            QVERIFY(!index.updateFlags(QStringLiteral("INBOX"), updates).isError());
            qInfo("a flag sync of 10,000 messages: %lld ms", timer.elapsed());
            QCOMPARE(index.counts(QStringLiteral("INBOX")).unread, 0);
        }
        // The second open of a folder: index, list order and the first page of rows.
        timer.start();
        MailIndex index;
        QVERIFY(!index.open(path).isError());
        const QList<quint32> order = index.orderedUids(
            QStringLiteral("INBOX"), MailIndex::SortColumn::Date, Qt::DescendingOrder);
        const QList<MessageSummary> firstPage
            = index.summaries(QStringLiteral("INBOX"), order.mid(0, 200));
        const qint64 reopenMs = timer.elapsed();
        qInfo("reopening a 10,000 message folder (order + first page): %lld ms", reopenMs);
        QCOMPARE(order.size(), 10'000);
        QCOMPARE(order.constFirst(), 10'000u);
        QCOMPARE(firstPage.size(), 200);
        QVERIFY2(reopenMs < 1500, qPrintable(QString::number(reopenMs)));
    }

    void hundredThousandMessagesAreQuick()
    {
        MailIndex index;
        QVERIFY(!index.open(freshPath()).isError());
        QVERIFY(index.upsertFolder(folderNamed(QStringLiteral("INBOX"))) > 0);
        const QList<MessageSummary> list = manyMessages(100'000);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!index.storeSummaries(QStringLiteral("INBOX"), list).isError());
        const qint64 storeMs = timer.elapsed();
        qInfo("storing 100,000 summaries: %lld ms", storeMs);
        QVERIFY2(storeMs < 20000, qPrintable(QString::number(storeMs)));
        QCOMPARE(index.counts(QStringLiteral("INBOX")).total, 100'000);
        QCOMPARE(index.counts(QStringLiteral("INBOX")).unread, 100'000 - 100'000 / 3);
        for (const auto column : {MailIndex::SortColumn::Date, MailIndex::SortColumn::Subject,
                 MailIndex::SortColumn::From, MailIndex::SortColumn::Size}) {
            timer.start();
            const QList<quint32> order
                = index.orderedUids(QStringLiteral("INBOX"), column, Qt::DescendingOrder);
            qInfo("ordering 100,000 UIDs by column %d: %lld ms", int(column), timer.elapsed());
            QCOMPARE(order.size(), 100'000);
        }
        QList<quint32> half;
        for (quint32 uid = 2; uid <= 100'000; uid += 2)
            half.append(uid);
        timer.start();
        QVERIFY(!index.removeUids(QStringLiteral("INBOX"), half).isError());
        qInfo("removing 50,000 UIDs: %lld ms", timer.elapsed());
        QCOMPARE(index.counts(QStringLiteral("INBOX")).total, 50'000);
        QCOMPARE(index.highestUid(QStringLiteral("INBOX")), 99'999u);
    }

    void imapFlagAtoms()
    {
        QStringList extra;
        const MessageFlags flags = MessageSummary::flagsFromImap(
            {"\\Seen", "\\ANSWERED", "\\flagged", "\\Deleted", "\\Draft", "\\Recent", "$Forwarded",
                "$forwarded", "\\Unknown", ""},
            &extra);
        QCOMPARE(flags,
            MessageFlag::Seen | MessageFlag::Answered | MessageFlag::Flagged | MessageFlag::Deleted
                | MessageFlag::Draft | MessageFlag::Recent);
        QCOMPARE(extra, (QStringList {QStringLiteral("$Forwarded"), QStringLiteral("\\Unknown")}));
        QCOMPARE(MessageSummary::flagsFromImap({"$Junk"}), MessageFlags());

        QCOMPARE(MessageSummary::imapFlags(
                     MessageFlag::Seen | MessageFlag::Recent | MessageFlag::Flagged,
                     {QStringLiteral("$Junk"), QStringLiteral("$junk"), QStringLiteral("bad word"),
                         QStringLiteral("x\r\nA1 LOGOUT"), QStringLiteral("(paren"),
                         QStringLiteral("\\Recent"), QString()}),
            (QByteArrayList {"\\Seen", "\\Flagged", "$Junk"}));
        QVERIFY(MessageSummary::isValidFlagAtom("\\Seen"));
        QVERIFY(MessageSummary::isValidFlagAtom("$Label1"));
        QVERIFY(!MessageSummary::isValidFlagAtom("\\"));
        QVERIFY(!MessageSummary::isValidFlagAtom("a]b"));
        QVERIFY(!MessageSummary::isValidFlagAtom("caf\xc3\xa9"));
    }
};

QTEST_GUILESS_MAIN(TestMailIndex)
#include "tst_mailindex.moc"
