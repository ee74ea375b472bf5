// Typed views of IMAP data responses: FETCH items (UID, FLAGS, INTERNALDATE, RFC822.SIZE,
// ENVELOPE, BODYSTRUCTURE, BODY[section]), LIST and STATUS. Built from an ImapResponse;
// anything unknown is skipped, anything malformed gives nullopt for that item, never a crash.
#pragma once

#include "mail/imap/imapmailboxname.h" // ImapMailboxName, used by ImapListEntry
#include "mail/imap/imapresponse.h"

#include <QByteArrayList>
#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QString>

#include <optional>

struct ImapAddress
{
    QByteArray name; // raw: may hold RFC 2047 encoded words
    QByteArray adl;
    QByteArray mailbox;
    QByteArray host;
    // "mailbox@host", or just mailbox when host is NIL.
    [[nodiscard]] QByteArray addrSpec() const;
};

struct ImapEnvelope
{
    QByteArray date; // RFC 5322 date text as sent
    QByteArray subject; // raw: may hold RFC 2047 encoded words
    QList<ImapAddress> from, sender, replyTo, to, cc, bcc; // group markers dropped
    QByteArray inReplyTo;
    QByteArray messageId;

    [[nodiscard]] static std::optional<ImapEnvelope> fromValue(const ImapValue &value);
};

struct ImapBodyPart
{
    QByteArray type; // lower-cased: "text", "multipart", "message"...
    QByteArray subtype; // lower-cased
    QHash<QByteArray, QByteArray> parameters; // keys lower-cased
    QByteArray id;
    QByteArray description;
    QByteArray encoding; // lower-cased
    quint64 size = 0;
    quint32 lines = 0;
    QByteArray disposition; // lower-cased: "inline", "attachment", empty
    QHash<QByteArray, QByteArray> dispositionParameters; // keys lower-cased
    QList<ImapBodyPart> children; // multipart parts; the one body of a message/rfc822
    // The section to fetch this part with: "1", "1.2", "2.1.3" (empty for the root of a
    // non-multipart message, whose section is "1" on the wire: see fetchSection()).
    // RFC 3501 §6.4.5: the body of a message/rfc822 part "2" is "2.1" when it is a single
    // part; when it is a multipart it carries "2" too, and its parts are "2.1", "2.2".
    QByteArray section;

    [[nodiscard]] bool isMultipart() const { return type == "multipart"; }
    [[nodiscard]] QByteArray fetchSection() const { return section.isEmpty() ? "1" : section; }
    // The attachment's name: disposition filename, else the Content-Type name (raw bytes,
    // RFC 2231 / 2047 decoding is the MIME layer's job).
    [[nodiscard]] QByteArray rawFileName() const;

    [[nodiscard]] static std::optional<ImapBodyPart> fromValue(const ImapValue &value);
};

struct ImapFetchData
{
    quint32 sequence = 0;
    std::optional<quint32> uid;
    std::optional<QByteArrayList> flags; // as sent: "\\Seen", "$Forwarded"
    std::optional<QDateTime> internalDate;
    std::optional<quint64> rfc822Size;
    std::optional<quint64> modSeq;
    std::optional<ImapEnvelope> envelope;
    std::optional<ImapBodyPart> bodyStructure;
    // BODY[...] / BINARY[...] / RFC822 items, keyed by their upper-cased section as asked
    // ("BODY[]", "BODY[1.2]", "BODY[HEADER.FIELDS (FROM)]", partial origins "<0>" dropped).
    QMap<QByteArray, ImapValue> sections;

    // nullopt unless response is an untagged FETCH with a list.
    [[nodiscard]] static std::optional<ImapFetchData> fromResponse(const ImapResponse &response);
};

struct ImapListEntry
{
    QByteArrayList attributes; // "\\HasNoChildren", "\\Sent", "\\Noselect"; as sent
    std::optional<char> delimiter; // nullopt: NIL (a flat namespace)
    QByteArray encodedName; // as on the wire (modified UTF-7), for commands
    QString name; // decoded for people

    [[nodiscard]] bool hasAttribute(QByteArrayView attribute) const; // case-insensitive
    // LIST and LSUB responses.
    [[nodiscard]] static std::optional<ImapListEntry> fromResponse(const ImapResponse &response);
};

struct ImapStatusData
{
    QByteArray encodedName;
    std::optional<quint32> messages, recent, uidNext, uidValidity, unseen;

    [[nodiscard]] static std::optional<ImapStatusData> fromResponse(const ImapResponse &response);
};

// "17-Jul-1996 02:44:25 -0700" (RFC 3501 date-time), as a UTC-capable QDateTime; invalid when
// malformed.
[[nodiscard]] QDateTime parseImapDateTime(const QByteArray &text);
