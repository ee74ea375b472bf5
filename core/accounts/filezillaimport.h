// Reads FileZilla's sitemanager.xml (read-only) into Sites: folders become "Folder/Name",
// protocols map to ftp/ftps/sftp. Passwords are read only when asked for.
#pragma once

#include "accounts/site.h"
#include "net/error.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

class QIODevice;

class FileZillaImport
{
    Q_DECLARE_TR_FUNCTIONS(FileZillaImport)

public:
    struct Entry
    {
        Site site; // without an id
        QString password; // empty unless passwords were asked for and the file had one
    };
    struct Result
    {
        QList<Entry> entries;
        // One sentence per <Server> left out or password not imported, with the reason.
        QStringList skipped;
    };

    // withPasswords false: <Pass> elements are skipped unread. A file that is not
    // well-formed XML, or not FileZilla's, is an error and nothing is returned.
    [[nodiscard]] static Result read(QIODevice *device, bool withPasswords, Error *error);
    // Opens the file read-only; it is never written.
    [[nodiscard]] static Result readFile(const QString &fileName, bool withPasswords, Error *error);

    // FileZilla's "safe path" of <RemoteDir> ("1 0 3 pub 4 test" -> "/pub/test"); empty when
    // it is empty or not a Unix-style path.
    [[nodiscard]] static QString remoteDirToPath(const QString &safePath);
};
