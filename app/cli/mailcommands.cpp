#include "mailcommands.h"

#include "clicontext.h"
#include "mail/imap/imapsession.h"
#include "mail/mime/mimebuilder.h"
#include "mail/sentcopyjob.h"
#include "mail/smtp/outboxsendjob.h"
#include "mail/smtp/smtpsendjob.h"
#include "mail/store/mailaccountstorage.h"
#include "mail/store/outbox.h"
#include "mailsource.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

namespace {

// smtps://user@host[:465] (implicit TLS) or smtp://user@host[:587] (STARTTLS, required
// unless --tls=none).
bool smtpSettings(
    const QString &text, const QString &tlsMode, SmtpSendJob::Settings *settings, QString *problem)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1StringView("smtps") && scheme != QLatin1StringView("smtp"))) {
        *problem = MailCommands::tr("\"%1\" is not an smtp:// or smtps:// URL.").arg(text);
        return false;
    }
    const bool implicit = scheme == QLatin1StringView("smtps");
    settings->host = url.host();
    settings->port = quint16(url.port(implicit ? 465 : 587));
    settings->security = implicit              ? SmtpSendJob::Security::ImplicitTls
        : tlsMode == QLatin1StringView("none") ? SmtpSendJob::Security::Plain
                                               : SmtpSendJob::Security::StartTls;
    settings->user = url.userName(QUrl::FullyDecoded);
    return true;
}

// The account (when --account is given) and the SMTP settings with their password.
struct Sender
{
    std::optional<MailAccount> account;
    SmtpSendJob::Settings settings;
    QString from;
};

std::optional<Sender> resolveSender(
    const QCommandLineParser &parser, CliContext &context, Error *error)
{
    Sender sender;
    QString smtpUrl = parser.value(QStringLiteral("smtp"));
    if (parser.isSet(QStringLiteral("account"))) {
        AccountStore *store = context.accounts(error);
        if (!store)
            return std::nullopt;
        sender.account = store->mailAccountByName(parser.value(QStringLiteral("account")));
        if (!sender.account) {
            *error = Error(Error::Kind::NotFound,
                MailCommands::tr("There is no mail account named \"%1\".")
                    .arg(parser.value(QStringLiteral("account"))));
            return std::nullopt;
        }
        if (smtpUrl.isEmpty())
            smtpUrl = sender.account->smtpUrl;
        sender.from = sender.account->emailAddress;
    }
    if (parser.isSet(QStringLiteral("from")))
        sender.from = parser.value(QStringLiteral("from"));
    QString problem;
    if (!smtpSettings(smtpUrl, context.tlsMode(), &sender.settings, &problem)) {
        *error = Error(Error::Kind::Unsupported, problem);
        return std::nullopt;
    }
    if (sender.settings.user.isEmpty())
        return sender;
    std::optional<QString> password;
    if (sender.account && !context.passwordFromStdin())
        password = context.savedMailSecret(
            sender.account->id, {QStringLiteral("smtp-password"), QStringLiteral("password")});
    if (!password)
        password = context.askPassword(sender.settings.user, sender.settings.host);
    if (!password || (password->isEmpty() && !context.passwordFromStdin())) {
        *error = Error(Error::Kind::Authentication,
            MailCommands::tr("No password for %1 (save one with mail accounts add "
                             "--password-stdin, or use --password-stdin).")
                .arg(sender.settings.user));
        return std::nullopt;
    }
    sender.settings.password = *password;
    return sender;
}

int reportRecipients(const QList<SmtpSendJob::RecipientResult> &results)
{
    int refused = 0;
    for (const SmtpSendJob::RecipientResult &result : results) {
        if (result.code / 100 == 5) {
            ++refused;
            std::fprintf(stderr, "wharf-cli: %s was refused: %d %s\n", qPrintable(result.address),
                result.code, qPrintable(result.reply));
        } else if (result.code / 100 == 4) {
            std::fprintf(stderr, "wharf-cli: %s: the server asked to try later: %d %s\n",
                qPrintable(result.address), result.code, qPrintable(result.reply));
        }
    }
    return refused;
}

