// One complete server response (RFC 3501 §7, RFC 9051 §7): tagged, untagged or a continuation
// request. Status responses carry an optional response code; data responses a name and values.
#pragma once

#include "mail/imap/imapvalue.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

struct ImapResponse
{
    enum class Kind { Untagged, Tagged, Continuation };
    enum class Status { None, Ok, No, Bad, PreAuth, Bye };

    Kind kind = Kind::Untagged;
    QByteArray tag; // Tagged only

    // Status responses: tagged ones, and untagged OK / NO / BAD / PREAUTH / BYE.
    Status status = Status::None;
    // resp-text-code, upper-cased ("UIDVALIDITY", "ALERT", "APPENDUID"); empty when none.
    QByteArray code;
    // The code's arguments as values: "[UIDNEXT 41]" gives one atom, "[PERMANENTFLAGS (\Seen)]"
    // one list, "[CAPABILITY IMAP4rev1 IDLE]" two atoms, "[BADCHARSET (UTF-8)]" one list.
    QList<ImapValue> codeArguments;
    // The human-readable text after the code; for a continuation, everything after "+ ".
    QByteArray text;

    // Untagged data responses: "* 23 EXISTS", "* 5 FETCH (...)", "* CAPABILITY ...",
    // "* LIST (...) "/" INBOX", "* FLAGS (...)", "* SEARCH 1 2", "* ENABLED ...".
    QByteArray name; // upper-cased
    std::optional<quint32> number; // the number before the name, when there is one
    QList<ImapValue> values; // everything after the name

    [[nodiscard]] bool isStatus() const { return status != Status::None; }
    // A short rendering for the protocol log: long strings and literals become "{n bytes}".
    [[nodiscard]] QString toLogText() const;
    [[nodiscard]] bool isTagged() const { return kind == Kind::Tagged; }
    [[nodiscard]] bool isContinuation() const { return kind == Kind::Continuation; }
};
