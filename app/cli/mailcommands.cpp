#include "mailcommands.h"

#include "clicontext.h"
#include "mail/mime/mimebuilder.h"
#include "mail/smtp/smtpsendjob.h"

#include <QFile>
#include <QFileInfo>
#include <QUrl>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

namespace {

// smtps://user@host[:465] (implicit TLS) or smtp://user@host[:587] (STARTTLS, required).
bool smtpSettings(const QString &text, SmtpSendJob::Settings *settings, QString *problem)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1StringView("smtps") && scheme != QLatin1StringView("smtp"))) {
        *problem = MailCommands::tr("The account's SMTP URL \"%1\" is not usable.").arg(text);
        return false;
    }
    const bool implicit = scheme == QLatin1StringView("smtps");
    settings->host = url.host();
    settings->port = quint16(url.port(implicit ? 465 : 587));
    settings->security
        = implicit ? SmtpSendJob::Security::ImplicitTls : SmtpSendJob::Security::StartTls;
    settings->user = url.userName(QUrl::FullyDecoded);
    return true;
}

std::optional<QString> savedPassword(CliContext &context, const QString &accountId)
{
    for (const QString &field : {QStringLiteral("smtp-password"), QStringLiteral("password")}) {
        std::optional<QString> secret;
        context.waitFor([&](const std::function<void(const Error &)> &done) {
            context.credentials().read(CredentialStore::Kind::MailAccount, accountId, field,
                [&secret, done](const std::optional<QString> &value, const Error &error) {
                    secret = value;
                    done(error);
                });
        });
        if (secret)
            return secret;
    }
    return std::nullopt;
}

} // namespace

int MailCommands::send(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({{QStringLiteral("account"), tr("The saved mail account to send with."),
                           tr("name")},
        {QStringLiteral("to"), tr("Recipients: \"Name <addr>, addr\"."), tr("addresses")},
        {QStringLiteral("cc"), tr("Copy recipients."), tr("addresses")},
        {QStringLiteral("bcc"), tr("Hidden recipients (never in the message)."), tr("addresses")},
        {QStringLiteral("subject"), tr("The subject."), tr("text")},
        {QStringLiteral("body"), tr("Read the text from this file (default: standard input)."),
            tr("file")},
        {QStringLiteral("attach"), tr("Attach a file (repeat for more)."), tr("file")},
        {QStringLiteral("ca-file"), tr("Also trust the certificate authorities in this file."),
            tr("file")},
        {QStringLiteral("log"), tr("Print the SMTP conversation (secrets masked).")}});
    if (!parser.parse(QStringList {QStringLiteral("wharf-cli mail send")} + arguments)) {
        CliContext::printUsageError(parser.errorText());
        return CliContext::UsageError;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return CliContext::Success;
    }
    if (!parser.isSet(QStringLiteral("account"))
        || (!parser.isSet(QStringLiteral("to")) && !parser.isSet(QStringLiteral("cc"))
            && !parser.isSet(QStringLiteral("bcc")))) {
        CliContext::printUsageError(tr("mail send needs --account and at least one recipient."));
        return CliContext::UsageError;
    }

    CliContext context;
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

    MimeBuilder message;
    message.from = {account->displayName, account->emailAddress};
    message.subject = parser.value(QStringLiteral("subject"));
    for (const auto &[option, list] : {std::pair {QStringLiteral("to"), &message.to},
             std::pair {QStringLiteral("cc"), &message.cc},
             std::pair {QStringLiteral("bcc"), &message.bcc}}) {
        if (!parser.isSet(option))
            continue;
        *list = MimeBuilder::parseMailboxes(parser.value(option), &error);
        if (error.isError())
            return CliContext::report(error);
    }
    QByteArray text;
    if (parser.isSet(QStringLiteral("body"))) {
        QFile file(parser.value(QStringLiteral("body")));
        if (!file.open(QIODevice::ReadOnly))
            return CliContext::report(Error(Error::Kind::LocalIo,
                tr("Could not read %1: %2").arg(file.fileName(), file.errorString())));
        text = file.readAll();
    } else {
        text = QByteArray::fromStdString(std::string(std::istreambuf_iterator<char>(std::cin), {}));
    }
    message.text = QString::fromUtf8(text);
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

    SmtpSendJob::Settings settings;
    QString problem;
    if (!smtpSettings(account->smtpUrl, &settings, &problem))
        return CliContext::report(Error(Error::Kind::Unsupported, problem));
    if (!settings.user.isEmpty()) {
        const std::optional<QString> password = savedPassword(context, account->id);
        if (!password)
            return CliContext::report(Error(Error::Kind::Authentication,
                tr("No password is saved for %1 (mail accounts add ... --password-stdin).")
                    .arg(account->name)));
        settings.password = *password;
    }
    CertificateStore certificates(CertificateStore::defaultSettingsFile());
    if (parser.isSet(QStringLiteral("ca-file"))
        && !certificates.addCaFile(parser.value(QStringLiteral("ca-file"))))
        return CliContext::report(Error(Error::Kind::LocalIo,
            tr("No certificates found in %1.").arg(parser.value(QStringLiteral("ca-file")))));
    ProtocolLog log;
    if (parser.isSet(QStringLiteral("log")))
        QObject::connect(&log, &ProtocolLog::entryAdded, [](const ProtocolLog::Entry &entry) {
            std::fprintf(stderr, "%s\n", qPrintable(ProtocolLog::format(entry)));
        });
    SmtpSendJob job(
        settings, account->emailAddress, message.envelopeRecipients(), bytes, &certificates, &log);
    error = context.run(&job);
    int refused = 0;
    for (const SmtpSendJob::RecipientResult &result : job.recipientResults()) {
        if (!result.accepted()) {
            ++refused;
            std::fprintf(stderr, "wharf-cli: %s was refused: %d %s\n", qPrintable(result.address),
                result.code, qPrintable(result.reply));
        }
    }
    if (error.isError()) {
        if (job.isTemporaryFailure())
            std::fprintf(stderr, "wharf-cli: the server asked to try again later.\n");
        return CliContext::report(error);
    }
    return refused > 0 ? int(CliContext::PartialFailure) : int(CliContext::Success);
}