// After sending with an account: a copy in its Sent folder (IMAP) or local Sent (POP3). A
// failure here is only a warning: the message itself went out.
void fileSentCopy(CliContext &context, const Sender &sender, const QByteArray &message)
{
    MailAccountStorage storage(sender.account->dataDirectory());
    Error error = storage.open();
    Error sourceError;
    const std::optional<MailSource> incoming
        = MailSource::fromUrl(sender.account->incomingUrl, context.tlsMode(), &sourceError);
    std::unique_ptr<ImapSession> session;
    if (!error.isError() && incoming && incoming->protocol == MailSource::Protocol::Imap) {
        ImapSession::Settings settings;
        settings.host = incoming->host;
        settings.port = incoming->port;
        settings.user = incoming->user;
        settings.security = incoming->security == MailSource::Security::ImplicitTls
            ? ImapSession::Security::ImplicitTls
            : incoming->security == MailSource::Security::Plain ? ImapSession::Security::Plain
                                                                : ImapSession::Security::StartTls;
        const std::optional<QString> saved = context.passwordFromStdin()
            ? std::nullopt
            : context.savedMailSecret(sender.account->id, {QStringLiteral("password")});
        settings.password = saved.value_or(sender.settings.password);
        session = std::make_unique<ImapSession>(
            settings, &context.certificates(), context.prompter(), context.log());
    }
    if (!error.isError()) {
        SentCopyJob job(&storage, session.get(), message);
        error = context.run(&job);
        if (session)
            session->logout();
    }
    if (error.isError())
        std::fprintf(stderr, "wharf-cli: sent, but no copy was kept in Sent: %s\n",
            qPrintable(error.message()));
}

QString outboxDirectory(const MailAccount &account)
{
    return MailAccountStorage(account.dataDirectory()).outboxPath();
}

} // namespace

