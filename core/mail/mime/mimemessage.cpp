// Parses a received message with GMime and keeps GMime's tree for saving attachments later.
#include "mimemessage.h"

#include "mail/mime/gobjectptr.h"
#include "mail/mime/htmltotext.h"
#include "mail/mime/mimeheaderdecoder.h"
#include "mail/mime/mimepartwalker.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <mutex>
#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

struct MimeMessage::Data
{
    GObjectPtr<GMimeMessage> message; // null for a null message
    QList<GMimeObject *> attachmentObjects; // owned by message, in attachments' order
    // With a persistent parse GMime reads parts from the source stream by seeking it, and its
    // objects aren't thread-safe: one caller at a time once parsing is done.
    mutable std::mutex readMutex;

    QString subject;
    QList<Mailbox> from;
    QList<Mailbox> to;
    QList<Mailbox> cc;
    QList<Mailbox> replyTo;
    QDateTime date;
    QString messageId;
    QString inReplyTo;
    QStringList references;
    QString textBody;
    QString htmlBody;
    QList<Attachment> attachments;
};

class MimeMessageReader
{
public:
    [[nodiscard]] static MimeMessage read(GMimeStream *stream);

private:
    static void readHeaders(MimeMessage::Data *data);
    static void readParts(MimeMessage::Data *data);
};

namespace {

GMimeParserOptions *parserOptions()
{
    // Process-wide and never changed after this, so sharing it between threads is safe.
    static GMimeParserOptions *options = [] {
        GMimeLibrary::ensureInitialized();
        GMimeParserOptions *created = g_mime_parser_options_new();
        static const char *fallback[] = {"utf-8", "windows-1252", nullptr};
        g_mime_parser_options_set_fallback_charsets(created, fallback);
        g_mime_parser_options_set_allow_addresses_without_domain(created, TRUE);
        return created;
    }();
    return options;
}

GObjectPtr<GMimeMessage> construct(GMimeStream *stream)
{
    GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream));
    return GObjectPtr<GMimeMessage>(g_mime_parser_construct_message(parser.get(), parserOptions()));
}

QString withoutControls(const char *text)
{
    QString result = QString::fromUtf8(text);
    for (QChar &c : result) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7F)
            c = QLatin1Char(' ');
    }
    return result.trimmed();
}

void appendMailboxes(InternetAddressList *list, QList<MimeMessage::Mailbox> *boxes, int depth)
{
    for (int i = 0; list && i < internet_address_list_length(list); ++i) {
        InternetAddress *address = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_GROUP(address) && depth == 0) {
            appendMailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)),
                boxes, depth + 1);
        } else if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
            boxes->append({withoutControls(internet_address_get_name(address)),
                withoutControls(
                    internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)))});
        }
    }
}

QList<MimeMessage::Mailbox> mailboxes(const QByteArray &raw)
{
    if (raw.trimmed().isEmpty())
        return {};
    // GMime's own word decoding loses text (see mimeheaderdecoder.cpp): give it UTF-8 words.
    const QByteArray text = MimeHeaderDecoder::normalizeEncodedWords(raw);
    GObjectPtr<InternetAddressList> list(
        internet_address_list_parse(parserOptions(), text.constData()));
    QList<MimeMessage::Mailbox> boxes;
    appendMailboxes(list.get(), &boxes, 0);
    return boxes;
}

QStringList messageIds(const QByteArray &raw)
{
    if (raw.trimmed().isEmpty())
        return {};
    const std::unique_ptr<GMimeReferences, decltype(&g_mime_references_free)> references(
        g_mime_references_parse(parserOptions(), raw.constData()), &g_mime_references_free);
    QStringList ids;
    for (int i = 0; references && i < g_mime_references_length(references.get()); ++i)
        ids << withoutControls(g_mime_references_get_message_id(references.get(), i));
    return ids;
}

QString messageId(const QByteArray &raw)
{
    if (raw.trimmed().isEmpty())
        return {};
    const GCharPtr id(g_mime_utils_decode_message_id(raw.constData()));
    return id ? withoutControls(id.get()) : QString();
}

// Headers of the message and of its top-level part (GMime keeps Content-* there), in order.
QList<GMimeHeader *> allHeaders(GMimeMessage *message)
{
    QList<GMimeHeader *> headers;
    for (GMimeObject *object : {GMIME_OBJECT(message), g_mime_message_get_mime_part(message)}) {
        GMimeHeaderList *list = object ? g_mime_object_get_header_list(object) : nullptr;
        for (int i = 0; list && i < g_mime_header_list_get_count(list); ++i)
            headers << g_mime_header_list_get_header_at(list, i);
    }
    std::stable_sort(headers.begin(), headers.end(), [](GMimeHeader *a, GMimeHeader *b) {
        return g_mime_header_get_offset(a) < g_mime_header_get_offset(b);
    });
    return headers;
}

