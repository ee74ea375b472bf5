// Rules for the local side of every transfer: where partial downloads go, how they replace the
// final file, which server-supplied names may become local file names.
#pragma once

#include "net/error.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

class QFile;

class LocalFiles
{
    Q_DECLARE_TR_FUNCTIONS(LocalFiles)

public:
    // "report.pdf" -> "report.pdf.part": a download is written here and renamed when complete.
    [[nodiscard]] static QString partPath(const QString &localPath);
    // Renames from -> to, replacing `to` in one step, so no one ever sees half a file there.
    [[nodiscard]] static Error replaceWith(const QString &from, const QString &to);
    static bool setModificationTime(const QString &path, const QDateTime &utc);
    // An Error for a failed write, telling a full disk from other failures.
    [[nodiscard]] static Error writeError(const QFile &file);

    // False for names a server must not be able to turn into a local path: empty, ".", "..",
    // anything with "/", "\", NUL, CR or LF, or a name only of dots and spaces.
    [[nodiscard]] static bool isSafeName(const QString &name);
    // dir + "/" + name when the name is safe; otherwise an UnsafeName error naming it.
    [[nodiscard]] static Error childPath(const QString &dir, const QString &name, QString *path);

    // "20261126061200" or "20261126061200.123" (MDTM, MLSD modify): UTC.
    [[nodiscard]] static QDateTime parseFtpTimestamp(const QString &text);
    [[nodiscard]] static QString formatFtpTimestamp(const QDateTime &utc);
};
