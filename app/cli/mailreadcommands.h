// wharf-cli's mail commands that read from servers: mail folders, list, show and fetch, over
// IMAP or POP3, by URL or with a saved account (whose local store they fill).
#pragma once

#include <QCoreApplication>
#include <QStringList>

class MailReadCommands
{
    Q_DECLARE_TR_FUNCTIONS(MailReadCommands)

public:
    [[nodiscard]] static QStringList names();
    // command: "folders", "list", "show" or "fetch"; arguments: what follows it.
    [[nodiscard]] static int run(const QString &command, const QStringList &arguments);
};
