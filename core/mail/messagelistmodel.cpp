#include "messagelistmodel.h"

#include <QDate>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <memory>
#include <utility>

namespace {

const QList<int> flagRoles {MessageListModel::FlagsRole, MessageListModel::ExtraFlagsRole,
    MessageListModel::IsUnreadRole, MessageListModel::IsFlaggedRole};

// Today's mail shows its time, older mail its date and time, in the person's locale.
QString formatDate(const QDateTime &dateTime)
{
    if (!dateTime.isValid())
        return {};
    const QDateTime local = dateTime.toLocalTime();
    const QLocale locale;
    if (local.date() == QDate::currentDate())
        return locale.toString(local.time(), QLocale::ShortFormat);
    return locale.toString(local, QLocale::ShortFormat);
}

} // namespace

MessageListModel::MessageListModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_pages(MaxCachedPages)
{ }

void MessageListModel::setFolder(MailIndex *index, const QString &folderPath)
{
    beginResetModel();
    m_index = index;
    m_folderPath = index ? folderPath : QString();
    m_showsRecipients = false;
    m_pages.clear();
    m_uids.clear();
    if (m_index) {
        const std::optional<FolderInfo> info = m_index->folder(m_folderPath);
        m_showsRecipients = info
            && (info->specialUse == FolderInfo::SpecialUse::Sent
                || info->specialUse == FolderInfo::SpecialUse::Drafts);
        m_uids = m_index->orderedUids(m_folderPath, indexSortColumn(m_sortColumn), m_sortOrder);
    }
    endResetModel();
    emit headerDataChanged(Qt::Horizontal, FromColumn, FromColumn);
}

quint32 MessageListModel::uidAt(int row) const
{
    return row >= 0 && row < m_uids.size() ? m_uids.at(row) : 0;
}

int MessageListModel::rowOfUid(quint32 uid) const
{
    // A linear scan of 4-byte values (~20 µs for 100,000 rows) beats keeping a hash that every
    // insertion or removal would have to renumber.
    const auto it = std::find(m_uids.cbegin(), m_uids.cend(), uid);
    return it == m_uids.cend() ? -1 : static_cast<int>(it - m_uids.cbegin());
}

MessageSummary MessageListModel::summaryAt(int row) const
{
    const MessageSummary *summary = summaryForRow(row);
    return summary ? *summary : MessageSummary();
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_uids.size());
}

int MessageListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    if (role == UidRole)
        return m_uids.at(row); // no need to load the page
    if (role == Qt::TextAlignmentRole && column == SizeColumn)
        return static_cast<int>(Qt::AlignRight | Qt::AlignVCenter);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case SortRole:
    case FlagsRole:
    case ExtraFlagsRole:
    case IsUnreadRole:
    case IsFlaggedRole:
    case HasAttachmentsRole:
    case MessageIdRole: break;
    default: return {};
    }
    const MessageSummary *summary = summaryForRow(row);
    if (!summary)
        return {};
    switch (role) {
    case Qt::DisplayRole: return displayData(*summary, column);
    case Qt::ToolTipRole:
        if (column == FromColumn && !m_showsRecipients && !summary->fromAddress.isEmpty()) {
            return summary->fromName.isEmpty()
                ? summary->fromAddress
                : QStringLiteral("%1 <%2>").arg(summary->fromName, summary->fromAddress);
        }
        return displayData(*summary, column);
    case SortRole: return sortData(*summary, column);
    case FlagsRole: return QVariant::fromValue(summary->flags);
    case ExtraFlagsRole: return summary->extraFlags;
    case IsUnreadRole: return summary->isUnread();
    case IsFlaggedRole: return summary->flags.testFlag(MessageFlag::Flagged);
    case HasAttachmentsRole: return summary->hasAttachments;
    case MessageIdRole: return summary->messageId;
    default: return {};
    }
}

