// How one file moves: resume or start over, keep the modification time, text or binary.
#pragma once

#include <QDateTime>

struct TransferOptions
{
    // Continue from the bytes already there (a download's .part file, an upload's remote size).
    bool resume = false;
    bool preserveModificationTime = true;
    // FTP TYPE A: line endings converted between the server's CRLF and the local LF.
    bool asciiMode = false;
    // More connections to the same server this one transfer may open for itself: SFTP reads a
    // large file over two at once. The transfer queue allows it when nothing else waits.
    int extraConnections = 0;

    // What a folder listing already said about the remote file, so a download need not ask
    // again (one round trip each per file: it adds up over thousands of small files).
    qint64 knownRemoteSize = -1;
    QDateTime knownRemoteModified; // only when exact to the second (MLSD, SFTP)
};
