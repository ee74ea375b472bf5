// The application window: the Files and Mail tabs, the menus and the status bar.
#pragma once

#include <QMainWindow>

class QTabWidget;
class FilesTab;
class MailTab;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    [[nodiscard]] QTabWidget *tabs() const { return m_tabs; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void showAbout();
    void restoreWindowState();
    void saveWindowState() const;

    QTabWidget *m_tabs = nullptr;
    FilesTab *m_filesTab = nullptr;
    MailTab *m_mailTab = nullptr;
};
