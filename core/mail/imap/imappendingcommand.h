// An IMAP command on its way: what the caller wants told about it, and how far it has been
// written. ImapSession queues these; ImapCommandWriter puts them on the wire.
#pragma once

#include "mail/imap/imapcommand.h"
#include "mail/imap/imapresponse.h"
#include "net/error.h"

#include <QByteArray>
#include <QList>

#include <functional>
#include <optional>

struct ImapCommandHandlers
{
    // Every untagged response that arrives while the command runs, after the session has
    // applied it to its own state.
    std::function<void(const ImapResponse &)> untagged;
    // A continuation request that isn't for a literal (AUTHENTICATE, IDLE).
    std::function<void(const ImapResponse &)> continuation;
    // The tagged result. error is set for NO / BAD (Error::Kind::Protocol, the server's
    // words) and for a lost connection (then tagged is empty).
    std::function<void(const ImapResponse &tagged, const Error &error)> completed;
    // For a command that runs until told to stop (IDLE): called once when another command
    // is queued behind it, so it can end itself (send DONE).
    std::function<void()> preempt;
};

struct ImapPendingCommand
{
    QByteArray tag;
    QList<ImapCommand::Piece> pieces;
    qsizetype nextPiece = 0; // the first piece not written yet
    bool secret = false;
    QByteArray name;
    ImapCommandHandlers handlers;
    std::optional<QByteArray> selects; // SELECT / EXAMINE of this mailbox
    bool readOnly = false;
    bool preempted = false;
    bool quiet = false; // IDLE accepted: silence is expected, no read timeout
    bool pipelinable = false; // may be sent while another such command runs

    [[nodiscard]] bool isWritten() const { return nextPiece >= pieces.size(); }
};
