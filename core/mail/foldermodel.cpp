#include "foldermodel.h"

#include <QCollator>

#include <algorithm>
#include <vector>

struct FolderModel::Node
{
    QString name; // the last component of the path
    FolderInfo info;
    bool placeholder = false; // a parent the server didn't list: it only holds children
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;

    [[nodiscard]] int row() const
    {
        const auto &siblings = parent->children;
        const auto it = std::find_if(siblings.cbegin(), siblings.cend(),
            [this](const std::unique_ptr<Node> &sibling) { return sibling.get() == this; });
        return static_cast<int>(it - siblings.cbegin());
    }
};

namespace {

using Node = FolderModel::Node;
using SpecialUse = FolderInfo::SpecialUse;

bool isTopLevelInbox(const Node &node)
{
    return node.parent && !node.parent->parent
        && node.info.path.compare(QLatin1String("INBOX"), Qt::CaseInsensitive) == 0;
}

SpecialUse effectiveSpecialUse(const Node &node)
{
    return isTopLevelInbox(node) ? SpecialUse::Inbox : node.info.specialUse;
}

// The fixed order of the folders people look for first; everything else comes after.
int specialRank(SpecialUse use)
{
    switch (use) {
    case SpecialUse::Inbox: return 0;
    case SpecialUse::Drafts: return 1;
    case SpecialUse::Sent: return 2;
    case SpecialUse::Archive: return 3;
    case SpecialUse::Junk: return 4;
    case SpecialUse::Trash: return 5;
    default: return 6;
    }
}

void sortChildren(Node &node, const QCollator &collator)
{
    std::sort(node.children.begin(), node.children.end(),
        [&collator](const std::unique_ptr<Node> &a, const std::unique_ptr<Node> &b) {
            const int rankA = specialRank(effectiveSpecialUse(*a));
            const int rankB = specialRank(effectiveSpecialUse(*b));
            if (rankA != rankB)
                return rankA < rankB;
            const int byName = collator.compare(a->name, b->name);
            return byName != 0 ? byName < 0 : a->info.path < b->info.path;
        });
    for (const std::unique_ptr<Node> &child : node.children)
        sortChildren(*child, collator);
}

Node *addChild(Node *parent, const QString &name, const FolderInfo &info)
{
    auto child = std::make_unique<Node>();
    child->name = name;
    child->info = info;
    child->parent = parent;
    parent->children.push_back(std::move(child));
    return parent->children.back().get();
}

std::unique_ptr<Node> buildTree(const QList<FolderInfo> &folders)
{
    auto root = std::make_unique<Node>();
    QHash<QString, Node *> byPath;
    for (const FolderInfo &info : folders) {
        if (info.path.isEmpty())
            continue;
        Node *parent = root.get();
        qsizetype start = 0;
        if (!info.delimiter.isNull()) {
            for (qsizetype at = info.path.indexOf(info.delimiter); at >= 0;
                 at = info.path.indexOf(info.delimiter, at + 1)) {
                const QString prefix = info.path.left(at);
                Node *&node = byPath[prefix];
                if (!node) {
                    FolderInfo missing;
                    missing.path = prefix;
                    missing.delimiter = info.delimiter;
                    missing.selectable = false;
                    node = addChild(parent, info.path.mid(start, at - start), missing);
                    node->placeholder = true;
                }
                parent = node;
                start = at + 1;
            }
        }
        // "INBOX/" (a trailing delimiter) would have no name of its own.
        const QString name = start < info.path.size() ? info.path.mid(start) : info.path;
        Node *&node = byPath[info.path];
        if (node) { // a placeholder made real, or the same path listed twice (the last wins)
            node->info = info;
            node->placeholder = false;
        } else {
            node = addChild(parent, name, info);
        }
    }
    QCollator collator;
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    collator.setNumericMode(true); // "Report 9" before "Report 10"
    sortChildren(*root, collator);
    return root;
}

bool sameData(const Node &a, const Node &b)
{
    const FolderInfo &x = a.info;
    const FolderInfo &y = b.info;
    return a.name == b.name && a.placeholder == b.placeholder && x.encodedPath == y.encodedPath
        && x.delimiter == y.delimiter && x.specialUse == y.specialUse
        && x.selectable == y.selectable && x.uidValidity == y.uidValidity && x.uidNext == y.uidNext
        && x.highestModSeq == y.highestModSeq && x.messageCount == y.messageCount
        && x.unreadCount == y.unreadCount;
}

} // namespace

FolderModel::FolderModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{ }

FolderModel::~FolderModel() = default;

void FolderModel::setFolders(const QList<FolderInfo> &folders)
{
    std::unique_ptr<Node> fresh = buildTree(folders);
    if (keepsOrder(*m_root, *fresh)) {
        merge(m_root.get(), fresh.get());
    } else {
        beginResetModel();
        m_root = std::move(fresh);
        m_byPath.clear();
        endResetModel();
    }
    rebuildPathLookup();
}

