// What FTP replies mean, without a connection: an Error of the right kind for a refusal, and
// the folder in a PWD reply.
#pragma once

#include "net/error.h"
#include "net/numericreply.h"

class FtpReplies
{
public:
    // what: the sentence for a person ("The server refused passive mode."); the server's own
    // last line is appended, and the whole reply kept for the log.
    [[nodiscard]] static Error toError(const NumericReply &reply, const QString &what);
    // 257 "/a ""quoted"" dir" is the current directory -> /a "quoted" dir (RFC 959 app. II).
    [[nodiscard]] static QString pwdPath(const QByteArray &text);
};
