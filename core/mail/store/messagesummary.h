// One message as the lists show it: the envelope facts a FETCH or a parsed header gives, its
// flags, and where its body is cached. Plain data: protocol code fills it, the index and the
// models read it.
#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QByteArrayView>
#include <QDateTime>
#include <QFlags>
#include <QString>
#include <QStringList>

// The IMAP system flags (RFC 3501 §2.3.2). The values are stored in the mail index: never
// renumber them.
enum class MessageFlag {
    Seen = 0x01,
    Answered = 0x02,
    Flagged = 0x04,
    Deleted = 0x08,
    Draft = 0x10,
    Recent = 0x20,
};
Q_DECLARE_FLAGS(MessageFlags, MessageFlag)
Q_DECLARE_OPERATORS_FOR_FLAGS(MessageFlags)

struct MessageSummary
{
    quint32 uid = 0;
    QString subject;
    QString fromName;
    QString fromAddress;
    QString to; // display text of the To header: the Sent and Drafts lists show it
    QDateTime date; // when it was sent (Date header); see displayDate()
    QDateTime internalDate; // when the server received it
    qint64 size = 0;
    MessageFlags flags;
    QStringList extraFlags; // keywords and flags we don't model, as sent: "$Forwarded", "$Junk"
    QByteArray messageId;
    bool hasAttachments = false;
    QString bodyFile; // the cached body in the Maildir; empty until fetched

    [[nodiscard]] bool isUnread() const { return !flags.testFlag(MessageFlag::Seen); }
    // A message without a usable Date header sorts and shows by its arrival.
    [[nodiscard]] QDateTime displayDate() const { return date.isValid() ? date : internalDate; }

    // IMAP flag atoms ("\\Seen", "\\answered", "$Forwarded") to flags: system flags match
    // case-insensitively; everything else goes to extraFlags (once, case-insensitively).
    [[nodiscard]] static MessageFlags flagsFromImap(
        const QByteArrayList &atoms, QStringList *extraFlags = nullptr);
    // The atoms for STORE and APPEND: system flags, then the extra ones. \Recent is left out
    // (only a server sets it), and so is any extra flag that isn't a valid atom, so a hostile
    // keyword can never put a space, a parenthesis or a CR/LF into a command.
    [[nodiscard]] static QByteArrayList imapFlags(
        MessageFlags flags, const QStringList &extraFlags = {});
    // An IMAP flag: an optional backslash and one or more ATOM-CHARs (RFC 3501 §9).
    [[nodiscard]] static bool isValidFlagAtom(QByteArrayView atom);
};