// Whether the folders in both trees appear in the same order at every level, so that
// removing the old ones and inserting the new ones turns one into the other.
bool FolderModel::keepsOrder(const Node &current, const Node &fresh)
{
    QHash<QString, const Node *> freshChildren;
    QHash<QString, int> freshRows;
    for (int row = 0; row < static_cast<int>(fresh.children.size()); ++row) {
        freshChildren.insert(fresh.children[row]->info.path, fresh.children[row].get());
        freshRows.insert(fresh.children[row]->info.path, row);
    }
    int lastRow = -1;
    for (const std::unique_ptr<Node> &child : current.children) {
        const int row = freshRows.value(child->info.path, -1);
        if (row < 0)
            continue;
        if (row < lastRow || !keepsOrder(*child, *freshChildren.value(child->info.path)))
            return false;
        lastRow = row;
    }
    return true;
}

void FolderModel::merge(Node *current, Node *fresh)
{
    const QModelIndex parentIndex = indexFor(current);
    QHash<QString, int> freshRows;
    for (int row = 0; row < static_cast<int>(fresh->children.size()); ++row)
        freshRows.insert(fresh->children[row]->info.path, row);
    auto &children = current->children;
    for (int row = static_cast<int>(children.size()) - 1; row >= 0; --row) {
        if (freshRows.contains(children[row]->info.path))
            continue;
        beginRemoveRows(parentIndex, row, row);
        m_byPath.clear(); // it may point into the subtree going away
        children.erase(children.begin() + row);
        endRemoveRows();
    }
    // What is left is in the fresh order (keepsOrder() said so): walk both lists together.
    for (int row = 0; row < static_cast<int>(fresh->children.size()); ++row) {
        std::unique_ptr<Node> &incoming = fresh->children[row];
        if (row < static_cast<int>(children.size())
            && children[row]->info.path == incoming->info.path) {
            Node *node = children[row].get();
            if (!sameData(*node, *incoming)) {
                node->name = incoming->name;
                node->info = incoming->info;
                node->placeholder = incoming->placeholder;
                const QModelIndex changed = indexFor(node);
                emit dataChanged(changed, changed);
            }
            merge(node, incoming.get());
            continue;
        }
        beginInsertRows(parentIndex, row, row);
        incoming->parent = current;
        children.insert(children.begin() + row, std::move(incoming));
        endInsertRows();
    }
}

void FolderModel::rebuildPathLookup()
{
    m_byPath.clear();
    std::vector<Node *> pending {m_root.get()};
    while (!pending.empty()) {
        Node *node = pending.back();
        pending.pop_back();
        for (const std::unique_ptr<Node> &child : node->children) {
            m_byPath.insert(child->info.path, child.get());
            pending.push_back(child.get());
        }
    }
}

void FolderModel::updateCounts(const QString &path, int total, int unread)
{
    Node *node = m_byPath.value(path);
    if (!node || (node->info.messageCount == total && node->info.unreadCount == unread))
        return;
    node->info.messageCount = total;
    node->info.unreadCount = unread;
    const QModelIndex changed = indexFor(node);
    emit dataChanged(changed, changed, {UnreadCountRole, TotalCountRole});
}

QModelIndex FolderModel::indexForPath(const QString &path) const
{
    Node *node = m_byPath.value(path);
    return node ? indexFor(node) : QModelIndex();
}

FolderInfo FolderModel::folderInfo(const QModelIndex &index) const
{
    const Node *node = nodeFor(index);
    return node == m_root.get() ? FolderInfo() : node->info;
}

FolderModel::Node *FolderModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex FolderModel::indexFor(Node *node) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), 0, node);
}

QModelIndex FolderModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    const Node *node = nodeFor(parent);
    if (row >= static_cast<int>(node->children.size()))
        return {};
    return createIndex(row, column, node->children[row].get());
}

QModelIndex FolderModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexFor(nodeFor(child)->parent);
}

int FolderModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return static_cast<int>(nodeFor(parent)->children.size());
}

int FolderModel::columnCount(const QModelIndex &parent) const
{
    Q_UNUSED(parent)
    return 1;
}

QVariant FolderModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node &node = *nodeFor(index);
    switch (role) {
    case Qt::DisplayRole: return isTopLevelInbox(node) ? tr("Inbox") : node.name;
    case Qt::ToolTipRole: return node.info.path;
    case PathRole: return node.info.path;
    case EncodedPathRole: return node.info.encodedPath;
    case SpecialUseRole: return QVariant::fromValue(effectiveSpecialUse(node));
    case UnreadCountRole: return node.info.unreadCount;
    case TotalCountRole: return node.info.messageCount;
    case SelectableRole: return node.info.selectable && !node.placeholder;
    default: return {};
    }
}

Qt::ItemFlags FolderModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Node &node = *nodeFor(index);
    // Not selectable, but enabled: a missing parent must still expand.
    if (!node.info.selectable || node.placeholder)
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QHash<int, QByteArray> FolderModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(PathRole, "path");
    names.insert(EncodedPathRole, "encodedPath");
    names.insert(SpecialUseRole, "specialUse");
    names.insert(UnreadCountRole, "unreadCount");
    names.insert(TotalCountRole, "totalCount");
    names.insert(SelectableRole, "selectable");
    return names;
}
