// The Files tab: the local file system on the left, the remote site on the right.
#pragma once

#include <QWidget>

class QFileSystemModel;
class QLabel;
class QTreeView;

class FilesTab : public QWidget
{
    Q_OBJECT

public:
    explicit FilesTab(QWidget *parent = nullptr);

    void selectAllInFocusedPane();
    [[nodiscard]] QTreeView *localView() const { return m_localView; }

private:
    QFileSystemModel *m_localModel = nullptr;
    QTreeView *m_localView = nullptr;
    QLabel *m_remotePlaceholder = nullptr;
};