QByteArray rawMessageHeader(GMimeMessage *message, const char *name)
{
    QByteArray value = MimePartWalker::rawHeader(GMIME_OBJECT(message), name);
    if (!value.isNull())
        return value;
    return MimePartWalker::rawHeader(g_mime_message_get_mime_part(message), name);
}

// rename(2) that refuses to replace: the check before writing can't see a file that appears
// while the attachment is being written.
bool renameWithoutReplacing(const QString &from, const QString &to, bool *targetExists)
{
    const QByteArray source = QFile::encodeName(from);
    const QByteArray target = QFile::encodeName(to);
#if defined(Q_OS_LINUX)
    if (::renameat2(AT_FDCWD, source.constData(), AT_FDCWD, target.constData(), RENAME_NOREPLACE)
        == 0)
        return true;
    if (errno != EINVAL && errno != ENOSYS) { // a file system without RENAME_NOREPLACE: link
        *targetExists = errno == EEXIST;
        return false;
    }
#endif
#if defined(Q_OS_UNIX)
    if (::link(source.constData(), target.constData()) == 0) {
        ::unlink(source.constData());
        return true;
    }
    *targetExists = errno == EEXIST;
    return false;
#else
    *targetExists = QFileInfo::exists(to);
    return !*targetExists && QFile::rename(from, to);
#endif
}

} // namespace

MimeMessage MimeMessageReader::read(GMimeStream *stream)
{
    GObjectPtr<GMimeMessage> message = construct(stream);
    if (!message) {
        // No header block at all ("hello" alone): GMime gives up; read it all as a body.
        if (g_mime_stream_reset(stream) != 0 || g_mime_stream_length(stream) <= 0)
            return {};
        GObjectPtr<GMimeStream> joined(g_mime_stream_cat_new());
        GObjectPtr<GMimeStream> emptyHeader(g_mime_stream_mem_new_with_buffer("\n", 1));
        g_mime_stream_cat_add_source(GMIME_STREAM_CAT(joined.get()), emptyHeader.get());
        g_mime_stream_cat_add_source(GMIME_STREAM_CAT(joined.get()), stream);
        message = construct(joined.get());
        if (!message)
            return {};
    }
    auto data = std::make_shared<MimeMessage::Data>();
    data->message = std::move(message);
    readHeaders(data.get());
    readParts(data.get());
    MimeMessage result;
    result.m_data = std::move(data);
    return result;
}

void MimeMessageReader::readHeaders(MimeMessage::Data *data)
{
    GMimeMessage *message = data->message.get();
    data->subject = MimeHeaderDecoder::decodeText(rawMessageHeader(message, "Subject"));
    data->from = mailboxes(rawMessageHeader(message, "From"));
    data->to = mailboxes(rawMessageHeader(message, "To"));
    data->cc = mailboxes(rawMessageHeader(message, "Cc"));
    data->replyTo = mailboxes(rawMessageHeader(message, "Reply-To"));
    data->date = MimeHeaderDecoder::parseDate(rawMessageHeader(message, "Date"));
    data->messageId = messageId(rawMessageHeader(message, "Message-ID"));
    data->references = messageIds(rawMessageHeader(message, "References"));
    const QStringList replyIds = messageIds(rawMessageHeader(message, "In-Reply-To"));
    data->inReplyTo = replyIds.value(0);
}

void MimeMessageReader::readParts(MimeMessage::Data *data)
{
    const MimePartWalker::Result parts
        = MimePartWalker::walk(g_mime_message_get_mime_part(data->message.get()));
    if (parts.text) {
        data->textBody = MimePartWalker::text(parts.text);
        data->textBody.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    }
    if (parts.html)
        data->htmlBody = MimePartWalker::text(parts.html);
    if (!parts.text && parts.html)
        data->textBody = HtmlToText::convert(data->htmlBody);
    for (const MimePartWalker::Found &found : parts.attachments) {
        data->attachments.append({int(data->attachments.size()), found.fileName, found.mimeType,
            found.size, found.isInline, found.contentId});
        data->attachmentObjects.append(found.object);
    }
}

MimeMessage::MimeMessage()
{
    static const std::shared_ptr<const Data> empty = std::make_shared<Data>();
    m_data = empty;
}

MimeMessage MimeMessage::fromBytes(const QByteArray &bytes)
{
    GMimeLibrary::ensureInitialized();
    // GMime copies the bytes; with its persistent parse the parts point into that copy.
    GObjectPtr<GMimeStream> stream(
        g_mime_stream_mem_new_with_buffer(bytes.constData(), size_t(bytes.size())));
    return MimeMessageReader::read(stream.get());
}

