// The message list of one folder as a table model, read lazily from the MailIndex: only the
// ordered UIDs stay in memory (4 bytes a row); summaries come in pages of rows when a view
// asks for them and a bounded cache keeps the recently used pages.
#pragma once

#include "mail/store/mailindex.h"
#include "mail/store/messagesummary.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QList>
#include <QString>

class MessageListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SubjectColumn, FromColumn, DateColumn, SizeColumn, ColumnCount };

    enum Role {
        // What a sorting proxy or a script compares: the subject, the name shown, the date
        // (QDateTime), the size in bytes (qint64).
        SortRole = Qt::UserRole,
        UidRole, // quint32
        FlagsRole, // MessageFlags
        ExtraFlagsRole, // QStringList: keywords such as "$Forwarded"
        IsUnreadRole, // bool; core has no QtGui, so the view's delegate bolds unread rows
        IsFlaggedRole, // bool
        HasAttachmentsRole, // bool
        MessageIdRole, // QByteArray
    };

    // Rows fetched from the index at a time, and how many such pages stay cached: at most
    // PageSize * MaxCachedPages summaries are in memory, however long the folder.
    static constexpr int PageSize = 200;
    static constexpr int MaxCachedPages = 50;
    // More new messages than this at once reset the model instead of inserting rows.
    static constexpr int ResetThreshold = 1000;

    explicit MessageListModel(QObject *parent = nullptr);

    // Shows a folder of index (nullptr: nothing), in the current sort order. The index must
    // outlive its use here: call setFolder(nullptr, {}) before destroying it.
    void setFolder(MailIndex *index, const QString &folderPath);
    [[nodiscard]] const QString &folderPath() const { return m_folderPath; }
    // Sent and Drafts folders show the recipients in the From column.
    [[nodiscard]] bool showsRecipients() const { return m_showsRecipients; }

    [[nodiscard]] quint32 uidAt(int row) const;
    [[nodiscard]] int rowOfUid(quint32 uid) const; // -1 when not listed
    // The summary of a row; a default one (uid 0) when the row or the index has none.
    [[nodiscard]] MessageSummary summaryAt(int row) const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(
        const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    // Asks the index for the new order and moves rows (persistent indexes follow).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    [[nodiscard]] int sortColumn() const { return m_sortColumn; }
    [[nodiscard]] Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // For tests and diagnostics: pages of summaries held right now.
    [[nodiscard]] int cachedPageCount() const { return static_cast<int>(m_pages.size()); }

public slots:
    // Call these after changing the index: the index is the truth, they say what changed.
    // New (or re-stored) messages: their rows are inserted where the sort order puts them.
    void messagesAdded(const QList<MessageSummary> &summaries);
    void messagesRemoved(const QList<quint32> &uids);
    void flagsChanged(quint32 uid, MessageFlags flags, const QStringList &extraFlags = {});

private:
    using Page = QList<MessageSummary>;

    [[nodiscard]] const MessageSummary *summaryForRow(int row) const;
    [[nodiscard]] MailIndex::SortColumn indexSortColumn(int column) const;
    [[nodiscard]] QVariant displayData(const MessageSummary &summary, int column) const;
    [[nodiscard]] QVariant sortData(const MessageSummary &summary, int column) const;
    void reload();

    MailIndex *m_index = nullptr;
    QString m_folderPath;
    bool m_showsRecipients = false;
    int m_sortColumn = DateColumn;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
    QList<quint32> m_uids; // row order
    mutable QCache<int, Page> m_pages; // by row / PageSize
};
