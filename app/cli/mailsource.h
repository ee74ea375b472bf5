// Where wharf-cli's mail reading commands get mail from: an imap(s):// or pop3(s):// URL
// typed on the command line, or a saved account (--account NAME) with its keychain password
// and its local store.
#pragma once

#include "accounts/mailaccount.h"
#include "net/error.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

class CliContext;
class QCommandLineParser;

struct MailSource
{
    Q_DECLARE_TR_FUNCTIONS(MailSource)

public:
    enum class Protocol { Imap, Pop3 };
    enum class Security { ImplicitTls, StartTls, Plain };

    Protocol protocol = Protocol::Imap;
    Security security = Security::ImplicitTls;
    QString host;
    quint16 port = 0;
    QString user;
    QString password;
    QString folder; // from the URL's path or --folder; empty: INBOX
    std::optional<MailAccount> account;

    // Adds --account and --folder.
    static void addOptions(QCommandLineParser &parser);
    // From --account or the first positional argument (taken off *positional). STARTTLS is
    // required for imap:// and pop3:// unless --tls=none allows plaintext.
    [[nodiscard]] static std::optional<MailSource> resolve(const QCommandLineParser &parser,
        QStringList *positional, CliContext &context, Error *error, bool withPassword = true);
    [[nodiscard]] static std::optional<MailSource> fromUrl(
        const QString &text, const QString &tlsMode, Error *error);
};
