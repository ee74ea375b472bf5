// Which parts of a message are its bodies and which its attachments, and their decoded content.
#include "mimepartwalker.h"

#include "mail/mime/gobjectptr.h"
#include "mail/mime/mimecharsets.h"
#include "mail/mime/mimeheaderdecoder.h"

#include <QRegularExpression>

namespace {

// Deeper nesting is an attack on the reader, not a message (GMime stops its parser earlier).
constexpr int maxDepth = 64;

QString lowerCase(const char *text)
{
    return text ? QString::fromUtf8(text).toLower() : QString();
}

QString mimeTypeOf(GMimeObject *object)
{
    GMimeContentType *type = g_mime_object_get_content_type(object);
    if (!type)
        return QStringLiteral("application/octet-stream");
    return lowerCase(g_mime_content_type_get_media_type(type)) + QLatin1Char('/')
        + lowerCase(g_mime_content_type_get_media_subtype(type));
}

QByteArray dispositionOf(GMimeObject *object)
{
    const QByteArray raw = MimePartWalker::rawHeader(object, "Content-Disposition");
    const qsizetype semicolon = raw.indexOf(';');
    return (semicolon < 0 ? raw : raw.left(semicolon)).trimmed().toLower();
}

QString fileNameOf(GMimeObject *object)
{
    QHash<QByteArray, QByteArray> params = MimeHeaderDecoder::parseParameters(
        MimePartWalker::rawHeader(object, "Content-Disposition"));
    const QHash<QByteArray, QByteArray> typeParams
        = MimeHeaderDecoder::parseParameters(MimePartWalker::rawHeader(object, "Content-Type"));
    for (auto it = typeParams.cbegin(); it != typeParams.cend(); ++it) {
        if (!params.contains(it.key()))
            params.insert(it.key(), it.value());
    }
    return MimeHeaderDecoder::fileNameFromParameters(params);
}

// The subject of an attached message, for naming it: "Re_ Plan.eml" (no characters that
// some file system refuses).
QString attachedMessageName(GMimeMessagePart *part)
{
    GMimeMessage *inner = g_mime_message_part_get_message(part);
    QString subject = inner
        ? MimeHeaderDecoder::decodeText(MimePartWalker::rawHeader(GMIME_OBJECT(inner), "Subject"))
        : QString();
    static const QRegularExpression unsafe(QStringLiteral("[/\\\\:*?\"<>|]"));
    subject = subject.replace(unsafe, QStringLiteral("_")).simplified().left(120);
    if (subject.isEmpty() || subject == QLatin1String(".") || subject == QLatin1String(".."))
        subject = QStringLiteral("message");
    return subject + QStringLiteral(".eml");
}

qint64 decodedSize(GMimeObject *object)
{
    GObjectPtr<GMimeStream> counter(g_mime_stream_null_new());
    if (!MimePartWalker::writeContent(object, counter.get()))
        return 0;
    return qint64(GMIME_STREAM_NULL(counter.get())->written);
}

// The charset an HTML document names itself, for a part whose Content-Type doesn't.
QByteArray metaCharset(const QByteArray &html)
{
    static const QRegularExpression meta(
        QStringLiteral("<meta[^>]+charset\\s*=\\s*[\"']?([\\w:.-]+)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = meta.match(QString::fromLatin1(html.left(4096)));
    return match.hasMatch() ? match.captured(1).toLatin1() : QByteArray();
}

} // namespace

QByteArray MimePartWalker::rawValue(GMimeHeader *header)
{
    const char *raw = header ? g_mime_header_get_raw_value(header) : nullptr;
    if (!raw)
        return {};
    QByteArray value(raw);
    value.replace('\r', QByteArray()).replace('\n', QByteArray());
    return value.trimmed();
}

QByteArray MimePartWalker::rawHeader(GMimeObject *object, const char *name)
{
    GMimeHeaderList *headers = object ? g_mime_object_get_header_list(object) : nullptr;
    return rawValue(headers ? g_mime_header_list_get_header(headers, name) : nullptr);
}

MimePartWalker::Result MimePartWalker::walk(GMimeObject *root)
{
    MimePartWalker walker;
    if (root)
        walker.visit(root, {}, 0);
    return walker.m_result;
}

void MimePartWalker::visit(GMimeObject *object, Context context, int depth)
{
    if (depth > maxDepth)
        return;
    if (GMIME_IS_MESSAGE_PART(object)) {
        addAttachment(object, context); // its own parts belong to it, not to this message
        return;
    }
    if (GMIME_IS_MULTIPART(object)) {
        visitMultipart(GMIME_MULTIPART(object), context, depth);
        return;
    }
    if (!GMIME_IS_PART(object))
        return;
    const QString type = mimeTypeOf(object);
    const bool plain = type == QLatin1String("text/plain");
    const bool html = type == QLatin1String("text/html");
    if ((plain || html) && !context.relatedResource
        && dispositionOf(object) != QByteArrayLiteral("attachment")
        && fileNameOf(object).isEmpty()) {
        GMimePart *&slot = plain ? m_result.text : m_result.html;
        if (!slot) {
            slot = GMIME_PART(object);
            return;
        }
        if (context.inAlternative)
            return; // a second rendering of what the first one already shows
    }
    addAttachment(object, context);
}

void MimePartWalker::visitMultipart(GMimeMultipart *multipart, Context context, int depth)
{
    const QString subtype = mimeTypeOf(GMIME_OBJECT(multipart)).section(QLatin1Char('/'), 1);
    const int count = g_mime_multipart_get_count(multipart);
    int root = -1;
    if (subtype == QLatin1String("related")) {
        // The root is the part "start" names (RFC 2387), else the first one.
        root = 0;
        QByteArray start
            = MimeHeaderDecoder::parseParameters(rawHeader(GMIME_OBJECT(multipart), "Content-Type"))
                  .value("start");
        start = start.replace('<', QByteArray()).replace('>', QByteArray()).trimmed();
        for (int i = 0; i < count && !start.isEmpty(); ++i) {
            const char *id = g_mime_object_get_content_id(g_mime_multipart_get_part(multipart, i));
            if (id && start == id)
                root = i;
        }
    }
    for (int i = 0; i < count; ++i) {
        Context child = context;
        if (subtype == QLatin1String("alternative"))
            child.inAlternative = true;
        if (root >= 0)
            child.relatedResource = i != root;
        visit(g_mime_multipart_get_part(multipart, i), child, depth + 1);
    }
}

void MimePartWalker::addAttachment(GMimeObject *object, const Context &context)
{
    Found found;
    found.object = object;
    found.mimeType = mimeTypeOf(object);
    found.fileName = fileNameOf(object);
    if (found.fileName.isEmpty() && GMIME_IS_MESSAGE_PART(object))
        found.fileName = attachedMessageName(GMIME_MESSAGE_PART(object));
    found.isInline
        = dispositionOf(object) == QByteArrayLiteral("inline") || context.relatedResource;
    if (const char *id = g_mime_object_get_content_id(object))
        found.contentId = QString::fromUtf8(id);
    found.size = decodedSize(object);
    m_result.attachments.append(found);
}

bool MimePartWalker::writeContent(GMimeObject *object, GMimeStream *target)
{
    if (GMIME_IS_MESSAGE_PART(object)) {
        GMimeMessage *message = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
        if (message && g_mime_object_write_to_stream(GMIME_OBJECT(message), nullptr, target) < 0)
            return false;
        return g_mime_stream_flush(target) == 0;
    }
    if (!GMIME_IS_PART(object))
        return false;
    GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(object));
    if (content && g_mime_data_wrapper_write_to_stream(content, target) < 0)
        return false;
    return g_mime_stream_flush(target) == 0;
}

QString MimePartWalker::text(GMimePart *part)
{
    GObjectPtr<GMimeStream> memory(g_mime_stream_mem_new());
    if (!writeContent(GMIME_OBJECT(part), memory.get()))
        return {};
    GByteArray *array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(memory.get()));
    const QByteArray bytes(reinterpret_cast<const char *>(array->data), qsizetype(array->len));
    QByteArray charset
        = MimeHeaderDecoder::parseParameters(rawHeader(GMIME_OBJECT(part), "Content-Type"))
              .value("charset");
    if (charset.isEmpty() && mimeTypeOf(GMIME_OBJECT(part)) == QLatin1String("text/html"))
        charset = metaCharset(bytes);
    return MimeCharsets::decode(bytes, charset);
}
