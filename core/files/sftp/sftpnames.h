// What a directory entry's name from an SFTP server may become: listings keep only names
// that are safe as local file names, so a hostile server can never choose where a download
// lands. Socket-free, so it can be tested with crafted names.
#pragma once

#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

class SftpNames
{
    Q_DECLARE_TR_FUNCTIONS(SftpNames)

public:
    enum class Verdict {
        Skip, // "." and "..": the folder itself and its parent, never an entry
        Accept, // a name that is safe as a local file name
        Reject, // "/", "\", NUL, CR/LF, only dots and spaces, empty, or not UTF-8
    };

    // Sorts the raw bytes the server sent as one entry's name; *name gets the decoded name
    // (for a rejected name, a readable form of it).
    [[nodiscard]] static Verdict classify(QByteArrayView raw, QString *name);

    // For a listing: true when the name is to become an entry (decoded into *name); a
    // rejected name is added to *rejected, and "." and ".." are dropped.
    static bool admit(QByteArrayView raw, QString *name, QStringList *rejected);
};
