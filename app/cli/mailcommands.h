// wharf-cli's mail commands that talk to servers: `mail send` (SMTP) for now.
#pragma once

#include <QCoreApplication>
#include <QStringList>

class MailCommands
{
    Q_DECLARE_TR_FUNCTIONS(MailCommands)

public:
    // arguments: everything after "mail send".
    [[nodiscard]] static int send(const QStringList &arguments);
};
