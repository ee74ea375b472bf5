// The folder tree: hierarchy from "/" and "." delimiters, flat names without one, special-use
// folders first, missing parents as non-selectable nodes, unread counts, and updates that
// insert and remove rows instead of resetting the tree.
#include "mail/foldermodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace {

using SpecialUse = FolderInfo::SpecialUse;

FolderInfo folder(
    const QString &path, QChar delimiter = QLatin1Char('/'), SpecialUse use = SpecialUse::None)
{
    FolderInfo info;
    info.path = path;
    info.encodedPath = path.toUtf8();
    info.delimiter = delimiter;
    info.specialUse = use;
    return info;
}

// "Name[child, child]" for the whole tree, by display text: easy to compare at a glance.
QString outline(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    QStringList parts;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        QString part = index.data().toString();
        if (model.rowCount(index) > 0)
            part += QLatin1Char('[') + outline(model, index) + QLatin1Char(']');
        parts.append(part);
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

class TestFolderModel : public QObject
{
    Q_OBJECT

private slots:
    // Names sort by the person's locale: pin one.
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void slashHierarchyWithSpecialUseFirst()
    {
        FolderModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFolders({
            folder(QStringLiteral("zebra")),
            folder(QStringLiteral("Trash"), QLatin1Char('/'), SpecialUse::Trash),
            folder(QStringLiteral("Work/2026")),
            folder(QStringLiteral("Work")),
            folder(QStringLiteral("apple")),
            folder(QStringLiteral("Sent Items"), QLatin1Char('/'), SpecialUse::Sent),
            folder(QStringLiteral("INBOX")),
            folder(QStringLiteral("Junk"), QLatin1Char('/'), SpecialUse::Junk),
            folder(QStringLiteral("Drafts"), QLatin1Char('/'), SpecialUse::Drafts),
            folder(QStringLiteral("Archive"), QLatin1Char('/'), SpecialUse::Archive),
            folder(QStringLiteral("Work/2025")),
            folder(QStringLiteral("Ärger")),
            folder(QStringLiteral("Report 10")),
            folder(QStringLiteral("Report 9")),
            folder(QStringLiteral("All Mail"), QLatin1Char('/'), SpecialUse::All),
        });
        QCOMPARE(outline(model),
            QStringLiteral("Inbox, Drafts, Sent Items, Archive, Junk, Trash, All Mail, apple, "
                           "Ärger, Report 9, Report 10, Work[2025, 2026], zebra"));
        const QModelIndex inbox = model.index(0, 0);
        QCOMPARE(inbox.data(FolderModel::PathRole).toString(), QStringLiteral("INBOX"));
        QCOMPARE(inbox.data(FolderModel::SpecialUseRole).value<SpecialUse>(), SpecialUse::Inbox);
        const QModelIndex year = model.indexForPath(QStringLiteral("Work/2026"));
        QVERIFY(year.isValid());
        QCOMPARE(year.data().toString(), QStringLiteral("2026"));
        QCOMPARE(year.parent().data(FolderModel::PathRole).toString(), QStringLiteral("Work"));
        QCOMPARE(year.data(FolderModel::EncodedPathRole).toByteArray(), QByteArray("Work/2026"));
        QVERIFY(year.data(FolderModel::SelectableRole).toBool());
        QVERIFY(model.flags(year) & Qt::ItemIsSelectable);
        QCOMPARE(model.folderInfo(year).path, QStringLiteral("Work/2026"));
        QVERIFY(!model.indexForPath(QStringLiteral("Nowhere")).isValid());
    }

    void dotDelimiterAndMissingParents()
    {
        FolderModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QChar dot(QLatin1Char('.'));
        FolderInfo noSelect = folder(QStringLiteral("INBOX.Lists"), dot);
        noSelect.selectable = false;
        model.setFolders({
            folder(QStringLiteral("INBOX"), dot),
            folder(QStringLiteral("INBOX.Sent"), dot, SpecialUse::Sent),
            folder(QStringLiteral("INBOX.Projects.Wharf.Design"), dot),
            noSelect,
            folder(QStringLiteral("INBOX.Lists.qt-interest"), dot),
            folder(QStringLiteral("INBOX.Drafts"), dot, SpecialUse::Drafts),
        });
        QCOMPARE(outline(model),
            QStringLiteral("Inbox[Drafts, Sent, Lists[qt-interest], Projects[Wharf[Design]]]"));
        // Projects and Projects.Wharf were never listed: shown, not selectable.
        const QModelIndex projects = model.indexForPath(QStringLiteral("INBOX.Projects"));
        QVERIFY(projects.isValid());
        QVERIFY(!projects.data(FolderModel::SelectableRole).toBool());
        QVERIFY(!(model.flags(projects) & Qt::ItemIsSelectable));
        QVERIFY(model.flags(projects) & Qt::ItemIsEnabled);
        QVERIFY(projects.data(FolderModel::EncodedPathRole).toByteArray().isEmpty());
        QVERIFY(model.indexForPath(QStringLiteral("INBOX.Projects.Wharf")).isValid());
        const QModelIndex lists = model.indexForPath(QStringLiteral("INBOX.Lists"));
        QVERIFY(!lists.data(FolderModel::SelectableRole).toBool());
        QCOMPARE(model.rowCount(lists), 1);
    }

    void flatNamesWithoutDelimiter()
    {
        FolderModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFolders({folder(QStringLiteral("INBOX"), QChar()),
            folder(QStringLiteral("a/b.c"), QChar()), folder(QStringLiteral("Zeta"), QChar())});
        QCOMPARE(outline(model), QStringLiteral("Inbox, a/b.c, Zeta"));
        QCOMPARE(model.rowCount(model.index(1, 0)), 0);
    }

    void oddPathsDontBreakTheTree()
    {
        FolderModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFolders({folder(QStringLiteral("a//b")), folder(QStringLiteral("/lead")),
            folder(QStringLiteral("trail/")), folder(QString()), folder(QStringLiteral("x")),
            folder(QStringLiteral("x"))});
        QVERIFY(model.indexForPath(QStringLiteral("a//b")).isValid());
        QVERIFY(model.indexForPath(QStringLiteral("trail/")).isValid());
        QCOMPARE(model.indexForPath(QStringLiteral("trail/")).data().toString(),
            QStringLiteral("trail/"));
        int xs = 0;
        for (int row = 0; row < model.rowCount(); ++row)
            xs += model.index(row, 0).data(FolderModel::PathRole).toString() == QLatin1String("x");
        QCOMPARE(xs, 1); // listed twice, shown once
    }

    void unreadCountsUpdateOneIndex()
    {
        FolderModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        FolderInfo work = folder(QStringLiteral("Work"));
        work.unreadCount = 2;
        work.messageCount = 10;
        model.setFolders(
            {folder(QStringLiteral("INBOX")), work, folder(QStringLiteral("Work/Old"))});
        const QModelIndex index = model.indexForPath(QStringLiteral("Work"));
        QCOMPARE(index.data(FolderModel::UnreadCountRole).toInt(), 2);
        QCOMPARE(index.data(FolderModel::TotalCountRole).toInt(), 10);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.updateCounts(QStringLiteral("Work/Old"), 40, 3);
        QCOMPARE(changed.size(), 1);
        const QModelIndex old = model.indexForPath(QStringLiteral("Work/Old"));
        QCOMPARE(changed.at(0).at(0).toModelIndex(), old);
        QCOMPARE(changed.at(0).at(1).toModelIndex(), old);
        QCOMPARE(old.data(FolderModel::UnreadCountRole).toInt(), 3);
        QCOMPARE(old.data(FolderModel::TotalCountRole).toInt(), 40);
        model.updateCounts(QStringLiteral("Work/Old"), 40, 3); // no change, no signal
        model.updateCounts(QStringLiteral("Nowhere"), 1, 1);
        QCOMPARE(changed.size(), 1);
    }

    void setFoldersUpdatesInPlace()
    {
        FolderModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFolders({folder(QStringLiteral("INBOX")), folder(QStringLiteral("B")),
            folder(QStringLiteral("D")), folder(QStringLiteral("D/x"))});
        const QPersistentModelIndex d = model.indexForPath(QStringLiteral("D"));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        FolderInfo renamedOnWire = folder(QStringLiteral("D"));
        renamedOnWire.encodedPath = "D-new";
        model.setFolders({folder(QStringLiteral("INBOX")), folder(QStringLiteral("C")),
            renamedOnWire, folder(QStringLiteral("D/x")), folder(QStringLiteral("D/y")),
            folder(QStringLiteral("E"))});
        QCOMPARE(outline(model), QStringLiteral("Inbox, C, D[x, y], E"));
        QCOMPARE(reset.size(), 0);
        QCOMPARE(removed.size(), 1); // B
        QCOMPARE(inserted.size(), 3); // C, D/y, E
        QCOMPARE(changed.size(), 1); // D's encoded name
        QVERIFY(d.isValid());
        QCOMPARE(d.data(FolderModel::EncodedPathRole).toByteArray(), QByteArray("D-new"));
        QCOMPARE(model.indexForPath(QStringLiteral("D/y")).parent(), QModelIndex(d));

        // The same list again: nothing to say.
        changed.clear();
        inserted.clear();
        removed.clear();
        model.setFolders({folder(QStringLiteral("INBOX")), folder(QStringLiteral("C")),
            renamedOnWire, folder(QStringLiteral("D/x")), folder(QStringLiteral("D/y")),
            folder(QStringLiteral("E"))});
        QCOMPARE(changed.size() + inserted.size() + removed.size() + reset.size(), 0);

        // E becomes the Trash and moves up: the order changed, so the model resets.
        model.setFolders({folder(QStringLiteral("INBOX")), folder(QStringLiteral("C")),
            renamedOnWire, folder(QStringLiteral("E"), QLatin1Char('/'), SpecialUse::Trash)});
        QCOMPARE(reset.size(), 1);
        QCOMPARE(outline(model), QStringLiteral("Inbox, E, C, D"));
        QCOMPARE(model.indexForPath(QStringLiteral("E"))
                     .data(FolderModel::SpecialUseRole)
                     .value<SpecialUse>(),
            SpecialUse::Trash);

        model.setFolders({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFolderModel)
#include "tst_foldermodel.moc"
