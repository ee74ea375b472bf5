#include "mainwindow.h"

#include "appidentity.h"
#include "files/filestab.h"
#include "mail/mailtab.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

// Static libraries don't register their Qt resources by themselves; this has to live outside
// any namespace.
static void initWharfResources()
{
    Q_INIT_RESOURCE(wharf);
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    initWharfResources();
    setWindowTitle(AppIdentity::applicationName());
    setWindowIcon(QIcon(QStringLiteral(":/icons/wharf.svg")));

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_filesTab = new FilesTab(m_tabs);
    m_mailTab = new MailTab(m_tabs);
    m_tabs->addTab(m_filesTab, QIcon::fromTheme(QStringLiteral("folder-remote")), tr("Files"));
    m_tabs->addTab(m_mailTab, QIcon::fromTheme(QStringLiteral("mail-message")), tr("Mail"));
    setCentralWidget(m_tabs);

    createMenus();
    statusBar()->showMessage(tr("Not connected"));
    restoreWindowState();
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->setObjectName(QStringLiteral("fileMenu"));
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    editMenu->setObjectName(QStringLiteral("editMenu"));
    QAction *selectAll = editMenu->addAction(tr("Select &All"));
    selectAll->setShortcut(QKeySequence::SelectAll);
    connect(selectAll, &QAction::triggered, this, [this] { m_filesTab->selectAllInFocusedPane(); });

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("viewMenu"));
    QAction *showFiles = viewMenu->addAction(tr("Files"));
    showFiles->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    connect(showFiles, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_filesTab); });
    QAction *showMail = viewMenu->addAction(tr("Mail"));
    showMail->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    connect(showMail, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_mailTab); });
    viewMenu->addSeparator();
    QAction *fullScreen = viewMenu->addAction(tr("F&ull Screen"));
    fullScreen->setShortcut(QKeySequence::FullScreen);
    fullScreen->setCheckable(true);
    connect(fullScreen, &QAction::toggled, this, [this](bool on) {
        setWindowState(
            on ? windowState() | Qt::WindowFullScreen : windowState() & ~Qt::WindowFullScreen);
    });

    // The Transfer and Mail menus fill up as the transfer queue and the mail client land.
    menuBar()->addMenu(tr("&Transfer"))->setObjectName(QStringLiteral("transferMenu"));
    menuBar()->addMenu(tr("M&ail"))->setObjectName(QStringLiteral("mailMenu"));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("helpMenu"));
    QAction *about = helpMenu->addAction(tr("&About Wharf"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::showAbout()
{
    // open(), not exec(): a nested event loop and network callbacks don't mix.
    auto *box = new QMessageBox(QMessageBox::NoIcon, tr("About Wharf"),
        tr("<h3>Wharf %1</h3>"
           "<p>Moves files over FTP, FTPS and SFTP, and mail over SMTP, "
           "POP3 and IMAP.</p>"
           "<p>Passwords are kept in your system's keychain, never in a "
           "file.</p>")
            .arg(AppIdentity::version()),
        QMessageBox::Close, this);
    box->setIconPixmap(windowIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::restoreWindowState()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1100, 700);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    event->accept();
}
