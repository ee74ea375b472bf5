// The message list model over a real index: what each column and role shows, sorting that
// keeps the selection, live additions, removals and flag changes with the right signals, and a
// 100,000 message folder that opens fast and keeps few summaries in memory.
#include "mail/messagelistmodel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace {

const QString inbox = QStringLiteral("INBOX");

// UID n was sent n minutes after a fixed moment, so date order is UID order.
MessageSummary message(quint32 uid)
{
    MessageSummary summary;
    summary.uid = uid;
    summary.subject = QStringLiteral("Subject %1").arg(uid, 6, 10, QLatin1Char('0'));
    summary.fromName = QStringLiteral("Sender %1").arg(uid % 10);
    summary.fromAddress = QStringLiteral("s%1@example.org").arg(uid % 10);
    summary.to = QStringLiteral("Recipient %1").arg(uid);
    summary.date = QDateTime::fromSecsSinceEpoch(1600000000 + qint64(uid) * 60, Qt::UTC);
    summary.size = 1000 + uid;
    summary.flags = uid % 2 ? MessageFlags(MessageFlag::Seen) : MessageFlags();
    summary.messageId = "<" + QByteArray::number(uid) + "@example.org>";
    return summary;
}

QList<MessageSummary> messages(quint32 first, quint32 last, quint32 step = 1)
{
    QList<MessageSummary> list;
    for (quint32 uid = first; uid <= last; uid += step)
        list.append(message(uid));
    return list;
}

// Heap bytes in use (glibc), 0 where unknown: what the model allocates shows up here.
qint64 heapInUse()
{
#ifdef __GLIBC__
    return qint64(mallinfo2().uordblks);
#else
    return 0;
#endif
}

QList<quint32> uidsOf(const MessageListModel &model)
{
    QList<quint32> uids;
    for (int row = 0; row < model.rowCount(); ++row)
        uids.append(model.uidAt(row));
    return uids;
}

struct Fixture
{
    QTemporaryDir dir;
    MailIndex index;

    explicit Fixture(const QList<MessageSummary> &list,
        FolderInfo::SpecialUse use = FolderInfo::SpecialUse::None)
    {
        QVERIFY(!index.open(dir.filePath(QStringLiteral("index.sqlite"))).isError());
        FolderInfo info;
        info.path = inbox;
        info.specialUse = use;
        QVERIFY(index.upsertFolder(info) > 0);
        QVERIFY(!index.storeSummaries(inbox, list).isError());
    }
};

} // namespace

class TestMessageListModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void columnsAndRoles()
    {
        QList<MessageSummary> list = messages(1, 3);
        list[1].subject.clear();
        list[1].fromName.clear();
        list[1].hasAttachments = true;
        list[1].flags = MessageFlag::Flagged;
        list[1].extraFlags = {QStringLiteral("$Forwarded")};
        list[1].size = 2560;
        Fixture fixture(list);
        MessageListModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFolder(&fixture.index, inbox);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.headerData(MessageListModel::FromColumn, Qt::Horizontal, Qt::DisplayRole)
                     .toString(),
            QStringLiteral("From"));
        // Newest first by default.
        QCOMPARE(uidsOf(model), (QList<quint32> {3, 2, 1}));
        const auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
            return model.data(model.index(row, column), role);
        };
        QCOMPARE(
            cell(0, MessageListModel::SubjectColumn).toString(), QStringLiteral("Subject 000003"));
        QCOMPARE(cell(0, MessageListModel::FromColumn).toString(), QStringLiteral("Sender 3"));
        QCOMPARE(cell(0, MessageListModel::FromColumn, Qt::ToolTipRole).toString(),
            QStringLiteral("Sender 3 <s3@example.org>"));
        QCOMPARE(
            cell(1, MessageListModel::SubjectColumn).toString(), QStringLiteral("(no subject)"));
        QCOMPARE(
            cell(1, MessageListModel::FromColumn).toString(), QStringLiteral("s2@example.org"));
        QCOMPARE(cell(1, MessageListModel::SizeColumn).toString(), QStringLiteral("2.5 kB"));
        QCOMPARE(
            cell(1, MessageListModel::SizeColumn, MessageListModel::SortRole).toLongLong(), 2560);
        const QDateTime sent = list[1].date;
        QCOMPARE(
            cell(1, MessageListModel::DateColumn, MessageListModel::SortRole).toDateTime(), sent);
        QCOMPARE(cell(1, MessageListModel::DateColumn).toString(),
            QLocale().toString(sent.toLocalTime(), QLocale::ShortFormat));
        QCOMPARE(cell(1, 0, MessageListModel::UidRole).toUInt(), 2u);
        QCOMPARE(cell(1, 0, MessageListModel::IsUnreadRole).toBool(), true);
        QCOMPARE(cell(0, 0, MessageListModel::IsUnreadRole).toBool(), false);
        QCOMPARE(cell(1, 0, MessageListModel::IsFlaggedRole).toBool(), true);
        QCOMPARE(cell(1, 0, MessageListModel::FlagsRole).value<MessageFlags>(),
            MessageFlags(MessageFlag::Flagged));
        QCOMPARE(cell(1, 0, MessageListModel::ExtraFlagsRole).toStringList(),
            QStringList {QStringLiteral("$Forwarded")});
        QCOMPARE(cell(1, 0, MessageListModel::HasAttachmentsRole).toBool(), true);
        QCOMPARE(cell(1, 0, MessageListModel::MessageIdRole).toByteArray(),
            QByteArray("<2@example.org>"));
        QCOMPARE(model.summaryAt(2).subject, QStringLiteral("Subject 000001"));
        QCOMPARE(model.rowOfUid(1), 2);
        QCOMPARE(model.rowOfUid(99), -1);
        QVERIFY(!cell(0, 0, Qt::DecorationRole).isValid());

        model.setFolder(nullptr, {});
        QCOMPARE(model.rowCount(), 0);
    }

    void sentFolderShowsRecipients()
    {
        Fixture fixture(messages(1, 3), FolderInfo::SpecialUse::Sent);
        MessageListModel model;
        QSignalSpy headers(&model, &QAbstractItemModel::headerDataChanged);
        model.setFolder(&fixture.index, inbox);
        QVERIFY(model.showsRecipients());
        QVERIFY(!headers.isEmpty());
        QCOMPARE(model.headerData(MessageListModel::FromColumn, Qt::Horizontal, Qt::DisplayRole)
                     .toString(),
            QStringLiteral("To"));
        QCOMPARE(model.data(model.index(0, MessageListModel::FromColumn)).toString(),
            QStringLiteral("Recipient 3"));
        model.sort(MessageListModel::FromColumn, Qt::AscendingOrder); // by recipient
        QCOMPARE(uidsOf(model), (QList<quint32> {1, 2, 3}));
    }

    void sortingKeepsTheSelection()
    {
        QList<MessageSummary> list = messages(1, 4);
        list[0].subject = QStringLiteral("delta");
        list[1].subject = QStringLiteral("Re: alpha");
        list[2].subject = QStringLiteral("Charlie");
        list[3].subject = QStringLiteral("bravo");
        list[0].fromName = QStringLiteral("Zoë");
        list[1].fromName = QStringLiteral("adam");
        list[2].fromName = QStringLiteral("Bert");
        list[3].fromName = QStringLiteral("carl");
        Fixture fixture(list);
        MessageListModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFolder(&fixture.index, inbox);
        const QPersistentModelIndex selected = model.index(model.rowOfUid(3), 1);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        model.sort(MessageListModel::SubjectColumn, Qt::AscendingOrder);
        QCOMPARE(uidsOf(model), (QList<quint32> {2, 4, 3, 1}));
        QCOMPARE(selected.row(), 2);
        QCOMPARE(selected.column(), 1);
        QCOMPARE(selected.data(MessageListModel::UidRole).toUInt(), 3u);
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("Re: alpha"));

        model.sort(MessageListModel::FromColumn, Qt::DescendingOrder);
        QCOMPARE(uidsOf(model), (QList<quint32> {1, 4, 3, 2}));
        QCOMPARE(selected.data(MessageListModel::UidRole).toUInt(), 3u);

        model.sort(MessageListModel::DateColumn, Qt::AscendingOrder);
        QCOMPARE(uidsOf(model), (QList<quint32> {1, 2, 3, 4}));
        model.sort(MessageListModel::SizeColumn, Qt::DescendingOrder);
        QCOMPARE(uidsOf(model), (QList<quint32> {4, 3, 2, 1}));
        QCOMPARE(model.sortColumn(), int(MessageListModel::SizeColumn));
        QCOMPARE(selected.row(), 1);
        QCOMPARE(layout.size(), 4);
        QCOMPARE(reset.size(), 0);
    }

    void newMessagesAreInsertedInPlace()
    {
        Fixture fixture(messages(2, 20, 2)); // 2, 4, ..., 20
        MessageListModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFolder(&fixture.index, inbox);
        model.sort(MessageListModel::DateColumn, Qt::AscendingOrder);
        (void)model.data(model.index(0, 0)); // a cached page must not go stale
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        const QList<MessageSummary> arrived {message(7), message(9), message(21), message(1)};
        QVERIFY(!fixture.index.storeSummaries(inbox, arrived).isError());
        model.messagesAdded(arrived);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(uidsOf(model), (QList<quint32> {1, 2, 4, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20, 21}));
        // One signal per run of adjacent new rows: [1], [7], [9], [21].
        QCOMPARE(inserted.size(), 4);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 0);
        QCOMPARE(inserted.at(3).at(1).toInt(), 13);
        QCOMPARE(model.data(model.index(4, 0)).toString(), QStringLiteral("Subject 000007"));
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("Subject 000001"));

        // Adjacent arrivals come as one range.
        inserted.clear();
        const QList<MessageSummary> run {message(22), message(23), message(24)};
        QVERIFY(!fixture.index.storeSummaries(inbox, run).isError());
        model.messagesAdded(run);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 14);
        QCOMPARE(inserted.at(0).at(2).toInt(), 16);

        // A message stored again only changes its row.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        MessageSummary renamed = message(8);
        renamed.subject = QStringLiteral("Renamed");
        QVERIFY(!fixture.index.storeSummaries(inbox, {renamed}).isError());
        inserted.clear();
        model.messagesAdded({renamed});
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 5);
        QCOMPARE(model.data(model.index(5, 0)).toString(), QStringLiteral("Renamed"));
    }

    void manyNewMessagesResetTheModel()
    {
        Fixture fixture(messages(1, 10));
        MessageListModel model;
        model.setFolder(&fixture.index, inbox);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        const QList<MessageSummary> flood = messages(11, 11 + MessageListModel::ResetThreshold);
        QVERIFY(!fixture.index.storeSummaries(inbox, flood).isError());
        model.messagesAdded(flood);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(model.rowCount(), 11 + MessageListModel::ResetThreshold);
    }

    void removedMessagesLeaveInRuns()
    {
        Fixture fixture(messages(1, 10));
        MessageListModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFolder(&fixture.index, inbox);
        model.sort(MessageListModel::DateColumn, Qt::AscendingOrder);
        (void)model.data(model.index(9, 0));
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        const QList<quint32> gone {2, 3, 4, 8, 10, 77};
        QVERIFY(!fixture.index.removeUids(inbox, gone).isError());
        model.messagesRemoved(gone);
        QCOMPARE(uidsOf(model), (QList<quint32> {1, 5, 6, 7, 9}));
        // Bottom up: [9], [7], [1..3].
        QCOMPARE(removed.size(), 3);
        QCOMPARE(removed.at(0).at(1).toInt(), 9);
        QCOMPARE(removed.at(1).at(1).toInt(), 7);
        QCOMPARE(removed.at(2).at(1).toInt(), 1);
        QCOMPARE(removed.at(2).at(2).toInt(), 3);
        QCOMPARE(model.data(model.index(4, 0)).toString(), QStringLiteral("Subject 000009"));
    }

    void flagChangesTouchOneRow()
    {
        Fixture fixture(messages(1, 5));
        MessageListModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFolder(&fixture.index, inbox);
        const int row = model.rowOfUid(4);
        QVERIFY(model.data(model.index(row, 0), MessageListModel::IsUnreadRole).toBool());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(!fixture.index.updateFlags(inbox, 4, MessageFlag::Seen | MessageFlag::Flagged)
                     .isError());
        model.flagsChanged(4, MessageFlag::Seen | MessageFlag::Flagged);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(row, 0));
        QCOMPARE(changed.at(0).at(1).toModelIndex(),
            model.index(row, MessageListModel::ColumnCount - 1));
        QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(MessageListModel::IsUnreadRole));
        QVERIFY(!model.data(model.index(row, 0), MessageListModel::IsUnreadRole).toBool());
        QVERIFY(model.data(model.index(row, 0), MessageListModel::IsFlaggedRole).toBool());
        model.flagsChanged(99, MessageFlag::Seen); // not listed: nothing happens
        QCOMPARE(changed.size(), 1);
    }

    void hundredThousandRows()
    {
        const int count = 100'000;
        Fixture fixture(messages(1, count));
        MessageListModel model;
        const qint64 memoryBefore = heapInUse();
        QElapsedTimer timer;
        timer.start();
        model.setFolder(&fixture.index, inbox);
        const qint64 openMs = timer.elapsed();
        qInfo("setFolder with 100,000 messages: %lld ms", openMs);
        QCOMPARE(model.rowCount(), count);
        QVERIFY2(openMs < 500, qPrintable(QString::number(openMs)));

        // Jumping around the whole list, as a scroll bar dragged end to end does.
        QRandomGenerator random(42);
        timer.start();
        for (int i = 0; i < 2000; ++i) {
            const int row = int(random.bounded(count));
            const QString subject = model.data(model.index(row, 0)).toString();
            if (subject != QStringLiteral("Subject %1").arg(count - row, 6, 10, QLatin1Char('0')))
                QFAIL(qPrintable(QStringLiteral("row %1 shows %2").arg(row).arg(subject)));
            QVERIFY(model.cachedPageCount() <= MessageListModel::MaxCachedPages);
        }
        const qint64 randomMs = timer.elapsed();
        qInfo("2,000 random rows: %lld ms", randomMs);
        QVERIFY2(randomMs < 5000, qPrintable(QString::number(randomMs)));

        // Scrolling through every row, all columns.
        timer.start();
        for (int row = 0; row < count; ++row) {
            for (int column = 0; column < MessageListModel::ColumnCount; ++column)
                (void)model.data(model.index(row, column));
        }
        const qint64 scrollMs = timer.elapsed();
        qInfo("every row of 100,000: %lld ms", scrollMs);
        QCOMPARE(model.cachedPageCount(), MessageListModel::MaxCachedPages);
        // Memory: 4 bytes a row for the order plus at most 50 pages of 200 summaries, however
        // long the folder: about 10,000 summaries for 100,000 rows.
        QVERIFY(MessageListModel::MaxCachedPages * MessageListModel::PageSize <= count / 10);
        const qint64 grown = heapInUse() - memoryBefore;
        qInfo("heap grown by the model (and SQLite's page cache): %lld KiB, %lld bytes a row",
            grown / 1024, grown / count);
        QVERIFY2(grown < qint64(count) * 512, qPrintable(QString::number(grown)));

        timer.start();
        model.sort(MessageListModel::SubjectColumn, Qt::AscendingOrder);
        qInfo("sorting 100,000 rows by subject: %lld ms", timer.elapsed());
        QCOMPARE(model.uidAt(0), 1u);
        QCOMPARE(model.uidAt(count - 1), quint32(count));
    }
};

QTEST_GUILESS_MAIN(TestMessageListModel)
#include "tst_messagelistmodel.moc"