MimeMessage MimeMessage::fromFile(const QString &path, Error *error)
{
    GMimeLibrary::ensureInitialized();
    const QString shown = QDir::toNativeSeparators(path);
    if (QFileInfo(path).isDir()) {
        *error = Error(Error::Kind::LocalIo, tr("%1 is a folder, not a message.").arg(shown));
        return {};
    }
    int flags = O_RDONLY;
#if defined(O_CLOEXEC)
    flags |= O_CLOEXEC;
#endif
    GError *openError = nullptr;
    GObjectPtr<GMimeStream> stream(
        g_mime_stream_fs_open(QFile::encodeName(path).constData(), flags, 0, &openError));
    if (!stream) {
        const int code = openError ? openError->code : 0;
        if (openError)
            g_error_free(openError);
        if (code == ENOENT)
            *error = Error(Error::Kind::NotFound, tr("%1 does not exist.").arg(shown));
        else if (code == EACCES || code == EPERM)
            *error = Error(Error::Kind::PermissionDenied, tr("%1 can't be read.").arg(shown));
        else
            *error = Error(Error::Kind::LocalIo, tr("%1 can't be opened.").arg(shown));
        return {};
    }
    MimeMessage message = MimeMessageReader::read(stream.get());
    if (message.isNull())
        *error = Error(Error::Kind::Unsupported, tr("%1 is empty.").arg(shown));
    return message;
}

bool MimeMessage::isNull() const
{
    return !m_data->message;
}

const QString &MimeMessage::subject() const
{
    return m_data->subject;
}

const QList<MimeMessage::Mailbox> &MimeMessage::from() const
{
    return m_data->from;
}

const QList<MimeMessage::Mailbox> &MimeMessage::to() const
{
    return m_data->to;
}

const QList<MimeMessage::Mailbox> &MimeMessage::cc() const
{
    return m_data->cc;
}

const QList<MimeMessage::Mailbox> &MimeMessage::replyTo() const
{
    return m_data->replyTo;
}

const QDateTime &MimeMessage::date() const
{
    return m_data->date;
}

const QString &MimeMessage::messageId() const
{
    return m_data->messageId;
}

const QString &MimeMessage::inReplyTo() const
{
    return m_data->inReplyTo;
}

const QStringList &MimeMessage::references() const
{
    return m_data->references;
}

const QString &MimeMessage::textBody() const
{
    return m_data->textBody;
}

const QString &MimeMessage::htmlBody() const
{
    return m_data->htmlBody;
}

const QList<MimeMessage::Attachment> &MimeMessage::attachments() const
{
    return m_data->attachments;
}

Error MimeMessage::saveAttachment(int index, const QString &path) const
{
    if (index < 0 || index >= m_data->attachmentObjects.size())
        return Error(Error::Kind::NotFound, tr("The message has no attachment %1.").arg(index));
    const QString shown = QDir::toNativeSeparators(path);
    const QFileInfo target(path);
    if (target.exists() || target.isSymLink())
        return Error(Error::Kind::AlreadyExists, tr("%1 already exists.").arg(shown));

    const QString partPath = path + QStringLiteral(".part");
    QFile file(partPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error(Error::Kind::LocalIo,
            tr("Can't write %1: %2").arg(QDir::toNativeSeparators(partPath), file.errorString()));
    bool written = false;
    int writeErrno = 0;
    {
        const std::lock_guard lock(m_data->readMutex);
        GObjectPtr<GMimeStream> out(g_mime_stream_fs_new(file.handle()));
        g_mime_stream_fs_set_owner(GMIME_STREAM_FS(out.get()), FALSE); // QFile closes it
        written = MimePartWalker::writeContent(m_data->attachmentObjects.at(index), out.get());
        writeErrno = errno;
    }
    file.close();
    if (!written || file.error() != QFileDevice::NoError) {
        file.remove();
        if (writeErrno == ENOSPC)
            return Error(
                Error::Kind::DiskFull, tr("The disk is full: %1 was not saved.").arg(shown));
        return Error(Error::Kind::LocalIo, tr("Can't write %1.").arg(shown));
    }
    bool targetExists = false;
    if (!renameWithoutReplacing(partPath, path, &targetExists)) {
        QFile::remove(partPath);
        if (targetExists)
            return Error(Error::Kind::AlreadyExists, tr("%1 already exists.").arg(shown));
        return Error(Error::Kind::LocalIo, tr("Can't move the saved file to %1.").arg(shown));
    }
    return {};
}

QByteArray MimeMessage::headerValue(const QByteArray &name) const
{
    if (!m_data->message)
        return {};
    const std::lock_guard lock(m_data->readMutex);
    return rawMessageHeader(m_data->message.get(), name.constData());
}

QList<QPair<QString, QString>> MimeMessage::headers() const
{
    QList<QPair<QString, QString>> result;
    if (!m_data->message)
        return result;
    const std::lock_guard lock(m_data->readMutex);
    for (GMimeHeader *header : allHeaders(m_data->message.get())) {
        result.append({QString::fromLatin1(g_mime_header_get_name(header)),
            MimeHeaderDecoder::decodeText(MimePartWalker::rawValue(header))});
    }
    return result;
}
