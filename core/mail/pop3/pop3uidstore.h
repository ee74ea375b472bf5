// The POP3 UIDs already downloaded into one Maildir, in a small file beside it (one "UID
// seconds-since-epoch" a line; older files have the UID alone): the memory that makes "leave
// on server" fetch each message once, across runs and dropped connections, and that tells
// which messages are old enough for "delete from the server after N days".
#pragma once

#include "net/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QString>

class Pop3UidStore
{
public:
    explicit Pop3UidStore(QString filePath);

    // "<maildir>/.wharf-pop3-uids"
    [[nodiscard]] static QString defaultFilePath(const QString &maildirPath);

    [[nodiscard]] const QString &filePath() const { return m_filePath; }
    // Reads the file; a missing file is an empty set. A last line without its newline was cut
    // by a crash in the middle of add() and is ignored (that message is fetched again).
    [[nodiscard]] Error load();
    // Records one UID on disk (appended and fsync'ed) before returning.
    [[nodiscard]] Error add(
        const QByteArray &uid, const QDateTime &downloaded = QDateTime::currentDateTimeUtc());
    // Rewrites the file atomically with exactly these UIDs (drops the ones the server forgot).
    [[nodiscard]] Error replaceAll(const QSet<QByteArray> &uids);

    [[nodiscard]] const QSet<QByteArray> &uids() const { return m_uids; }
    [[nodiscard]] bool contains(const QByteArray &uid) const { return m_uids.contains(uid); }
    // The UIDs downloaded before cutoff. A UID without a recorded time (written by an older
    // Wharf) is never in it: what can't be dated is never deleted.
    [[nodiscard]] QSet<QByteArray> downloadedBefore(const QDateTime &cutoff) const;

private:
    QString m_filePath;
    QSet<QByteArray> m_uids;
    QHash<QByteArray, qint64> m_downloaded; // seconds since the epoch, UTC
};
