// Reads OpenSSH's known_hosts the way a person needs it when a key changed: which line of the
// file holds the entry for a host (plain or hashed "|1|salt|hash" names), so the warning can
// say exactly what to check. libssh does the verification itself.
#pragma once

#include <QList>
#include <QString>

class KnownHostsFile
{
public:
    // "host" for port 22, "[host]:port" otherwise: how OpenSSH writes the name.
    [[nodiscard]] static QString entryName(const QString &host, quint16 port);
    // 1-based numbers of the lines whose host field matches; empty when none or unreadable.
    [[nodiscard]] static QList<int> linesFor(
        const QString &path, const QString &host, quint16 port);
};
