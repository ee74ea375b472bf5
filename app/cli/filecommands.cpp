#include "filecommands.h"

#include "clicontext.h"
#include "files/localfiles.h"
#include "files/remotefs.h"
#include "files/remotelistjob.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

namespace {

QString typeName(RemoteEntry::Type type)
{
    switch (type) {
    case RemoteEntry::Type::File: return QStringLiteral("file");
    case RemoteEntry::Type::Directory: return QStringLiteral("dir");
    case RemoteEntry::Type::Symlink: return QStringLiteral("link");
    case RemoteEntry::Type::Other: return QStringLiteral("other");
    }
    return QStringLiteral("other");
}

// "rwxr-xr-x" from the mode bits when the server gave them, else what it wrote.
QString permissionsText(const RemoteEntry &entry)
{
    if (entry.unixMode < 0)
        return entry.permissions;
    QString text;
    static const char letters[] = "rwxrwxrwx";
    for (int bit = 0; bit < 9; ++bit)
        text += (entry.unixMode & (0400 >> bit)) ? QLatin1Char(letters[bit]) : QLatin1Char('-');
    return text;
}

QString baseName(const QString &path)
{
    const QString trimmed = path.endsWith(QLatin1Char('/')) ? path.chopped(1) : path;
    return trimmed.section(QLatin1Char('/'), -1);
}

QString parentPath(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QStringLiteral("/") : path.left(slash);
}

void printJson(const QList<RemoteEntry> &entries)
{
    QJsonArray array;
    for (const RemoteEntry &entry : entries) {
        QJsonObject object {
            {QStringLiteral("name"), entry.name}, {QStringLiteral("type"), typeName(entry.type)}};
        object.insert(QStringLiteral("size"),
            entry.size >= 0 ? QJsonValue(double(entry.size)) : QJsonValue());
        object.insert(QStringLiteral("mtime"),
            entry.mtime.isValid() ? QJsonValue(entry.mtime.toUTC().toString(Qt::ISODate))
                                  : QJsonValue());
        const QString perms = permissionsText(entry);
        object.insert(QStringLiteral("perms"), perms.isEmpty() ? QJsonValue() : perms);
        if (entry.type == RemoteEntry::Type::Symlink && !entry.linkTarget.isEmpty())
            object.insert(QStringLiteral("target"), entry.linkTarget);
        array.append(object);
    }
    std::fputs(QJsonDocument(array).toJson(QJsonDocument::Indented).constData(), stdout);
}

void printTable(const QList<RemoteEntry> &entries)
{
    qsizetype permsWidth = 0;
    qsizetype sizeWidth = 0;
    for (const RemoteEntry &entry : entries) {
        permsWidth = std::max(permsWidth, permissionsText(entry).size());
        sizeWidth = std::max(sizeWidth, QString::number(entry.size).size());
    }
    for (const RemoteEntry &entry : entries) {
        const QString when = entry.mtime.isValid()
            ? entry.mtime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
            : QStringLiteral("-").leftJustified(16);
        QString name = entry.name;
        if (entry.isDirectory())
            name += QLatin1Char('/');
        if (entry.type == RemoteEntry::Type::Symlink && !entry.linkTarget.isEmpty())
            name += QStringLiteral(" -> ") + entry.linkTarget;
        const QString size = entry.size >= 0 ? QString::number(entry.size) : QStringLiteral("-");
        std::printf("%s  %s  %s  %s\n",
            qPrintable(permissionsText(entry).leftJustified(permsWidth)),
            qPrintable(size.rightJustified(sizeWidth)), qPrintable(when), qPrintable(name));
    }
}

} // namespace

QStringList FileCommands::names()
{
    return {QStringLiteral("ls"), QStringLiteral("get"), QStringLiteral("put"),
        QStringLiteral("mkdir"), QStringLiteral("rm"), QStringLiteral("mv")};
}

int FileCommands::run(const QString &command, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("wharf-cli %1").arg(command));
    parser.addHelpOption();
    CliContext context;
    context.addConnectionOptions(parser);
    const QCommandLineOption json(QStringLiteral("json"), tr("Print the listing as JSON."));
    const QCommandLineOption resume(
        QStringLiteral("resume"), tr("Continue a partial transfer instead of starting over."));
    if (command == QLatin1StringView("ls")) {
        parser.addOption(json);
        parser.addPositionalArgument(QStringLiteral("URL"), tr("The folder to list."));
    } else if (command == QLatin1StringView("get")) {
        parser.addOption(resume);
        parser.addPositionalArgument(QStringLiteral("URL"), tr("The file to download."));
        parser.addPositionalArgument(
            QStringLiteral("LOCAL"), tr("Where to save it."), QStringLiteral("[LOCAL]"));
    } else if (command == QLatin1StringView("put")) {
        parser.addOption(resume);
        parser.addPositionalArgument(QStringLiteral("LOCAL"), tr("The file to upload."));
        parser.addPositionalArgument(QStringLiteral("URL"), tr("Where to put it."));
    } else if (command == QLatin1StringView("mv")) {
        parser.addPositionalArgument(QStringLiteral("URL"), tr("What to rename."));
        parser.addPositionalArgument(
            QStringLiteral("NEWPATH"), tr("The new name or path (relative to the same folder)."));
    } else {
        parser.addPositionalArgument(QStringLiteral("URL"), tr("The remote path."));
    }

    if (!parser.parse(QStringList {QStringLiteral("wharf-cli ") + command} + arguments)) {
        CliContext::printUsageError(parser.errorText());
        return CliContext::UsageError;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return CliContext::Success;
    }
    if (!context.applyConnectionOptions(parser))
        return CliContext::UsageError;

    const QStringList positional = parser.positionalArguments();
    if (command == QLatin1StringView("ls"))
        return list(context, positional, parser.isSet(json));
    if (command == QLatin1StringView("get"))
        return get(context, positional, parser.isSet(resume));
    if (command == QLatin1StringView("put"))
        return put(context, positional, parser.isSet(resume));
    if (command == QLatin1StringView("mkdir"))
        return makeDirectory(context, positional);
    if (command == QLatin1StringView("rm"))
        return remove(context, positional);
    return move(context, positional);
}