int MailCommands::send(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    CliContext context;
    context.addConnectionOptions(parser);
    parser.addOptions({{QStringLiteral("account"),
                           tr("The saved mail account to send with (through its Outbox)."),
                           tr("name")},
        {QStringLiteral("smtp"), tr("Send straight to this smtp:// or smtps:// URL."), tr("url")},
        {QStringLiteral("from"), tr("The sender's address (default: the account's)."),
            tr("address")},
        {QStringLiteral("to"), tr("Recipients: \"Name <addr>, addr\"."), tr("addresses")},
        {QStringLiteral("cc"), tr("Copy recipients."), tr("addresses")},
        {QStringLiteral("bcc"), tr("Hidden recipients (never in the message)."), tr("addresses")},
        {QStringLiteral("subject"), tr("The subject."), tr("text")},
        {QStringLiteral("body"), tr("Read the text from this file (default: standard input)."),
            tr("file")},
        {{QStringLiteral("body-file")}, tr("Same as --body."), tr("file")},
        {QStringLiteral("attach"), tr("Attach a file (repeat for more)."), tr("file")},
        {QStringLiteral("no-sent-copy"), tr("With --account: keep no copy in the Sent folder.")}});
    if (const std::optional<int> exitCode
        = context.parseCommandLine(parser, QStringLiteral("wharf-cli mail send"), arguments))
        return *exitCode;
    if ((!parser.isSet(QStringLiteral("account")) && !parser.isSet(QStringLiteral("smtp")))
        || (!parser.isSet(QStringLiteral("to")) && !parser.isSet(QStringLiteral("cc"))
            && !parser.isSet(QStringLiteral("bcc")))) {
        CliContext::printUsageError(
            tr("mail send needs --account NAME or --smtp URL --from ADDRESS, and at least one "
               "recipient."));
        return CliContext::UsageError;
    }

    Error error;
    MimeBuilder message;
    message.subject = parser.value(QStringLiteral("subject"));
    for (const auto &[option, list] : {std::pair {QStringLiteral("to"), &message.to},
             std::pair {QStringLiteral("cc"), &message.cc},
             std::pair {QStringLiteral("bcc"), &message.bcc}}) {
        if (!parser.isSet(option))
            continue;
        *list = MimeBuilder::parseMailboxes(parser.values(option).join(QLatin1Char(',')), &error);
        if (error.isError())
            return CliContext::report(error);
    }
    // The text is read before the password, so --password-stdin's line comes first.
    QString bodyFile = parser.value(QStringLiteral("body"));
    if (bodyFile.isEmpty())
        bodyFile = parser.value(QStringLiteral("body-file"));
    QByteArray text;
    if (!bodyFile.isEmpty()) {
        QFile file(bodyFile);
        if (!file.open(QIODevice::ReadOnly))
            return CliContext::report(Error(Error::Kind::LocalIo,
                tr("Could not read %1: %2").arg(file.fileName(), file.errorString())));
        text = file.readAll();
    }
    const std::optional<Sender> sender = resolveSender(parser, context, &error);
    if (!sender)
        return CliContext::report(error);
    if (bodyFile.isEmpty())
        text = QByteArray::fromStdString(std::string(std::istreambuf_iterator<char>(std::cin), {}));
    message.text = QString::fromUtf8(text);
    message.from = {sender->account ? sender->account->displayName : QString(), sender->from};
    if (sender->from.isEmpty()) {
        CliContext::printUsageError(sender->account
                ? tr("The account \"%1\" has no address: give --from ADDRESS.")
                      .arg(sender->account->name)
                : tr("mail send --smtp needs --from ADDRESS."));
        return CliContext::UsageError;
    }
    for (const QString &path : parser.values(QStringLiteral("attach"))) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return CliContext::report(Error(
                Error::Kind::LocalIo, tr("Could not read %1: %2").arg(path, file.errorString())));
        message.attachments.append({QFileInfo(path).fileName(), file.readAll(), QString()});
    }
    const QByteArray bytes = message.build(&error);
    if (error.isError())
        return CliContext::report(error);

    if (!sender->account) {
        SmtpSendJob job(sender->settings, sender->from, message.envelopeRecipients(), bytes,
            &context.certificates(), context.log());
        job.setPrompter(context.prompter());
        error = context.run(&job);
        const int refused = reportRecipients(job.recipientResults());
        if (error.isError())
            return CliContext::report(error);
        return refused > 0 ? int(CliContext::PartialFailure) : int(CliContext::Success);
    }

    // With an account, the message goes through its Outbox first: if the server can't take it
    // now, it waits there (mail outbox --send tries again), and nothing typed is lost.
    Outbox outbox(outboxDirectory(*sender->account));
    QString id;
    error = outbox.enqueue(bytes, sender->from, message.envelopeRecipients(), &id);
    if (error.isError())
        return CliContext::report(error);
    OutboxSendJob job(
        &outbox, sender->settings, &context.certificates(), context.log(), {id}, true);
    job.setPrompter(context.prompter());
    error = context.run(&job);
    if (error.isError())
        return CliContext::report(error);
    const OutboxSendJob::Result result = job.results().value(0);
    const int refused = reportRecipients(result.recipients);
    switch (result.outcome) {
    case OutboxSendJob::Outcome::Delivered:
        if (!parser.isSet(QStringLiteral("no-sent-copy")))
            fileSentCopy(context, *sender, bytes);
        return refused > 0 ? int(CliContext::PartialFailure) : int(CliContext::Success);
    case OutboxSendJob::Outcome::Deferred:
        std::fprintf(stderr,
            "wharf-cli: %s\nwharf-cli: the message waits in the Outbox; 'wharf-cli mail outbox "
            "--account \"%s\" --send' tries again.\n",
            qPrintable(result.error.message()), qPrintable(sender->account->name));
        return CliContext::Deferred;
    case OutboxSendJob::Outcome::GivenUp:
        std::fprintf(stderr, "wharf-cli: the message stays in the Outbox, marked as failed.\n");
        return CliContext::report(result.error);
    }
    return CliContext::Failure;
}

