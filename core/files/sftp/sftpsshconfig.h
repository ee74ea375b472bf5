// What an OpenSSH client config (~/.ssh/config) says about one host, as far as Wharf needs to
// know beyond what libssh applies itself (ssh_options_parse_config: HostName, User, Port, ...):
// the IdentityFile lines, and the directives Wharf does not honour, so they can be named
// instead of silently ignored. Socket-free.
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

class SftpSshConfig
{
    Q_DECLARE_TR_FUNCTIONS(SftpSshConfig)

public:
    struct Directive
    {
        QString keyword; // as written
        QString value;
        int line = 0;
    };

    // The directives that apply to host (the name as given, an alias or not), in file order:
    // those before the first Host/Match line and those of every Host block whose patterns
    // match ("*", "?", "!" negation). Match blocks are not evaluated: they come back as one
    // "Match" directive (which is unsupported). Include is left to libssh.
    [[nodiscard]] static QList<Directive> applying(const QString &text, const QString &host);

    // ProxyJump and ProxyCommand: Wharf connects directly or not at all.
    [[nodiscard]] static bool needsProxy(const QString &keyword);
    // Directives Wharf neither honours nor needs to refuse (forwardings, control sockets, ...).
    [[nodiscard]] static bool isIgnored(const QString &keyword);
};
