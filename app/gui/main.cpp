// wharf: the desktop application.
#include "appidentity.h"
#include "mainwindow.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <cstdio>
#include <cstring>

namespace {

// Answered before QApplication exists, so it works without a display.
bool printVersionIfAsked(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("wharf %s\n", qPrintable(AppIdentity::version()));
            return true;
        }
    }
    return false;
}

bool displayMissing()
{
    return qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

void installTranslators(QApplication &app)
{
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qtTranslator);
    auto *wharfTranslator = new QTranslator(&app);
    if (wharfTranslator->load(
            QLocale(), QStringLiteral("wharf"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(wharfTranslator);
}

} // namespace

int main(int argc, char **argv)
{
    if (printVersionIfAsked(argc, argv))
        return 0;
    if (displayMissing()) {
        std::fprintf(stderr,
            "wharf: no display found (DISPLAY and WAYLAND_DISPLAY are unset).\n"
            "Start it from a desktop session, or run 'tools/dev demo --xvfb' to see it "
            "under Xvfb.\n");
        return 2;
    }

    QApplication app(argc, argv);
    AppIdentity::applyToApplication();
    QApplication::setDesktopFileName(QStringLiteral("wharf"));
    installTranslators(app);

    MainWindow window;
    window.show();
    return QApplication::exec();
}
