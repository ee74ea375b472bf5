// One received message (RFC 5322 + MIME) parsed with GMime, as a reader shows it: decoded
// headers, the text and HTML bodies, the attachments, and saving an attachment to disk.
#pragma once

#include "mail/mime/mimebuilder.h"
#include "net/error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <memory>

// Copies are cheap and share one parsed message, which never changes after parsing; a message
// and its copies may be used from different threads (saveAttachment serialises its reads). A
// message read with fromFile keeps the file open and reads attachments from it when saved.
class MimeMessage
{
    Q_DECLARE_TR_FUNCTIONS(MimeMessage)

public:
    // The composer's type, so a reply can take addresses over as they are.
    using Mailbox = MimeBuilder::Mailbox;

    struct Attachment
    {
        int index = -1; // position in attachments(), for saveAttachment
        // As the sender named it (RFC 2231 and RFC 2047 decoded), never a path; for an unnamed
        // message/rfc822 part its subject + ".eml"; otherwise empty when the sender gave none.
        QString fileName;
        QString mimeType; // lower case, e.g. "image/png", "message/rfc822"
        qint64 size = 0; // the bytes saveAttachment writes, counted by decoding at parse time
        bool isInline = false; // Content-Disposition inline, or an image of multipart/related
        QString contentId; // without <>, what "cid:" links in the HTML body name
    };

    MimeMessage(); // a null message
    // Never fails: what GMime can read of broken or truncated input is kept. Null only for
    // input with nothing in it.
    [[nodiscard]] static MimeMessage fromBytes(const QByteArray &bytes);
    // Streams the file through GMime (a 50 MB message is not read into memory).
    [[nodiscard]] static MimeMessage fromFile(const QString &path, Error *error);

    [[nodiscard]] bool isNull() const;

    [[nodiscard]] const QString &subject() const;
    [[nodiscard]] const QList<Mailbox> &from() const;
    [[nodiscard]] const QList<Mailbox> &to() const;
    [[nodiscard]] const QList<Mailbox> &cc() const;
    [[nodiscard]] const QList<Mailbox> &replyTo() const;
    // Invalid when the message has no readable Date header.
    [[nodiscard]] const QDateTime &date() const;
    // Message IDs without the angle brackets.
    [[nodiscard]] const QString &messageId() const;
    [[nodiscard]] const QString &inReplyTo() const;
    [[nodiscard]] const QStringList &references() const;

    // The first text/plain body part, converted from its charset; without one, the HTML body
    // as plain text.
    [[nodiscard]] const QString &textBody() const;
    // The first text/html body part as it was written (remote content and all): whoever shows
    // it decides what to load. Empty when there is none.
    [[nodiscard]] const QString &htmlBody() const;
    [[nodiscard]] const QList<Attachment> &attachments() const;

    // Writes attachment index (decoded) to path, through path + ".part" renamed into place.
    // An existing path is never replaced: Error::Kind::AlreadyExists.
    [[nodiscard]] Error saveAttachment(int index, const QString &path) const;

    // The first header called name (any case) as it is in the message, unfolded and trimmed,
    // not decoded; null when there is none.
    [[nodiscard]] QByteArray headerValue(const QByteArray &name) const;
    // Every header in order, values decoded as text, for a "show all headers" view.
    [[nodiscard]] QList<QPair<QString, QString>> headers() const;

private:
    friend class MimeMessageReader; // parses into Data (mimemessage.cpp)
    struct Data; // GMime's objects and the decoded values

    std::shared_ptr<const Data> m_data;
};
