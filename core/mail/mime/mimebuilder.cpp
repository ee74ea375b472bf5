#include "mimebuilder.h"

#include "mail/mime/gmimelibrary.h"
#include "mail/mime/gobjectptr.h"
#include "mail/mime/mimemessage.h"

#include <QLocale>
#include <QMimeDatabase>

#include <algorithm>

namespace {

bool hasLineBreak(const QString &value)
{
    return value.contains(QLatin1Char('\r')) || value.contains(QLatin1Char('\n'))
        || value.contains(QChar(0));
}

void addMailboxes(
    GMimeMessage *message, GMimeAddressType type, const QList<MimeBuilder::Mailbox> &boxes)
{
    for (const MimeBuilder::Mailbox &box : boxes) {
        g_mime_message_add_mailbox(message, type,
            box.name.isEmpty() ? nullptr : box.name.toUtf8().constData(),
            box.address.toUtf8().constData());
    }
}

GObjectPtr<GMimeObject> attachmentPart(const MimeBuilder::Attachment &attachment)
{
    QString type = attachment.mimeType;
    if (type.isEmpty())
        type = QMimeDatabase()
                   .mimeTypeForFileNameAndData(attachment.fileName, attachment.content)
                   .name();
    const QByteArray major = type.section(QLatin1Char('/'), 0, 0).toLatin1();
    const QByteArray minor = type.section(QLatin1Char('/'), 1, 1).toLatin1();
    GMimePart *part = g_mime_part_new_with_type(major.constData(), minor.constData());
    g_mime_part_set_filename(part, attachment.fileName.toUtf8().constData());
    const GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(
        attachment.content.constData(), size_t(attachment.content.size())));
    const GObjectPtr<GMimeDataWrapper> content(
        g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(part, content.get());
    g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
    return GObjectPtr<GMimeObject>(GMIME_OBJECT(part));
}

// UTF-8 always (GMime would pick the smallest charset that fits), quoted-printable when not
// plain ASCII, so it passes servers without 8BITMIME unchanged.
GObjectPtr<GMimeObject> textPart(const QString &text, const char *subtype)
{
    const QByteArray utf8 = text.toUtf8();
    GMimeTextPart *part = g_mime_text_part_new_with_subtype(subtype);
    const GObjectPtr<GMimeStream> stream(
        g_mime_stream_mem_new_with_buffer(utf8.constData(), size_t(utf8.size())));
    const GObjectPtr<GMimeDataWrapper> content(
        g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(GMIME_PART(part), content.get());
    g_mime_text_part_set_charset(part, "utf-8");
    const bool ascii = std::all_of(
        utf8.cbegin(), utf8.cend(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    g_mime_part_set_content_encoding(GMIME_PART(part),
        ascii ? GMIME_CONTENT_ENCODING_7BIT : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    return GObjectPtr<GMimeObject>(GMIME_OBJECT(part));
}

// A Message-ID as it may go between angle brackets: no spaces, brackets or line breaks.
bool isValidMessageId(const QString &id)
{
    return !id.isEmpty() && std::none_of(id.cbegin(), id.cend(), [](QChar c) {
        return c.isSpace() || c == QLatin1Char('<') || c == QLatin1Char('>') || c.unicode() < 0x20
            || c.unicode() == 0x7f;
    });
}

QString bracketed(const QString &id)
{
    return QLatin1Char('<') + id + QLatin1Char('>');
}

} // namespace

QStringList MimeBuilder::envelopeRecipients() const
{
    QStringList recipients;
    for (const QList<Mailbox> *list : {&to, &cc, &bcc}) {
        for (const Mailbox &box : *list)
            recipients << box.address;
    }
    return recipients;
}

QByteArray MimeBuilder::build(Error *error) const
{
    const QList<const QString *> headerValues {&from.name, &from.address, &subject};
    for (const QString *value : headerValues) {
        if (hasLineBreak(*value)) {
            *error = Error(Error::Kind::Unsupported, tr("A header contains a line break."));
            return {};
        }
    }
    for (const QList<Mailbox> *list : {&to, &cc, &bcc}) {
        for (const Mailbox &box : *list) {
            if (hasLineBreak(box.name) || hasLineBreak(box.address)) {
                *error = Error(Error::Kind::Unsupported, tr("An address contains a line break."));
                return {};
            }
        }
    }
    if (envelopeRecipients().isEmpty()) {
        *error = Error(Error::Kind::Unsupported, tr("The message has no recipients."));
        return {};
    }

    QStringList thread = references;
    if (!inReplyTo.isEmpty() && !thread.contains(inReplyTo))
        thread.append(inReplyTo);
    for (const QString &id : std::as_const(thread)) {
        if (!isValidMessageId(id)) {
            *error = Error(Error::Kind::Unsupported,
                tr("\"%1\" is not a Message-ID a reply can refer to.").arg(id));
            return {};
        }
    }
    GMimeLibrary::ensureInitialized();
    const GObjectPtr<GMimeMessage> message(g_mime_message_new(TRUE));
    addMailboxes(message.get(), GMIME_ADDRESS_TYPE_FROM, {from});
    addMailboxes(message.get(), GMIME_ADDRESS_TYPE_TO, to);
    addMailboxes(message.get(), GMIME_ADDRESS_TYPE_CC, cc);
    g_mime_message_set_subject(message.get(), subject.toUtf8().constData(), "utf-8");
    GDateTime *when = g_date_time_new_from_unix_utc(date.toSecsSinceEpoch());
    g_mime_message_set_date(message.get(), when);
    g_date_time_unref(when);
    const GCharPtr messageId(
        g_mime_utils_generate_message_id(messageIdDomain.toUtf8().constData()));
    g_mime_message_set_message_id(message.get(), messageId.get());
    GMimeObject *headerOwner = GMIME_OBJECT(message.get());
    if (!inReplyTo.isEmpty()) {
        g_mime_object_set_header(
            headerOwner, "In-Reply-To", bracketed(inReplyTo).toUtf8().constData(), nullptr);
    }
    if (!thread.isEmpty()) {
        QStringList ids;
        for (const QString &id : std::as_const(thread))
            ids.append(bracketed(id));
        g_mime_object_set_header(
            headerOwner, "References", ids.join(QLatin1Char(' ')).toUtf8().constData(), nullptr);
    }

    GObjectPtr<GMimeObject> body = textPart(text, "plain");
    if (!html.isEmpty()) {
        const GObjectPtr<GMimeMultipart> alternative(
            g_mime_multipart_new_with_subtype("alternative"));
        g_mime_multipart_add(alternative.get(), body.get());
        g_mime_multipart_add(alternative.get(), textPart(html, "html").get());
        body = gobjectRef(GMIME_OBJECT(alternative.get()));
    }
    if (attachments.isEmpty()) {
        g_mime_message_set_mime_part(message.get(), body.get());
    } else {
        const GObjectPtr<GMimeMultipart> mixed(g_mime_multipart_new_with_subtype("mixed"));
        g_mime_multipart_add(mixed.get(), body.get());
        for (const Attachment &attachment : attachments)
            g_mime_multipart_add(mixed.get(), attachmentPart(attachment).get());
        g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(mixed.get()));
    }
    const GCharPtr bytes(g_mime_object_to_string(GMIME_OBJECT(message.get()), nullptr));
    return QByteArray(bytes.get());
}

MimeBuilder MimeBuilder::reply(const MimeMessage &original, const Mailbox &self, ReplyMode mode)
{
    MimeBuilder reply;
    reply.from = self;
    const QString subject = original.subject().trimmed();
    reply.subject = subject.startsWith(QLatin1StringView("re:"), Qt::CaseInsensitive)
        ? subject
        : QStringLiteral("Re: ") + subject;
    const auto isSelf = [&self](const Mailbox &box) {
        return box.address.compare(self.address, Qt::CaseInsensitive) == 0;
    };
    reply.to = original.replyTo().isEmpty() ? original.from() : original.replyTo();
    if (mode == ReplyMode::All) {
        QStringList seen;
        for (const Mailbox &box : std::as_const(reply.to))
            seen.append(box.address.toLower());
        for (const QList<Mailbox> *list : {&original.to(), &original.cc()}) {
            for (const Mailbox &box : *list) {
                if (isSelf(box) || seen.contains(box.address.toLower()))
                    continue;
                seen.append(box.address.toLower());
                reply.cc.append(box);
            }
        }
    }
    reply.to.removeIf(isSelf);
    if (reply.to.isEmpty()) // replying to one's own message: to its recipients
        reply.to = original.to();
    reply.inReplyTo = original.messageId();
    reply.references = original.references();
    const Mailbox author = original.from().value(0);
    const QString who = author.name.isEmpty() ? author.address : author.name;
    QStringList lines = original.textBody().split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    QString quoted;
    for (const QString &line : std::as_const(lines))
        quoted += (line.startsWith(QLatin1Char('>')) ? QStringLiteral(">") : QStringLiteral("> "))
            + line + QLatin1Char('\n');
    reply.text
        = (original.date().isValid()
                  ? tr("On %1, %2 wrote:")
                        .arg(QLocale::c().toString(original.date(), QLocale::ShortFormat), who)
                  : tr("%1 wrote:").arg(who))
        + QLatin1Char('\n') + quoted;
    return reply;
}

QList<MimeBuilder::Mailbox> MimeBuilder::parseMailboxes(const QString &text, Error *error)
{
    QList<Mailbox> boxes;
    if (hasLineBreak(text)) {
        *error = Error(Error::Kind::Unsupported, tr("An address contains a line break."));
        return {};
    }
    GMimeLibrary::ensureInitialized();
    InternetAddressList *list = internet_address_list_parse(nullptr, text.toUtf8().constData());
    if (!list) {
        *error
            = Error(Error::Kind::Unsupported, tr("\"%1\" is not a list of addresses.").arg(text));
        return {};
    }
    for (int i = 0; i < internet_address_list_length(list); ++i) {
        InternetAddress *address = internet_address_list_get_address(list, i);
        if (!INTERNET_ADDRESS_IS_MAILBOX(address))
            continue; // groups are not something a person types in a composer
        const char *name = internet_address_get_name(address);
        boxes.append({name ? QString::fromUtf8(name) : QString(),
            QString::fromUtf8(
                internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)))});
    }
    g_object_unref(list);
    if (boxes.isEmpty())
        *error
            = Error(Error::Kind::Unsupported, tr("\"%1\" is not a list of addresses.").arg(text));
    return boxes;
}
