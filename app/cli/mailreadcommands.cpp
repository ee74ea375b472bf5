#include "mailreadcommands.h"

#include "clicontext.h"
#include "mail/imap/imapfetchdata.h"
#include "mail/imap/imapfetchmessagejob.h"
#include "mail/imap/imapfoldersyncjob.h"
#include "mail/imap/imaplistfoldersjob.h"
#include "mail/imap/imapmailboxname.h"
#include "mail/imap/imapmessagebodyjob.h"
#include "mail/imap/imapsession.h"
#include "mail/mime/mimemessage.h"
#include "mail/pop3/pop3fetchjob.h"
#include "mail/pop3/pop3uidstore.h"
#include "mail/store/mailaccountstorage.h"
#include "mailsource.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>

namespace {

std::unique_ptr<ImapSession> openImap(
    const MailSource &source, CliContext &context, const QString &spoolDirectory)
{
    ImapSession::Settings settings;
    settings.host = source.host;
    settings.port = source.port;
    settings.user = source.user;
    settings.password = source.password;
    settings.spoolDirectory = spoolDirectory;
    switch (source.security) {
    case MailSource::Security::ImplicitTls:
        settings.security = ImapSession::Security::ImplicitTls;
        break;
    case MailSource::Security::StartTls: settings.security = ImapSession::Security::StartTls; break;
    case MailSource::Security::Plain: settings.security = ImapSession::Security::Plain; break;
    }
    auto session = std::make_unique<ImapSession>(
        settings, &context.certificates(), context.prompter(), context.log());
    QObject::connect(session.get(), &ImapSession::alert, [](const QString &text) {
        std::fprintf(stderr, "wharf-cli: the server says: %s\n", qPrintable(text));
    });
    return session;
}

// The account's storage, or a throw-away one for a URL.
struct LocalStore
{
    std::unique_ptr<QTemporaryDir> temporary;
    std::unique_ptr<MailAccountStorage> storage;

    Error open(const MailSource &source)
    {
        QString directory;
        if (source.account) {
            directory = source.account->dataDirectory();
        } else {
            temporary = std::make_unique<QTemporaryDir>();
            directory = temporary->path();
        }
        storage = std::make_unique<MailAccountStorage>(directory);
        return storage->open();
    }

