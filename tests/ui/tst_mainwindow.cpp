// The main window as a person first sees it: two tabs, the menus, and a remembered geometry.
#include "mainwindow.h"

#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // never touch the person's real settings
        QSettings().clear();
    }

    void hasFilesAndMailTabs()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTabWidget *tabs = window.tabs();
        QCOMPARE(tabs->count(), 2);
        QCOMPARE(tabs->widget(0)->objectName(), QStringLiteral("filesTab"));
        QCOMPARE(tabs->widget(1)->objectName(), QStringLiteral("mailTab"));
        QCOMPARE(tabs->tabText(0), QStringLiteral("Files"));
        QCOMPARE(tabs->tabText(1), QStringLiteral("Mail"));
    }

    void hasTheStandardMenus()
    {
        MainWindow window;
        QStringList titles;
        for (QAction *action : window.menuBar()->actions())
            titles << action->text();
        QCOMPARE(titles,
            QStringList({QStringLiteral("&File"), QStringLiteral("&Edit"), QStringLiteral("&View"),
                QStringLiteral("&Transfer"), QStringLiteral("M&ail"), QStringLiteral("&Help")}));
    }

    void viewShortcutsSwitchTabs()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentIndex(), 1);
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentIndex(), 0);
    }

    void speaksGermanWhenAsked()
    {
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(":/i18n/wharf_de.qm")));
        QCoreApplication::installTranslator(&german);
        MainWindow window;
        QCoreApplication::removeTranslator(&german);
        QCOMPARE(window.menuBar()->actions().constFirst()->text(), QStringLiteral("&Datei"));
        QCOMPARE(window.tabs()->tabText(0), QStringLiteral("Dateien"));
    }

    void remembersGeometryAndTab()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(900, 612);
            window.tabs()->setCurrentIndex(1);
            window.close();
        }
        MainWindow reopened;
        reopened.show();
        QVERIFY(QTest::qWaitForWindowExposed(&reopened));
        QCOMPARE(reopened.size(), QSize(900, 612));
        QCOMPARE(reopened.tabs()->currentIndex(), 1);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
