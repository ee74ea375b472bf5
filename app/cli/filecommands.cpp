#include "filecommands.h"

#include "clicontext.h"
#include "files/localfiles.h"
#include "files/recursivedeletejob.h"
#include "files/remotefs.h"
#include "files/remotelistjob.h"
#include "files/remotepath.h"
#include "files/transferqueue.h"

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

// Parses the URL and opens its file system; the exit code when either fails, else 0.
int openUrl(CliContext &context, const QString &text, RemoteUrl *url, std::unique_ptr<RemoteFs> *fs)
{
    Error error;
    *url = context.parseUrl(text, &error);
    if (!url->isValid())
        return CliContext::report(error);
    *fs = context.openRemote(*url, &error);
    if (!*fs)
        return CliContext::report(error);
    return CliContext::Success;
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
    const QCommandLineOption recursive({QStringLiteral("r"), QStringLiteral("recursive")},
        tr("Work on a folder and everything in it."));
    const QCommandLineOption ascii(QStringLiteral("ascii"),
        tr("FTP ASCII mode: text with the server's line endings on the wire, LF here."));
    const QCommandLineOption connections(QStringLiteral("connections"),
        tr("With -r: transfer over up to this many connections at once."), tr("n"),
        QStringLiteral("3"));
    if (command == QLatin1StringView("ls")) {
        parser.addOption(json);
        parser.addPositionalArgument(QStringLiteral("URL"), tr("The folder to list."));
    } else if (command == QLatin1StringView("get")) {
        parser.addOptions({resume, recursive, connections, ascii});
        parser.addPositionalArgument(QStringLiteral("URL"), tr("The file or folder to download."));
        parser.addPositionalArgument(
            QStringLiteral("LOCAL"), tr("Where to save it."), QStringLiteral("[LOCAL]"));
    } else if (command == QLatin1StringView("put")) {
        parser.addOptions({resume, recursive, connections, ascii});
        parser.addPositionalArgument(QStringLiteral("LOCAL"), tr("The file or folder to upload."));
        parser.addPositionalArgument(QStringLiteral("URL"), tr("Where to put it."));
    } else if (command == QLatin1StringView("mv")) {
        parser.addPositionalArgument(QStringLiteral("URL"), tr("What to rename."));
        parser.addPositionalArgument(
            QStringLiteral("NEWPATH"), tr("The new name or path (relative to the same folder)."));
    } else {
        if (command == QLatin1StringView("rm"))
            parser.addOption(recursive);
        parser.addPositionalArgument(QStringLiteral("URL"), tr("The remote path."));
    }

    if (const std::optional<int> exitCode
        = context.parseCommandLine(parser, QStringLiteral("wharf-cli ") + command, arguments))
        return *exitCode;

    const QStringList positional = parser.positionalArguments();
    const bool transfers
        = command == QLatin1StringView("get") || command == QLatin1StringView("put");
    TransferFlags flags;
    if (transfers) {
        flags.resume = parser.isSet(resume);
        flags.ascii = parser.isSet(ascii);
        bool numeric = false;
        flags.connections = parser.value(connections).toInt(&numeric);
        if (!numeric || flags.connections < 1 || flags.connections > 10) {
            CliContext::printUsageError(tr("--connections takes a number from 1 to 10."));
            return CliContext::UsageError;
        }
    }
    if (transfers || command == QLatin1StringView("rm"))
        flags.recursive = parser.isSet(recursive);
    if (command == QLatin1StringView("ls"))
        return list(context, positional, parser.isSet(json));
    if (command == QLatin1StringView("get"))
        return get(context, positional, flags);
    if (command == QLatin1StringView("put"))
        return put(context, positional, flags);
    if (command == QLatin1StringView("mkdir"))
        return makeDirectory(context, positional);
    if (command == QLatin1StringView("rm"))
        return remove(context, positional, flags.recursive);
    return move(context, positional);
}

