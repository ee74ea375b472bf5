// One entry of a remote folder listing, as every protocol reports it (FTP LIST/MLSD, SFTP).
#pragma once

#include <QDateTime>
#include <QString>

struct RemoteEntry
{
    enum class Type { File, Directory, Symlink, Other };
    // How much of mtime the server told: `ls -l` gives no seconds, and no time at all for
    // entries older than six months.
    enum class TimePrecision { None, Day, Minute, Second };

    QString name;
    Type type = Type::File;
    qint64 size = -1; // -1 when the server did not say
    QDateTime mtime; // UTC; invalid when unknown
    TimePrecision mtimePrecision = TimePrecision::None;
    int unixMode = -1; // permission bits (07777), -1 when unknown
    QString permissions; // as the server wrote them ("drwxr-xr-x", MLSD "perm" facts)
    QString owner;
    QString group;
    QString linkTarget; // for symlinks, when known
    Type linkTargetType = Type::Other; // what a symlink points to, when known (SFTP)

    [[nodiscard]] bool isDirectory() const { return type == Type::Directory; }
};
