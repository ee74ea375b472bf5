// One Maildir on disk (cur/, new/, tmp/, as qmail, Dovecot and mutt read it): delivery writes to
// tmp/, fsyncs, then renames into new/, so a half-written message is never visible.
#pragma once

#include "net/error.h"

#include <QByteArray>
#include <QString>

class QFile;

class Maildir
{
public:
    explicit Maildir(QString path);

    [[nodiscard]] const QString &path() const { return m_path; }
    // Creates the folder and its cur/, new/ and tmp/ (existing ones are fine).
    [[nodiscard]] Error create() const;
    // Stores message as a new file in new/; fileName receives its name (without folder). The
    // message is on disk (file and folder fsync'ed) when this returns without an error.
    [[nodiscard]] Error deliver(const QByteArray &message, QString *fileName = nullptr) const;

    // "1764143000.M123456P4242Q7.host": seconds, microseconds, pid and a per-process counter,
    // unique even for several deliveries in the same microsecond (cr.yp.to/proto/maildir.html).
    [[nodiscard]] static QString uniqueName();
    // Writes the bytes of a directory's entries to disk (after a create or rename inside it).
    [[nodiscard]] static bool syncDirectory(const QString &directory);
    // Flushes and fsyncs an open file.
    [[nodiscard]] static bool syncFile(QFile &file);
    // rename(2): never QFile::rename, which falls back to copying where a rename fails (and a
    // copy in progress is visible to readers).
    [[nodiscard]] static bool renameAtomically(const QString &from, const QString &to);

private:
    QString m_path;
};
