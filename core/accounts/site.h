// A saved file server: where it is and how to talk to it. Never its password: that lives in
// the keychain under the site's id (CredentialStore).
#pragma once

#include "files/remoteurl.h"

#include <QString>

struct Site
{
    QString id; // stable across renames, so the keychain entry stays attached
    QString name;
    RemoteUrl::Scheme scheme = RemoteUrl::Scheme::Sftp;
    QString host;
    quint16 port = 0; // 0: the scheme's default
    QString user;
    QString initialPath;
    QString ftpTls = QStringLiteral("auto"); // auto, require, none (ftp:// only)
    bool ftpActiveMode = false;
    QString identityFile; // sftp:// only; empty: the usual ~/.ssh keys

    [[nodiscard]] quint16 effectivePort() const
    {
        return port != 0 ? port : RemoteUrl::defaultPort(scheme);
    }
    // "sftp://alice@example.org:2222/srv"
    [[nodiscard]] QString url() const;
    // The site's URL with path appended to its initial path ("" keeps the initial path).
    [[nodiscard]] RemoteUrl remoteUrl(const QString &path, Error *error) const;
    // Host, port, user and path from a URL; the name is left to the caller.
    [[nodiscard]] static Site fromUrl(const RemoteUrl &url);
};
