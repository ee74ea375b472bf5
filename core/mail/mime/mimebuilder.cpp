#include "mimebuilder.h"

#include "mail/mime/gmimelibrary.h"

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

GMimeObject *attachmentPart(const MimeBuilder::Attachment &attachment)
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
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(
        attachment.content.constData(), size_t(attachment.content.size()));
    GMimeDataWrapper *content
        = g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(part, content);
    g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
    g_object_unref(content);
    g_object_unref(stream);
    return GMIME_OBJECT(part);
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

    GMimeLibrary::ensureInitialized();
    GMimeMessage *message = g_mime_message_new(TRUE);
    addMailboxes(message, GMIME_ADDRESS_TYPE_FROM, {from});
    addMailboxes(message, GMIME_ADDRESS_TYPE_TO, to);
    addMailboxes(message, GMIME_ADDRESS_TYPE_CC, cc);
    g_mime_message_set_subject(message, subject.toUtf8().constData(), "utf-8");
    GDateTime *when = g_date_time_new_from_unix_utc(date.toSecsSinceEpoch());
    g_mime_message_set_date(message, when);
    g_date_time_unref(when);
    char *messageId = g_mime_utils_generate_message_id(messageIdDomain.toUtf8().constData());
    g_mime_message_set_message_id(message, messageId);
    g_free(messageId);

    // UTF-8 always (GMime would pick the smallest charset that fits), quoted-printable when
    // not plain ASCII, so it passes servers without 8BITMIME unchanged.
    const QByteArray utf8 = text.toUtf8();
    GMimeTextPart *body = g_mime_text_part_new_with_subtype("plain");
    GMimeStream *bodyStream
        = g_mime_stream_mem_new_with_buffer(utf8.constData(), size_t(utf8.size()));
    GMimeDataWrapper *bodyContent
        = g_mime_data_wrapper_new_with_stream(bodyStream, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(GMIME_PART(body), bodyContent);
    g_object_unref(bodyContent);
    g_object_unref(bodyStream);
    g_mime_text_part_set_charset(body, "utf-8");
    const bool ascii = std::all_of(
        utf8.cbegin(), utf8.cend(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    g_mime_part_set_content_encoding(GMIME_PART(body),
        ascii ? GMIME_CONTENT_ENCODING_7BIT : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    if (attachments.isEmpty()) {
        g_mime_message_set_mime_part(message, GMIME_OBJECT(body));
    } else {
        GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
        g_mime_multipart_add(mixed, GMIME_OBJECT(body));
        for (const Attachment &attachment : attachments) {
            GMimeObject *part = attachmentPart(attachment);
            g_mime_multipart_add(mixed, part);
            g_object_unref(part);
        }
        g_mime_message_set_mime_part(message, GMIME_OBJECT(mixed));
        g_object_unref(mixed);
    }
    g_object_unref(body);

    char *bytes = g_mime_object_to_string(GMIME_OBJECT(message), nullptr);
    QByteArray result(bytes);
    g_free(bytes);
    g_object_unref(message);
    return result;
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
