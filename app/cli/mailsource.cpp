#include "mailsource.h"

#include "clicontext.h"

#include <QCommandLineParser>
#include <QUrl>

void MailSource::addOptions(QCommandLineParser &parser)
{
    parser.addOptions({{QStringLiteral("account"), tr("A saved mail account."), tr("name")},
        {QStringLiteral("folder"), tr("IMAP folder (default INBOX)."), tr("name")}});
}

std::optional<MailSource> MailSource::fromUrl(
    const QString &text, const QString &tlsMode, Error *error)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    MailSource source;
    if (scheme == QLatin1StringView("imaps") || scheme == QLatin1StringView("imap")) {
        source.protocol = Protocol::Imap;
    } else if (scheme == QLatin1StringView("pop3s") || scheme == QLatin1StringView("pop3")) {
        source.protocol = Protocol::Pop3;
    } else {
        *error = Error(Error::Kind::Unsupported,
            tr("\"%1\" is not an imap://, imaps://, pop3:// or pop3s:// URL.").arg(text));
        return std::nullopt;
    }
    if (!url.isValid() || url.host().isEmpty()) {
        *error = Error(Error::Kind::Unsupported, tr("\"%1\" is not a valid URL.").arg(text));
        return std::nullopt;
    }
    const bool implicit = scheme.endsWith(QLatin1Char('s'));
    if (implicit)
        source.security = Security::ImplicitTls;
    else if (tlsMode == QLatin1StringView("none"))
        source.security = Security::Plain;
    else
        source.security = Security::StartTls;
    const bool imap = source.protocol == Protocol::Imap;
    source.host = url.host();
    source.port = quint16(url.port(imap ? (implicit ? 993 : 143) : (implicit ? 995 : 110)));
    source.user = url.userName(QUrl::FullyDecoded);
    QString path = url.path(QUrl::FullyDecoded);
    while (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    source.folder = path;
    return source;
}

std::optional<MailSource> MailSource::resolve(const QCommandLineParser &parser,
    QStringList *positional, CliContext &context, Error *error, bool withPassword)
{
    std::optional<MailSource> source;
    if (parser.isSet(QStringLiteral("account"))) {
        AccountStore *store = context.accounts(error);
        if (!store)
            return std::nullopt;
        const QString name = parser.value(QStringLiteral("account"));
        const std::optional<MailAccount> account = store->mailAccountByName(name);
        if (!account) {
            *error = Error(Error::Kind::NotFound,
                tr("There is no mail account named \"%1\" (see 'wharf-cli mail accounts "
                   "list').")
                    .arg(name));
            return std::nullopt;
        }
        source = fromUrl(account->incomingUrl, context.tlsMode(), error);
        if (!source)
            return std::nullopt;
        source->account = account;
        if (!withPassword) {
            // Reading the local store only: no keychain access, no prompt.
        } else if (!context.passwordFromStdin()) {
            const std::optional<QString> saved
                = context.savedMailSecret(account->id, {QStringLiteral("password")});
            source->password = saved
                ? *saved
                : context.askPassword(source->user, source->host).value_or(QString());
        } else {
            source->password = context.askPassword(source->user, source->host).value_or(QString());
        }
    } else {
        if (positional->isEmpty()) {
            *error = Error(Error::Kind::Unsupported,
                tr("Give an imap://, imaps://, pop3:// or pop3s:// URL, or --account NAME."));
            return std::nullopt;
        }
        source = fromUrl(positional->takeFirst(), context.tlsMode(), error);
        if (!source)
            return std::nullopt;
        source->password = context.askPassword(source->user, source->host).value_or(QString());
    }
    if (parser.isSet(QStringLiteral("folder")))
        source->folder = parser.value(QStringLiteral("folder"));
    if (source->folder.isEmpty())
        source->folder = QStringLiteral("INBOX");
    return source;
}
