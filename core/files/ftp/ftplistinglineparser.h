// Reads one line of an FTP directory listing (an MLSD fact line, a Unix `ls -l` or DOS/IIS LIST
// line) into a RemoteEntry. No state and no socket: FtpListingParser splits the bytes into lines.
#pragma once

#include "files/remoteentry.h"

#include <QDateTime>
#include <QStringView>

class FtpListingLineParser
{
public:
    FtpListingLineParser() = delete;

    // One line read on its own. The name is as the server sent it: these parsers do not judge it
    // (an MLST reply legitimately names a path); FtpListingParser filters what it returns.
    struct ParsedLine
    {
        enum class Kind {
            Entry, // an entry of the folder
            Skip, // no entry of the folder: "total 42"; MLSD cdir/pdir, whose facts are in entry
            Unparsed, // not a line of the format tried
        };
        Kind kind = Kind::Unparsed;
        RemoteEntry entry;
    };

    [[nodiscard]] static ParsedLine parseMlsdLine(QStringView line);
    // nowUtc decides the year of `ls -l` dates that have a time but no year.
    [[nodiscard]] static ParsedLine parseUnixLine(QStringView line, const QDateTime &nowUtc);
    [[nodiscard]] static ParsedLine parseDosLine(QStringView line);
};
