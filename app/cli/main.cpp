// wharf-cli: Wharf's core without a window, for scripts, benchmarks and tests.
#include "appidentity.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    AppIdentity::applyToApplication();
    QCoreApplication::setApplicationName(QStringLiteral("wharf-cli"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Move files and mail from the command line."));
    parser.addHelpOption();
    const QCommandLineOption versionOption({QStringLiteral("V"), QStringLiteral("version")},
        QCoreApplication::translate("main", "Print the version and exit."));
    parser.addOption(versionOption);
    parser.addPositionalArgument(
        QStringLiteral("command"), QCoreApplication::translate("main", "The command to run."));
    parser.process(app);

    if (parser.isSet(versionOption)) {
        std::printf("wharf-cli %s\n", qPrintable(AppIdentity::version()));
        return 0;
    }
    if (parser.positionalArguments().isEmpty()) {
        std::fputs(qPrintable(parser.helpText()), stderr);
        return 2;
    }
    std::fprintf(stderr, "wharf-cli: unknown command '%s'\n",
        qPrintable(parser.positionalArguments().constFirst()));
    return 2;
}