int FileCommands::list(CliContext &context, const QStringList &positional, bool json)
{
    if (positional.size() != 1) {
        CliContext::printUsageError(tr("ls takes one URL."));
        return CliContext::UsageError;
    }
    Error error;
    const RemoteUrl url = context.parseUrl(positional.at(0), &error);
    if (!url.isValid())
        return CliContext::report(error);
    std::unique_ptr<RemoteFs> fs = context.openRemote(url, &error);
    if (!fs)
        return CliContext::report(error);
    RemoteListJob *job = fs->list(url.path());
    error = context.run(job);
    if (error.isError())
        return CliContext::report(error);
    QList<RemoteEntry> entries = job->entries();
    std::sort(entries.begin(), entries.end(),
        [](const RemoteEntry &a, const RemoteEntry &b) { return a.name < b.name; });
    if (json)
        printJson(entries);
    else
        printTable(entries);
    for (const QString &name : job->rejectedNames())
        std::fprintf(
            stderr, "wharf-cli: skipped an entry with an unsafe name: %s\n", qPrintable(name));
    return CliContext::Success;
}

int FileCommands::get(CliContext &context, const QStringList &positional, bool resume)
{
    if (positional.isEmpty() || positional.size() > 2) {
        CliContext::printUsageError(tr("get takes a URL and, optionally, a local path."));
        return CliContext::UsageError;
    }
    Error error;
    const RemoteUrl url = context.parseUrl(positional.at(0), &error);
    if (!url.isValid())
        return CliContext::report(error);
    const QString name = baseName(url.path());
    QString local = positional.size() > 1 ? positional.at(1) : QString();
    if (local.isEmpty() || QFileInfo(local).isDir()) {
        const QString dir = local.isEmpty() ? QDir::currentPath() : local;
        error = LocalFiles::childPath(dir, name, &local);
        if (error.isError())
            return CliContext::report(error);
    }
    std::unique_ptr<RemoteFs> fs = context.openRemote(url, &error);
    if (!fs)
        return CliContext::report(error);
    TransferOptions options;
    options.resume = resume;
    return CliContext::report(context.run(fs->download(url.path(), local, options)));
}

int FileCommands::put(CliContext &context, const QStringList &positional, bool resume)
{
    if (positional.size() != 2) {
        CliContext::printUsageError(tr("put takes a local file and a URL."));
        return CliContext::UsageError;
    }
    const QString &local = positional.at(0);
    if (!QFileInfo(local).isFile()) {
        CliContext::printUsageError(tr("%1 is not a file.").arg(local));
        return CliContext::LocalError;
    }
    Error error;
    const RemoteUrl url = context.parseUrl(positional.at(1), &error);
    if (!url.isValid())
        return CliContext::report(error);
    QString remote = url.path();
    if (remote.isEmpty() || remote.endsWith(QLatin1Char('/')))
        remote
            += (remote.isEmpty() ? QStringLiteral("~/") : QString()) + QFileInfo(local).fileName();
    std::unique_ptr<RemoteFs> fs = context.openRemote(url, &error);
    if (!fs)
        return CliContext::report(error);
    TransferOptions options;
    options.resume = resume;
    return CliContext::report(context.run(fs->upload(local, remote, options)));
}

int FileCommands::makeDirectory(CliContext &context, const QStringList &positional)
{
    if (positional.size() != 1) {
        CliContext::printUsageError(tr("mkdir takes one URL."));
        return CliContext::UsageError;
    }
    Error error;
    const RemoteUrl url = context.parseUrl(positional.at(0), &error);
    if (!url.isValid())
        return CliContext::report(error);
    std::unique_ptr<RemoteFs> fs = context.openRemote(url, &error);
    if (!fs)
        return CliContext::report(error);
    return CliContext::report(context.run(fs->makeDirectory(url.path())));
}

int FileCommands::remove(CliContext &context, const QStringList &positional)
{
    if (positional.size() != 1) {
        CliContext::printUsageError(tr("rm takes one URL."));
        return CliContext::UsageError;
    }
    Error error;
    const RemoteUrl url = context.parseUrl(positional.at(0), &error);
    if (!url.isValid())
        return CliContext::report(error);
    std::unique_ptr<RemoteFs> fs = context.openRemote(url, &error);
    if (!fs)
        return CliContext::report(error);
    return CliContext::report(context.run(fs->removeFile(url.path())));
}

int FileCommands::move(CliContext &context, const QStringList &positional)
{
    if (positional.size() != 2) {
        CliContext::printUsageError(tr("mv takes a URL and a new path."));
        return CliContext::UsageError;
    }
    Error error;
    const RemoteUrl url = context.parseUrl(positional.at(0), &error);
    if (!url.isValid())
        return CliContext::report(error);
    QString target = positional.at(1);
    if (!target.startsWith(QLatin1Char('/')) && !target.startsWith(QLatin1Char('~')))
        target = parentPath(url.path()) + QLatin1Char('/') + target;
    std::unique_ptr<RemoteFs> fs = context.openRemote(url, &error);
    if (!fs)
        return CliContext::report(error);
    return CliContext::report(context.run(fs->rename(url.path(), target)));
}
