// Builds an outgoing message (RFC 5322 + MIME) with GMime: encoded headers, a UTF-8 text body
// (with an HTML alternative when given), attachments, and In-Reply-To / References for
// replies. Header values with CR or LF are refused, and Bcc never appears in the result.
#pragma once

#include "net/error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

class MimeMessage;

class MimeBuilder
{
    Q_DECLARE_TR_FUNCTIONS(MimeBuilder)

public:
    struct Mailbox
    {
        QString name; // may be empty
        QString address;
    };

    struct Attachment
    {
        QString fileName; // shown to the recipient; no path
        QByteArray content;
        QString mimeType; // empty: guessed from the name and content
    };

    Mailbox from;
    QList<Mailbox> to;
    QList<Mailbox> cc;
    QList<Mailbox> bcc; // envelope only: never written into the message
    QString subject;
    QString text;
    QString html; // optional: sent as multipart/alternative with text
    QList<Attachment> attachments;
    // Message-IDs without angle brackets: the message replied to, and the thread (RFC 5322
    // 3.6.4).
    QString inReplyTo;
    QStringList references;
    QDateTime date = QDateTime::currentDateTime();
    QString messageIdDomain = QStringLiteral("wharf.invalid");

    // The message bytes, or an error (a header with a line break, no recipient...).
    [[nodiscard]] QByteArray build(Error *error) const;
    // Every address the message goes to, Bcc included: the SMTP envelope.
    [[nodiscard]] QStringList envelopeRecipients() const;

    enum class ReplyMode { Sender, All };
    // A reply to original from self: "Re: " subject (not doubled), to its Reply-To or From,
    // with everyone else on Cc for ReplyMode::All (never self), In-Reply-To and References
    // for threading, and the original text quoted below an attribution line.
    [[nodiscard]] static MimeBuilder reply(
        const MimeMessage &original, const Mailbox &self, ReplyMode mode);

    // "Name <addr>" or "addr" lists as people type them, split on commas outside quotes.
    [[nodiscard]] static QList<Mailbox> parseMailboxes(const QString &text, Error *error);
};