int MailCommands::outbox(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    CliContext context;
    context.addConnectionOptions(parser);
    parser.addOptions({{QStringLiteral("account"), tr("The mail account."), tr("name")},
        {QStringLiteral("json"), tr("Print JSON.")},
        {QStringLiteral("send"), tr("Send what is due now.")},
        {QStringLiteral("all"), tr("With --send: everything waiting, due or not.")},
        {QStringLiteral("remove"), tr("Delete this message from the Outbox."), tr("id")}});
    if (const std::optional<int> exitCode
        = context.parseCommandLine(parser, QStringLiteral("wharf-cli mail outbox"), arguments))
        return *exitCode;
    if (!parser.isSet(QStringLiteral("account"))) {
        CliContext::printUsageError(tr("mail outbox needs --account NAME."));
        return CliContext::UsageError;
    }
    Error error;
    AccountStore *store = context.accounts(&error);
    if (!store)
        return CliContext::report(error);
    const std::optional<MailAccount> account
        = store->mailAccountByName(parser.value(QStringLiteral("account")));
    if (!account)
        return CliContext::report(Error(Error::Kind::NotFound,
            tr("There is no mail account named \"%1\".")
                .arg(parser.value(QStringLiteral("account")))));
    Outbox outbox(outboxDirectory(*account));
    if (parser.isSet(QStringLiteral("remove"))) {
        error = outbox.remove(parser.value(QStringLiteral("remove")));
        return error.isError() ? CliContext::report(error) : int(CliContext::Success);
    }
    if (parser.isSet(QStringLiteral("send"))) {
        Error resolveError;
        const std::optional<Sender> sender = resolveSender(parser, context, &resolveError);
        if (!sender)
            return CliContext::report(resolveError);
        OutboxSendJob job(&outbox, sender->settings, &context.certificates(), context.log(), {},
            parser.isSet(QStringLiteral("all")));
        job.setPrompter(context.prompter());
        error = context.run(&job);
        if (error.isError())
            return CliContext::report(error);
        for (const OutboxSendJob::Result &result : job.results()) {
            reportRecipients(result.recipients);
            if (result.error.isError())
                std::fprintf(stderr, "wharf-cli: %s: %s\n", qPrintable(result.id),
                    qPrintable(result.error.message()));
        }
        std::printf("%d sent, %d waiting, %d failed\n",
            job.count(OutboxSendJob::Outcome::Delivered),
            job.count(OutboxSendJob::Outcome::Deferred),
            job.count(OutboxSendJob::Outcome::GivenUp));
        return job.count(OutboxSendJob::Outcome::Delivered) == int(job.results().size())
            ? int(CliContext::Success)
            : int(CliContext::Deferred);
    }
    QStringList problems;
    const QList<Outbox::Entry> entries = outbox.entries(&problems);
    for (const QString &problem : std::as_const(problems))
        std::fprintf(stderr, "wharf-cli: %s\n", qPrintable(problem));
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const Outbox::Entry &entry : entries) {
            array.append(
                QJsonObject {{QStringLiteral("id"), entry.id}, {QStringLiteral("from"), entry.from},
                    {QStringLiteral("recipients"), QJsonArray::fromStringList(entry.recipients)},
                    {QStringLiteral("queued"), entry.queued.toString(Qt::ISODate)},
                    {QStringLiteral("attempts"), entry.attempts},
                    {QStringLiteral("nextAttempt"), entry.nextAttempt.toString(Qt::ISODate)},
                    {QStringLiteral("lastError"), entry.lastError},
                    {QStringLiteral("failed"), entry.givenUp}});
        }
        std::fputs(QJsonDocument(array).toJson(QJsonDocument::Indented).constData(), stdout);
        return CliContext::Success;
    }
    for (const Outbox::Entry &entry : entries) {
        std::printf("%s  %s  %d attempt(s)  %s\n", qPrintable(entry.id),
            qPrintable(entry.recipients.join(QStringLiteral(", "))), entry.attempts,
            qPrintable(entry.givenUp ? tr("failed: %1").arg(entry.lastError)
                    : entry.lastError.isEmpty()
                    ? tr("due")
                    : tr("next try %1: %2")
                          .arg(entry.nextAttempt.toLocalTime().toString(Qt::ISODate),
                              entry.lastError)));
    }
    return CliContext::Success;
}