QVariant MessageListModel::displayData(const MessageSummary &summary, int column) const
{
    switch (column) {
    case SubjectColumn: return summary.subject.isEmpty() ? tr("(no subject)") : summary.subject;
    case FromColumn:
        if (m_showsRecipients)
            return summary.to;
        return summary.fromName.isEmpty() ? summary.fromAddress : summary.fromName;
    case DateColumn: return formatDate(summary.displayDate());
    case SizeColumn:
        return QLocale().formattedDataSize(summary.size, 1, QLocale::DataSizeTraditionalFormat);
    default: return {};
    }
}

QVariant MessageListModel::sortData(const MessageSummary &summary, int column) const
{
    switch (column) {
    case SubjectColumn: return summary.subject;
    case FromColumn:
        if (m_showsRecipients)
            return summary.to;
        return summary.fromName.isEmpty() ? summary.fromAddress : summary.fromName;
    case DateColumn: return summary.displayDate();
    case SizeColumn: return summary.size;
    default: return {};
    }
}

QVariant MessageListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole && section == SizeColumn)
        return static_cast<int>(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SubjectColumn: return tr("Subject");
    case FromColumn: return m_showsRecipients ? tr("To") : tr("From");
    case DateColumn: return tr("Date");
    case SizeColumn: return tr("Size");
    default: return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(UidRole, "uid");
    names.insert(FlagsRole, "flags");
    names.insert(ExtraFlagsRole, "extraFlags");
    names.insert(IsUnreadRole, "isUnread");
    names.insert(IsFlaggedRole, "isFlagged");
    names.insert(HasAttachmentsRole, "hasAttachments");
    names.insert(MessageIdRole, "messageId");
    return names;
}

MailIndex::SortColumn MessageListModel::indexSortColumn(int column) const
{
    switch (column) {
    case SubjectColumn: return MailIndex::SortColumn::Subject;
    case FromColumn:
        return m_showsRecipients ? MailIndex::SortColumn::To : MailIndex::SortColumn::From;
    case SizeColumn: return MailIndex::SortColumn::Size;
    default: return MailIndex::SortColumn::Date;
    }
}

void MessageListModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    if (!m_index)
        return;
    QList<quint32> ordered
        = m_index->orderedUids(m_folderPath, indexSortColumn(m_sortColumn), m_sortOrder);
    if (ordered.size() != m_uids.size()) {
        // The index changed behind our back: start over rather than guess.
        reload();
        return;
    }
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    // Only the persistent indexes (a selection, a current row) need their new rows: look up
    // those few UIDs in one pass instead of hashing every row.
    const QModelIndexList before = persistentIndexList();
    QHash<quint32, int> newRows;
    for (const QModelIndex &index : before)
        newRows.insert(m_uids.at(index.row()), -1);
    for (int row = 0; row < ordered.size(); ++row) {
        const auto it = newRows.find(ordered.at(row));
        if (it != newRows.end())
            *it = row;
    }
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &index : before) {
        const int row = newRows.value(m_uids.at(index.row()), -1);
        after.append(row < 0 ? QModelIndex() : createIndex(row, index.column()));
    }
    m_uids = std::move(ordered);
    m_pages.clear();
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void MessageListModel::reload()
{
    beginResetModel();
    m_pages.clear();
    m_uids = m_index
        ? m_index->orderedUids(m_folderPath, indexSortColumn(m_sortColumn), m_sortOrder)
        : QList<quint32>();
    endResetModel();
}