int FileCommands::list(CliContext &context, const QStringList &positional, bool json)
{
    if (positional.size() != 1) {
        CliContext::printUsageError(tr("ls takes one URL."));
        return CliContext::UsageError;
    }
    RemoteUrl url;
    std::unique_ptr<RemoteFs> fs;
    if (const int failed = openUrl(context, positional.at(0), &url, &fs))
        return failed;
    RemoteListJob *job = fs->list(url.path());
    const Error error = context.run(job);
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

int FileCommands::get(CliContext &context, const QStringList &positional, TransferFlags flags)
{
    if (positional.isEmpty() || positional.size() > 2) {
        CliContext::printUsageError(tr("get takes a URL and, optionally, a local path."));
        return CliContext::UsageError;
    }
    Error error;
    const RemoteUrl url = context.parseUrl(positional.at(0), &error);
    if (!url.isValid())
        return CliContext::report(error);
    const QString name = RemotePath::fileName(url.path());
    QString local = positional.size() > 1 ? positional.at(1) : QString();
    // Like scp: into an existing folder under the remote name, else under the name given.
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
    options.resume = flags.resume;
    options.asciiMode = flags.ascii;
    if (flags.recursive) {
        std::unique_ptr<TransferQueue> queue = context.makeQueue(url, flags.connections);
        queue->setOptions(options);
        queue->addDownloadTree(url.path(), local);
        return context.run(*queue);
    }
    // One file: the connections --connections allows may all carry it (SFTP splits a large one).
    options.extraConnections = flags.connections - 1;
    return CliContext::report(context.run(fs->download(url.path(), local, options)));
}

int FileCommands::put(CliContext &context, const QStringList &positional, TransferFlags flags)
{
    if (positional.size() != 2) {
        CliContext::printUsageError(tr("put takes a local path and a URL."));
        return CliContext::UsageError;
    }
    const QString &local = positional.at(0);
    const QFileInfo localInfo(local);
    if (flags.recursive ? !localInfo.isDir() : !localInfo.isFile()) {
        CliContext::printUsageError(flags.recursive ? tr("%1 is not a folder.").arg(local)
                                                    : tr("%1 is not a file.").arg(local));
        return CliContext::LocalError;
    }
    Error error;
    const RemoteUrl url = context.parseUrl(positional.at(1), &error);
    if (!url.isValid())
        return CliContext::report(error);
    QString remote = url.path();
    // A URL ending in "/" is the folder to put it in, under its local name.
    if (remote.isEmpty() || remote.endsWith(QLatin1Char('/')))
        remote += (remote.isEmpty() ? QStringLiteral("~/") : QString()) + localInfo.fileName();
    std::unique_ptr<RemoteFs> fs = context.openRemote(url, &error);
    if (!fs)
        return CliContext::report(error);
    TransferOptions options;
    options.resume = flags.resume;
    options.asciiMode = flags.ascii;
    if (flags.recursive) {
        std::unique_ptr<TransferQueue> queue = context.makeQueue(url, flags.connections);
        queue->setOptions(options);
        queue->addUploadTree(local, remote);
        return context.run(*queue);
    }
    return CliContext::report(context.run(fs->upload(local, remote, options)));
}

int FileCommands::makeDirectory(CliContext &context, const QStringList &positional)
{
    if (positional.size() != 1) {
        CliContext::printUsageError(tr("mkdir takes one URL."));
        return CliContext::UsageError;
    }
    RemoteUrl url;
    std::unique_ptr<RemoteFs> fs;
    if (const int failed = openUrl(context, positional.at(0), &url, &fs))
        return failed;
    return CliContext::report(context.run(fs->makeDirectory(url.path())));
}

int FileCommands::remove(CliContext &context, const QStringList &positional, bool recursive)
{
    if (positional.size() != 1) {
        CliContext::printUsageError(tr("rm takes one URL."));
        return CliContext::UsageError;
    }
    RemoteUrl url;
    std::unique_ptr<RemoteFs> fs;
    if (const int failed = openUrl(context, positional.at(0), &url, &fs))
        return failed;
    if (recursive)
        return CliContext::report(
            context.run(new RecursiveDeleteJob(fs.get(), url.path(), fs.get())));
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
        target = RemotePath::join(RemotePath::parent(url.path()), target);
    std::unique_ptr<RemoteFs> fs = context.openRemote(url, &error);
    if (!fs)
        return CliContext::report(error);
    return CliContext::report(context.run(fs->rename(url.path(), target)));
}
