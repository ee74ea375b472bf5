// Puts IMAP commands on the wire: a tag each, then every piece with its literal announced as
// "{n}" (the bytes follow the server's "+") or, with LITERAL+, "{n+}" (the bytes at once). The
// log shows the tag and the command's name; a secret command's arguments and literals never.
#pragma once

#include "mail/imap/imappendingcommand.h"
#include "net/error.h"

#include <QCoreApplication>

class LineChannel;

class ImapCommandWriter
{
    Q_DECLARE_TR_FUNCTIONS(ImapCommandWriter)

public:
    // Gives the command the next tag: W1, W2, ...
    void tag(ImapPendingCommand &command);
    // Writes the pieces not written yet, up to a literal that waits for the server's "+".
    [[nodiscard]] static Error writeOn(
        LineChannel &channel, ImapPendingCommand &command, bool literalPlus);
    // True when the piece written last announced a literal the server must ask for first.
    [[nodiscard]] static bool awaitsLiteralRequest(
        const ImapPendingCommand &command, bool literalPlus);
    // After the server's "+": that literal, then the rest of the command.
    [[nodiscard]] static Error continueWith(
        LineChannel &channel, ImapPendingCommand &command, bool literalPlus);

private:
    static void writeLiteral(
        LineChannel &channel, const ImapPendingCommand &command, const ImapCommand::Piece &piece);

    quint64 m_nextTag = 1;
};
