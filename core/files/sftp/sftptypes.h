// The plain data that crosses between the GUI thread and an SFTP connection's thread: the
// site's settings, one request, and its result. Copies only; nothing here is shared.
#pragma once

#include "files/remoteentry.h"
#include "files/transferoptions.h"
#include "net/error.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

struct SftpSettings
{
    QString host;
    quint16 port = 22;
    QString user;
    QString password; // empty: asked through the Prompter when the server wants one
    QString identityFile; // empty: ~/.ssh/id_ed25519, id_ecdsa, id_rsa
    // Tried on an encrypted key before asking (a passphrase saved in the keychain).
    QString keyPassphrase;
    QString knownHostsFile; // empty: ~/.ssh/known_hosts
    // OpenSSH client config for Host aliases, HostName, User, Port, IdentityFile. Empty:
    // ~/.ssh/config (and /etc/ssh/ssh_config); "none": no config at all.
    QString sshConfigFile;
    bool acceptNewHostKey = false; // OpenSSH's StrictHostKeyChecking=accept-new
    int connectTimeoutSeconds = 20;
    int requestTimeoutSeconds = 60;
};

struct SftpRequest
{
    enum class Operation {
        Connect, // log in (unless logged in already), nothing more
        List,
        Stat,
        MakeDirectory,
        RemoveDirectory,
        RemoveFile,
        Rename,
        SetPermissions,
        SetModificationTime,
        Download,
        Upload,
    };

    quint64 id = 0;
    Operation operation = Operation::Stat;
    QString remotePath; // for Rename: the old path
    QString otherPath; // Rename: the new path; transfers: the local file
    int mode = 0;
    QDateTime time;
    TransferOptions options;
    // Set from the GUI thread; the connection's thread checks it between chunks.
    std::shared_ptr<std::atomic_bool> cancelled = std::make_shared<std::atomic_bool>(false);
};

struct SftpResult
{
    Error error;
    QString path; // resolved ("~" replaced by the home folder)
    QList<RemoteEntry> entries;
    QStringList rejectedNames;
    RemoteEntry entry;
};

Q_DECLARE_METATYPE(SftpResult)
