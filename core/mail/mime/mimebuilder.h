// Builds an outgoing message (RFC 5322 + MIME) with GMime: encoded headers, a UTF-8 text body,
// attachments. Header values with CR or LF are refused, and Bcc never appears in the result.
#pragma once

#include "net/error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

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
    QList<Attachment> attachments;
    QDateTime date = QDateTime::currentDateTime();
    QString messageIdDomain = QStringLiteral("wharf.invalid");

    // The message bytes, or an error (a header with a line break, no recipient...).
    [[nodiscard]] QByteArray build(Error *error) const;
    // Every address the message goes to, Bcc included: the SMTP envelope.
    [[nodiscard]] QStringList envelopeRecipients() const;

    // "Name <addr>" or "addr" lists as people type them, split on commas outside quotes.
    [[nodiscard]] static QList<Mailbox> parseMailboxes(const QString &text, Error *error);
};
