// wharf-cli's mail commands that send: `mail send` (through the account's Outbox, or straight
// to an smtp:// / smtps:// URL) and `mail outbox` (list, retry, remove what is waiting).
#pragma once

#include <QCoreApplication>
#include <QStringList>

class MailCommands
{
    Q_DECLARE_TR_FUNCTIONS(MailCommands)

public:
    // arguments: everything after "mail send".
    [[nodiscard]] static int send(const QStringList &arguments);
    // arguments: everything after "mail outbox".
    [[nodiscard]] static int outbox(const QStringList &arguments);
};
