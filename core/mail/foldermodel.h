// The folders of one mail account as a tree model: built from FolderInfo paths and their
// hierarchy delimiters, special-use folders first, missing parents shown as non-selectable
// nodes. The views (and the CLI) read names, paths and counts through roles.
#pragma once

#include "mail/store/folderinfo.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>

#include <memory>

class FolderModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Role {
        PathRole = Qt::UserRole + 1, // QString: the decoded full name, "INBOX/Work"
        EncodedPathRole, // QByteArray: as the server spells it (empty for a missing parent)
        SpecialUseRole, // FolderInfo::SpecialUse (INBOX counts as Inbox)
        UnreadCountRole, // int: the view shows "Name (3)"
        TotalCountRole, // int
        SelectableRole, // bool: false for \Noselect folders and missing parents
    };

    explicit FolderModel(QObject *parent = nullptr);
    ~FolderModel() override;

    // Replaces the folder list. When the folders that stay keep their order, only the changes
    // are signalled (rows removed, inserted, dataChanged); otherwise (a folder changed its
    // special use and moved) the model is reset.
    void setFolders(const QList<FolderInfo> &folders);
    // New counts for one folder (after a sync or a STATUS): dataChanged for its index only.
    void updateCounts(const QString &path, int total, int unread);

    [[nodiscard]] QModelIndex indexForPath(const QString &path) const;
    [[nodiscard]] FolderInfo folderInfo(const QModelIndex &index) const;

    [[nodiscard]] QModelIndex index(
        int row, int column, const QModelIndex &parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex &child) const override;
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(
        const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex &index) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    struct Node; // one folder of the tree; opaque outside foldermodel.cpp

private:
    [[nodiscard]] Node *nodeFor(const QModelIndex &index) const;
    [[nodiscard]] QModelIndex indexFor(Node *node) const;
    [[nodiscard]] static bool keepsOrder(const Node &current, const Node &fresh);
    void merge(Node *current, Node *fresh);
    void rebuildPathLookup();

    std::unique_ptr<Node> m_root;
    QHash<QString, Node *> m_byPath;
};
