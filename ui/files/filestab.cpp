#include "filestab.h"

#include <QDir>
#include <QFileSystemModel>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

FilesTab::FilesTab(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("filesTab"));

    m_localModel = new QFileSystemModel(this);
    m_localModel->setFilter(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    const QModelIndex home = m_localModel->setRootPath(QDir::homePath());

    m_localView = new QTreeView(this);
    m_localView->setObjectName(QStringLiteral("localView"));
    m_localView->setModel(m_localModel);
    m_localView->setRootIndex(home);
    m_localView->setSortingEnabled(true);
    m_localView->sortByColumn(0, Qt::AscendingOrder);
    m_localView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_localView->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_localView->header()->setStretchLastSection(false);

    m_remotePlaceholder
        = new QLabel(tr("Not connected.\nConnect to a site to browse it here."), this);
    m_remotePlaceholder->setObjectName(QStringLiteral("remotePlaceholder"));
    m_remotePlaceholder->setAlignment(Qt::AlignCenter);
    m_remotePlaceholder->setEnabled(false);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_localView);
    splitter->addWidget(m_remotePlaceholder);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

void FilesTab::selectAllInFocusedPane()
{
    if (m_localView->hasFocus())
        m_localView->selectAll();
}
