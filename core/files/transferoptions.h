// How one file moves: resume or start over, keep the modification time, text or binary.
#pragma once

struct TransferOptions
{
    // Continue from the bytes already there (a download's .part file, an upload's remote size).
    bool resume = false;
    bool preserveModificationTime = true;
    // FTP TYPE A: line endings converted between the server's CRLF and the local LF.
    bool asciiMode = false;
};