    [[nodiscard]] MailIndex &index() const { return storage->index(); }
    [[nodiscard]] const QString &directory() const { return storage->directory(); }
};

FolderInfo folderInfo(const QString &path)
{
    FolderInfo folder;
    folder.path = path;
    folder.encodedPath = ImapMailboxName::encode(path);
    if (path.compare(QLatin1StringView("INBOX"), Qt::CaseInsensitive) == 0) {
        folder.path = QStringLiteral("INBOX");
        folder.encodedPath = "INBOX";
        folder.specialUse = FolderInfo::SpecialUse::Inbox;
    }
    return folder;
}

QJsonArray flagArray(const MessageSummary &summary)
{
    QJsonArray flags;
    for (const QByteArray &flag : MessageSummary::imapFlags(summary.flags, summary.extraFlags))
        flags.append(QString::fromUtf8(flag));
    return flags;
}

void printSummaries(const QList<MessageSummary> &summaries, bool json)
{
    if (json) {
        QJsonArray array;
        for (const MessageSummary &summary : summaries) {
            const QString from = summary.fromName.isEmpty()
                ? summary.fromAddress
                : summary.fromName + QStringLiteral(" <") + summary.fromAddress + QLatin1Char('>');
            array.append(QJsonObject {
                {QStringLiteral("id"), QString::number(summary.uid)},
                {QStringLiteral("from"), from},
                {QStringLiteral("subject"), summary.subject},
                {QStringLiteral("date"), summary.displayDate().toString(Qt::ISODate)},
                {QStringLiteral("size"), summary.size},
                {QStringLiteral("flags"), flagArray(summary)},
            });
        }
        std::fputs(QJsonDocument(array).toJson(QJsonDocument::Indented).constData(), stdout);
        return;
    }
    for (const MessageSummary &summary : summaries) {
        const QString from = summary.fromName.isEmpty() ? summary.fromAddress : summary.fromName;
        std::printf("%6u %c %s  %-24s  %s\n", summary.uid, summary.isUnread() ? 'N' : ' ',
            qPrintable(
                summary.displayDate().toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
            qPrintable(from.left(24)), qPrintable(summary.subject));
    }
}

int syncImapFolder(ImapSession &session, LocalStore &store, const FolderInfo &folder,
    CliContext &context, ImapFolderSyncJob **finished = nullptr)
{
    auto job = std::make_unique<ImapFolderSyncJob>(&session, &store.index(), folder);
    const Error error = context.run(job.get());
    if (error.isError())
        return CliContext::report(error);
    if (finished)
        *finished = job.release();
    return CliContext::Success;
}

int listImap(const MailSource &source, CliContext &context, bool json, bool cached)
{
    LocalStore store;
    Error error = store.open(source);
    if (error.isError())
        return CliContext::report(error);
    auto session = openImap(source, context, store.directory());
    const FolderInfo folder = folderInfo(source.folder);
    if (cached && !store.index().folder(folder.path))
        return CliContext::report(Error(Error::Kind::NotFound,
            MailReadCommands::tr("Nothing of %1 is cached yet: run mail fetch or mail list "
                                 "without --cached first.")
                .arg(folder.path)));
    if (!cached) {
        if (const int code = syncImapFolder(*session, store, folder, context); code != 0)
            return code;
    }
    const QList<quint32> uids
        = store.index().orderedUids(folder.path, MailIndex::SortColumn::Uid, Qt::AscendingOrder);
    QList<MessageSummary> summaries;
    summaries.reserve(uids.size());
    for (qsizetype start = 0; start < uids.size(); start += 1000)
        summaries.append(store.index().summaries(folder.path, uids.mid(start, 1000)));
    printSummaries(summaries, json);
    session->logout();
    return CliContext::Success;
}

QString mailboxes(const QList<MimeMessage::Mailbox> &list)
{
    QStringList parts;
    for (const MimeMessage::Mailbox &mailbox : list) {
        parts.append(mailbox.name.isEmpty()
                ? mailbox.address
                : mailbox.name + QStringLiteral(" <") + mailbox.address + QLatin1Char('>'));
    }
    return parts.join(QStringLiteral(", "));
}

QString humanSize(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

// Headers, the text, and the attachments, as a person reads a message in a terminal.
int printDecoded(const QString &file)
{
    Error error;
    const MimeMessage message = MimeMessage::fromFile(file, &error);
    if (error.isError())
        return CliContext::report(error);
    QString text;
    const auto line = [&text](const QString &name, const QString &value) {
        if (!value.isEmpty())
            text += name + QStringLiteral(": ") + value + QLatin1Char('\n');
    };
    line(QStringLiteral("From"), mailboxes(message.from()));
    line(QStringLiteral("To"), mailboxes(message.to()));
    line(QStringLiteral("Cc"), mailboxes(message.cc()));
    line(QStringLiteral("Date"),
        message.date().isValid() ? message.date().toString(Qt::RFC2822Date) : QString());
    line(QStringLiteral("Subject"), message.subject());
    text += QLatin1Char('\n') + message.textBody();
    if (!text.endsWith(QLatin1Char('\n')))
        text += QLatin1Char('\n');
    if (!message.attachments().isEmpty()) {
        text += QLatin1Char('\n') + MailReadCommands::tr("Attachments:") + QLatin1Char('\n');
        for (const MimeMessage::Attachment &attachment : message.attachments()) {
            text += QStringLiteral("  %1  %2  %3%4\n")
                        .arg(attachment.fileName.isEmpty() ? MailReadCommands::tr("(unnamed)")
                                                           : attachment.fileName,
                            attachment.mimeType, humanSize(attachment.size),
                            attachment.isInline ? MailReadCommands::tr("  (inline)") : QString());
        }
    }
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    return CliContext::Success;
}

int printMessageFile(const QString &file, bool raw)
{
    QFile message(file);
    if (!message.open(QIODevice::ReadOnly))
        return CliContext::report(Error(Error::Kind::LocalIo,
            MailReadCommands::tr("Could not read %1: %2").arg(file, message.errorString())));
    if (raw) {
        while (!message.atEnd()) {
            const QByteArray chunk = message.read(1 << 20);
            std::fwrite(chunk.constData(), 1, size_t(chunk.size()), stdout);
        }
        return CliContext::Success;
    }
    return printDecoded(file);
}

int showImap(const MailSource &source, CliContext &context, const QString &id, bool raw)
{
    bool ok = false;
    const quint32 uid = id.toUInt(&ok);
    if (!ok || uid == 0)
        return CliContext::report(Error(Error::Kind::NotFound,
            MailReadCommands::tr("\"%1\" is not an IMAP message id (a UID).").arg(id)));
    LocalStore store;
    Error error = store.open(source);
    if (error.isError())
        return CliContext::report(error);
    const FolderInfo folder = folderInfo(source.folder);
    auto session = openImap(source, context, store.directory());
    ImapMessageBodyJob job(session.get(), store.storage.get(), folder, uid);
    error = context.run(&job);
    if (error.isError())
        return CliContext::report(error);
    if (!job.cameFromCache())
        session->logout();
    const QString file = job.file();
    return printMessageFile(file, raw);
}

int foldersImap(const MailSource &source, CliContext &context, bool json)
{
    LocalStore store;
    Error error = store.open(source);
    if (error.isError())
        return CliContext::report(error);
    auto session = openImap(source, context, store.directory());
    ImapListFoldersJob job(session.get(), &store.index());
    job.setWithCounts(true);
    error = context.run(&job);
    if (error.isError())
        return CliContext::report(error);
    session->logout();
    static const char *const uses[]
        = {"", "inbox", "sent", "drafts", "trash", "junk", "archive", "all", "flagged"};
    if (json) {
        QJsonArray array;
        for (const FolderInfo &folder : job.folders()) {
            array.append(QJsonObject {{QStringLiteral("name"), folder.path},
                {QStringLiteral("specialUse"), QString::fromLatin1(uses[int(folder.specialUse)])},
                {QStringLiteral("selectable"), folder.selectable},
                {QStringLiteral("messages"), folder.messageCount},
                {QStringLiteral("unread"), folder.unreadCount}});
        }
        std::fputs(QJsonDocument(array).toJson(QJsonDocument::Indented).constData(), stdout);
        return CliContext::Success;
    }
    for (const FolderInfo &folder : job.folders()) {
        std::printf("%-30s %6d %6d %s\n", qPrintable(folder.path), folder.messageCount,
            folder.unreadCount, uses[int(folder.specialUse)]);
    }
    return CliContext::Success;
}

int fetchImap(const MailSource &source, CliContext &context)
{
    LocalStore store;
    Error error = store.open(source);
    if (error.isError())
        return CliContext::report(error);
    auto session = openImap(source, context, store.directory());
    ImapListFoldersJob list(session.get(), &store.index());
    error = context.run(&list);
    if (error.isError())
        return CliContext::report(error);
    int failures = 0;
    for (const FolderInfo &folder : list.folders()) {
        if (!folder.selectable)
            continue;
        ImapFolderSyncJob sync(session.get(), &store.index(), folder);
        error = context.run(&sync);
        if (error.isError()) {
            std::fprintf(stderr, "wharf-cli: %s: %s\n", qPrintable(folder.path),
                qPrintable(error.message()));
            ++failures;
            if (session->state() == ImapSession::State::Disconnected
                && error.kind() != Error::Kind::Protocol)
                return CliContext::report(error);
            continue;
        }
        std::printf("%s: %d new, %d removed%s\n", qPrintable(folder.path), sync.newMessages(),
            sync.removedMessages(),
            sync.cacheWasReset() ? " (the server renumbered the folder; cache rebuilt)" : "");
    }
    session->logout();
    return failures > 0 ? int(CliContext::PartialFailure) : int(CliContext::Success);
}

Pop3FetchJob::Settings pop3Settings(const MailSource &source)
{
    Pop3FetchJob::Settings settings;
    settings.host = source.host;
    settings.port = source.port;
    settings.user = source.user;
    settings.password = source.password;
    switch (source.security) {
    case MailSource::Security::ImplicitTls:
        settings.security = Pop3FetchJob::Security::ImplicitTls;
        break;
    case MailSource::Security::StartTls:
        settings.security = Pop3FetchJob::Security::StartTls;
        break;
    case MailSource::Security::Plain: settings.security = Pop3FetchJob::Security::Plain; break;
    }
    return settings;
}

// POP3 has no header fetch: TOP n 0 for each message; the id is its UIDL.
int listPop3(const MailSource &source, CliContext &context, bool json)
{
    Pop3FetchJob::Settings settings = pop3Settings(source);
    settings.headersOnly = true;
    Pop3FetchJob job(settings, QString(), {}, &context.certificates(), context.log());
    job.setPrompter(context.prompter());
    QJsonArray array;
    QObject::connect(&job, &Pop3FetchJob::headerReceived,
        [&array, json](const QByteArray &uid, qint64 size, const QByteArray &header) {
            const MimeMessage message = MimeMessage::fromBytes(header + "\n");
            const QString from = mailboxes(message.from());
            if (!json) {
                std::printf("%s  %s  %-24s  %s\n", uid.constData(),
                    qPrintable(
                        message.date().toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                    qPrintable(from.left(24)), qPrintable(message.subject()));
                return;
            }
            array.append(QJsonObject {{QStringLiteral("id"), QString::fromLatin1(uid)},
                {QStringLiteral("from"), from}, {QStringLiteral("subject"), message.subject()},
                {QStringLiteral("date"), message.date().toString(Qt::ISODate)},
                {QStringLiteral("size"), size}, {QStringLiteral("flags"), QJsonArray()}});
        });
    const Error error = context.run(&job);
    if (error.isError())
        return CliContext::report(error);
    if (json)
        std::fputs(QJsonDocument(array).toJson(QJsonDocument::Indented).constData(), stdout);
    return CliContext::Success;
}

int showPop3(const MailSource &source, CliContext &context, const QString &id, bool raw)
{
    QTemporaryDir directory;
    Pop3FetchJob::Settings settings = pop3Settings(source);
    settings.onlyUids = {id.toLatin1()};
    const QString maildir = directory.filePath(QStringLiteral("Maildir"));
    Pop3FetchJob job(settings, maildir, {}, &context.certificates(), context.log());
    job.setPrompter(context.prompter());
    QString stored;
    QObject::connect(&job, &Pop3FetchJob::messageStored,
        [&stored, &maildir](const QByteArray &, const QString &fileName) {
            stored = maildir + QStringLiteral("/new/") + fileName;
        });
    const Error error = context.run(&job);
    if (error.isError())
        return CliContext::report(error);
    if (stored.isEmpty())
        return CliContext::report(Error(Error::Kind::NotFound,
            MailReadCommands::tr("The server has no message with the id \"%1\".").arg(id)));
    return printMessageFile(stored, raw);
}

// storage: the account's, whose index then lists the new messages too; null for --maildir.
int fetchPop3(const MailSource &source, CliContext &context, const QString &maildirPath,
    MailAccountStorage *storage, bool deleteAfterDownload, int deleteAfterDays)
{
    Pop3UidStore uids(Pop3UidStore::defaultFilePath(maildirPath));
    Error error = uids.load();
    if (error.isError())
        return CliContext::report(error);
    Pop3FetchJob::Settings settings = pop3Settings(source);
    settings.deleteAfterDownload = deleteAfterDownload;
    if (deleteAfterDays > 0)
        settings.expiredUids
            = uids.downloadedBefore(QDateTime::currentDateTimeUtc().addDays(-deleteAfterDays));
    Pop3FetchJob job(settings, maildirPath, uids.uids(), &context.certificates(), context.log());
    job.setPrompter(context.prompter());
    Error recordError;
    QObject::connect(&job, &Pop3FetchJob::messageStored,
        [&uids, &recordError, storage, &maildirPath](const QByteArray &uid, const QString &name) {
            Error added = uids.add(uid);
            if (!added.isError() && storage)
                added = storage->indexMaildirMessage(maildirPath + QStringLiteral("/new/") + name);
            if (added.isError() && !recordError.isError())
                recordError = added;
        });
    error = context.run(&job);
    if (!error.isError())
        error = recordError;
    std::printf("%s: %lld new of %d on the server\n", qPrintable(maildirPath),
        static_cast<long long>(job.newUids().size()), job.serverMessageCount());
    if (error.isError())
        return CliContext::report(error);
    return CliContext::Success;
}

} // namespace

QStringList MailReadCommands::names()
{
    return {QStringLiteral("folders"), QStringLiteral("list"), QStringLiteral("show"),
        QStringLiteral("fetch")};
}

int MailReadCommands::run(const QString &command, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    CliContext context;
    context.addConnectionOptions(parser);
    MailSource::addOptions(parser);
    parser.addOption({QStringLiteral("json"), tr("Print JSON.")});
    parser.addOption({QStringLiteral("raw"), tr("mail show: the exact message bytes.")});
    parser.addOption({QStringLiteral("cached"),
        tr("mail list --account: what the local index holds, without connecting.")});
    parser.addOption({QStringLiteral("delete"),
        tr("mail fetch, POP3: delete each message from the server once it is stored here.")});
    parser.addOption({QStringLiteral("delete-after-days"),
        tr("mail fetch, POP3: delete from the server what was stored here N days ago or more."),
        tr("N")});
    parser.addOption({QStringLiteral("maildir"),
        tr("mail fetch with a pop3 URL: the Maildir to deliver to."), tr("folder")});
    if (const std::optional<int> exitCode
        = context.parseCommandLine(parser, QStringLiteral("wharf-cli mail ") + command, arguments))
        return *exitCode;
    QStringList positional = parser.positionalArguments();
    if (!parser.isSet(QStringLiteral("account")) && positional.isEmpty()) {
        CliContext::printUsageError(tr("mail %1 needs a URL or --account NAME.").arg(command));
        return CliContext::UsageError;
    }
    Error error;
    const std::optional<MailSource> source = MailSource::resolve(
        parser, &positional, context, &error, !parser.isSet(QStringLiteral("cached")));
    if (!source)
        return CliContext::report(error);
    const bool json = parser.isSet(QStringLiteral("json"));
    const bool imap = source->protocol == MailSource::Protocol::Imap;
    if (command == QLatin1StringView("fetch")) {
        if (imap)
            return fetchImap(*source, context);
        QString maildir = parser.value(QStringLiteral("maildir"));
        std::unique_ptr<MailAccountStorage> storage;
        if (maildir.isEmpty() && source->account) {
            storage = std::make_unique<MailAccountStorage>(source->account->dataDirectory());
            const Error opened = storage->open();
            if (opened.isError())
                return CliContext::report(opened);
            maildir = storage->maildirPath();
        }
        if (maildir.isEmpty()) {
            CliContext::printUsageError(tr("mail fetch by POP3 URL needs --maildir FOLDER."));
            return CliContext::UsageError;
        }
        bool daysOk = true;
        const int days = parser.isSet(QStringLiteral("delete-after-days"))
            ? parser.value(QStringLiteral("delete-after-days")).toInt(&daysOk)
            : 0;
        if (!daysOk || days < 0) {
            CliContext::printUsageError(tr("--delete-after-days takes a number of days."));
            return CliContext::UsageError;
        }
        return fetchPop3(
            *source, context, maildir, storage.get(), parser.isSet(QStringLiteral("delete")), days);
    }
    if (!imap && command == QLatin1StringView("folders"))
        return CliContext::report(Error(
            Error::Kind::Unsupported, tr("POP3 has no folders: only the inbox (mail list).")));
    if (!imap && command == QLatin1StringView("list") && !parser.isSet(QStringLiteral("cached")))
        return listPop3(*source, context, json);
    if (command == QLatin1StringView("folders"))
        return foldersImap(*source, context, json);
    if (command == QLatin1StringView("list")) // an IMAP folder, or any account's index
        return listImap(*source, context, json, parser.isSet(QStringLiteral("cached")));
    if (positional.isEmpty()) {
        CliContext::printUsageError(tr("mail show needs a message id (see mail list)."));
        return CliContext::UsageError;
    }
    if (!imap)
        return showPop3(
            *source, context, positional.constFirst(), parser.isSet(QStringLiteral("raw")));
    return showImap(*source, context, positional.constFirst(), parser.isSet(QStringLiteral("raw")));
}