void MessageListModel::messagesAdded(const QList<MessageSummary> &summaries)
{
    if (!m_index || summaries.isEmpty())
        return;
    QList<quint32> listed = m_uids;
    std::sort(listed.begin(), listed.end());
    const auto isListed = [&listed](quint32 uid) {
        return std::binary_search(listed.cbegin(), listed.cend(), uid);
    };
    const qsizetype fresh = std::count_if(summaries.cbegin(), summaries.cend(),
        [&isListed](const MessageSummary &summary) { return !isListed(summary.uid); });
    if (fresh > ResetThreshold) {
        reload();
        return;
    }
    // The index knows where new rows go in any sort order: ask it for the whole order and
    // check that the rows we show kept theirs, so only insertions remain.
    const QList<quint32> ordered
        = m_index->orderedUids(m_folderPath, indexSortColumn(m_sortColumn), m_sortOrder);
    qsizetype kept = 0;
    for (const quint32 uid : ordered) {
        if (!isListed(uid))
            continue;
        if (kept >= m_uids.size() || m_uids.at(kept) != uid) {
            reload();
            return;
        }
        ++kept;
    }
    if (kept != m_uids.size() || ordered.size() - kept > ResetThreshold) {
        reload(); // rows vanished without messagesRemoved(), or too much arrived
        return;
    }
    m_pages.clear(); // re-stored messages may have changed; inserted rows shift pages
    for (qsizetype row = 0; row < ordered.size();) {
        if (isListed(ordered.at(row))) {
            ++row;
            continue;
        }
        qsizetype end = row + 1;
        while (end < ordered.size() && !isListed(ordered.at(end)))
            ++end;
        beginInsertRows({}, static_cast<int>(row), static_cast<int>(end - 1));
        m_uids.insert(row, end - row, 0);
        std::copy(ordered.cbegin() + row, ordered.cbegin() + end, m_uids.begin() + row);
        m_pages.clear();
        endInsertRows();
        row = end;
    }
    // Messages stored again may show something new: one signal spanning their rows.
    QSet<quint32> restored;
    for (const MessageSummary &summary : summaries) {
        if (isListed(summary.uid))
            restored.insert(summary.uid);
    }
    if (restored.isEmpty())
        return;
    int first = -1;
    int last = -1;
    for (int row = 0; row < m_uids.size(); ++row) {
        if (restored.contains(m_uids.at(row))) {
            first = first < 0 ? row : first;
            last = row;
        }
    }
    if (first >= 0)
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

void MessageListModel::messagesRemoved(const QList<quint32> &uids)
{
    if (uids.isEmpty() || m_uids.isEmpty())
        return;
    const QSet<quint32> gone(uids.cbegin(), uids.cend());
    // From the bottom up, one signal per contiguous run, so earlier rows keep their numbers.
    int row = static_cast<int>(m_uids.size()) - 1;
    while (row >= 0) {
        if (!gone.contains(m_uids.at(row))) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && gone.contains(m_uids.at(first - 1)))
            --first;
        beginRemoveRows({}, first, row);
        m_uids.remove(first, row - first + 1);
        m_pages.clear();
        endRemoveRows();
        row = first - 1;
    }
}

void MessageListModel::flagsChanged(quint32 uid, MessageFlags flags, const QStringList &extraFlags)
{
    const int row = rowOfUid(uid);
    if (row < 0)
        return;
    if (Page *page = m_pages.object(row / PageSize)) {
        MessageSummary &summary = (*page)[row % PageSize];
        if (summary.uid == uid) {
            summary.flags = flags;
            summary.extraFlags = extraFlags;
        }
    }
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1), flagRoles);
}

const MessageSummary *MessageListModel::summaryForRow(int row) const
{
    if (!m_index || row < 0 || row >= m_uids.size())
        return nullptr;
    const int pageNumber = row / PageSize;
    Page *page = m_pages.object(pageNumber);
    if (!page) {
        const QList<quint32> uids = m_uids.mid(qsizetype(pageNumber) * PageSize, PageSize);
        const QList<MessageSummary> found = m_index->summaries(m_folderPath, uids);
        // Line the answers up with the rows; a UID the index no longer has stays empty.
        auto loaded = std::make_unique<Page>(uids.size());
        qsizetype next = 0;
        for (qsizetype i = 0; i < uids.size() && next < found.size(); ++i) {
            if (found.at(next).uid == uids.at(i))
                (*loaded)[i] = found.at(next++);
        }
        // QCache owns the page from here (and would drop one costlier than the whole cache).
        (void)m_pages.insert(pageNumber, loaded.release());
        page = m_pages.object(pageNumber);
        if (!page)
            return nullptr;
    }
    const MessageSummary &summary = page->at(row % PageSize);
    return summary.uid == 0 ? nullptr : &summary;
}
