// Typed views of IMAP data responses: FETCH items, ENVELOPE, BODYSTRUCTURE, LIST and STATUS.
// Liberal in what they read: an item that doesn't fit its grammar is left out, never trusted.
#include "imapfetchdata.h"

#include <limits>

namespace {

// BODYSTRUCTURE nesting is bounded by the parser already; this guards other callers.
constexpr int maxBodyDepth = 100;

QByteArray nstring(const ImapValue &value)
{
    return value.toBytes().value_or(QByteArray());
}

const ImapValue &itemAt(const QList<ImapValue> &items, qsizetype index)
{
    static const ImapValue nil;
    return index < items.size() ? items.at(index) : nil;
}

std::optional<quint32> toNumber32(const ImapValue &value)
{
    const std::optional<quint64> number = value.toNumber();
    if (!number || *number > std::numeric_limits<quint32>::max())
        return std::nullopt;
    return quint32(*number);
}

// body-fld-param: NIL or ("name" "value" ...); names lower-cased.
QHash<QByteArray, QByteArray> parameterList(const ImapValue &value)
{
    QHash<QByteArray, QByteArray> parameters;
    const QList<ImapValue> &items = value.items();
    for (qsizetype i = 0; i + 1 < items.size(); i += 2) {
        const std::optional<QByteArray> name = items.at(i).toBytes();
        const std::optional<QByteArray> content = items.at(i + 1).toBytes();
        if (name && content)
            parameters.insert(name->toLower(), *content);
    }
    return parameters;
}

// body-fld-dsp: NIL or ("attachment" ("filename" "a.pdf")); some servers send a bare string.
void readDisposition(const ImapValue &value, ImapBodyPart *part)
{
    if (value.isList()) {
        part->disposition = nstring(itemAt(value.items(), 0)).toLower();
        part->dispositionParameters = parameterList(itemAt(value.items(), 1));
    } else if (value.isString() || value.isAtom()) {
        part->disposition = nstring(value).toLower();
    }
}

QList<ImapAddress> addressList(const ImapValue &value)
{
    QList<ImapAddress> addresses;
    for (const ImapValue &item : value.items()) {
        const QList<ImapValue> &fields = item.items();
        if (!item.isList() || fields.size() < 4)
            continue;
        ImapAddress address;
        address.name = nstring(fields.at(0));
        address.adl = nstring(fields.at(1));
        address.mailbox = nstring(fields.at(2));
        address.host = nstring(fields.at(3));
        // RFC 3501 §7.4.2: a NIL host starts a group (the mailbox is its name), a NIL mailbox
        // ends it. The markers are not addresses; the members between them are.
        if (fields.at(3).isNil())
            continue;
        addresses.append(address);
    }
    return addresses;
}

std::optional<ImapBodyPart> readBody(const ImapValue &value, const QByteArray &section, int depth);

// The section the children of a part are numbered under (RFC 3501 §6.4.5).
QByteArray childSection(const QByteArray &parent, qsizetype index)
{
    const QByteArray number = QByteArray::number(index + 1);
    return parent.isEmpty() ? number : parent + '.' + number;
}

std::optional<ImapBodyPart> readMultipart(
    const QList<ImapValue> &items, const QByteArray &section, int depth)
{
    ImapBodyPart part;
    part.type = "multipart";
    part.section = section;
    qsizetype index = 0;
    for (; index < items.size() && items.at(index).isList(); ++index) {
        std::optional<ImapBodyPart> child
            = readBody(items.at(index), childSection(section, index), depth + 1);
        if (!child)
            return std::nullopt;
        part.children.append(std::move(*child));
    }
    part.subtype = nstring(itemAt(items, index)).toLower();
    if (part.subtype.isEmpty())
        part.subtype = "mixed"; // RFC 2046 §5.1.3: what an unknown multipart is treated as
    // body-ext-mpart: parameters, disposition, language, location.
    part.parameters = parameterList(itemAt(items, index + 1));
    readDisposition(itemAt(items, index + 2), &part);
    return part;
}

std::optional<ImapBodyPart> readSinglePart(
    const QList<ImapValue> &items, const QByteArray &section, int depth)
{
    if (items.size() < 2 || items.at(0).isList() || items.at(1).isList())
        return std::nullopt;
    ImapBodyPart part;
    part.section = section;
    part.type = nstring(items.at(0)).toLower();
    part.subtype = nstring(items.at(1)).toLower();
    part.parameters = parameterList(itemAt(items, 2));
    part.id = nstring(itemAt(items, 3));
    part.description = nstring(itemAt(items, 4));
    part.encoding = nstring(itemAt(items, 5)).toLower();
    part.size = itemAt(items, 6).toNumber().value_or(0);
    qsizetype extension = 7;
    const bool isMessage = part.type == "message"
        && (part.subtype == "rfc822" || part.subtype == "global") && itemAt(items, 7).isList()
        && itemAt(items, 8).isList();
    if (isMessage) {
        // envelope, body, lines. The encapsulated message's body: a multipart one shares this
        // part's number (its parts are "3.1", "3.2"), a single one is "3.1".
        const QByteArray wire = part.fetchSection();
        const ImapValue &body = items.at(8);
        const bool bodyIsMultipart = body.isList() && itemAt(body.items(), 0).isList();
        std::optional<ImapBodyPart> child
            = readBody(body, bodyIsMultipart ? wire : wire + ".1", depth + 1);
        if (!child)
            return std::nullopt;
        part.children.append(std::move(*child));
        part.lines = toNumber32(itemAt(items, 9)).value_or(0);
        extension = 10;
    } else if (part.type == "text") {
        part.lines = toNumber32(itemAt(items, 7)).value_or(0);
        extension = 8;
    }
    // body-ext-1part: md5, disposition, language, location.
    readDisposition(itemAt(items, extension + 1), &part);
    return part;
}

std::optional<ImapBodyPart> readBody(const ImapValue &value, const QByteArray &section, int depth)
{
    if (!value.isList() || value.items().isEmpty() || depth > maxBodyDepth)
        return std::nullopt;
    const QList<ImapValue> &items = value.items();
    if (items.at(0).isList())
        return readMultipart(items, section, depth);
    return readSinglePart(items, section, depth);
}

// "BODY[1.2]<0>" -> "BODY[1.2]"; "body[header.fields (from)]" -> "BODY[HEADER.FIELDS (FROM)]".
QByteArray sectionKey(const QByteArray &item)
{
    QByteArray key = item.toUpper();
    const qsizetype close = key.lastIndexOf(']');
    const qsizetype origin = key.lastIndexOf('<');
    if (key.endsWith('>') && origin > close)
        key.truncate(origin);
    return key;
}

bool isSectionItem(const QByteArray &upperName)
{
    return upperName.startsWith("BODY[") || upperName.startsWith("BINARY[") || upperName == "RFC822"
        || upperName == "RFC822.HEADER" || upperName == "RFC822.TEXT";
}

int monthFromName(QByteArrayView name)
{
    static constexpr const char *months[]
        = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; ++i) {
        if (name.compare(QByteArrayView(months[i]), Qt::CaseInsensitive) == 0)
            return i + 1;
    }
    return 0;
}

std::optional<int> digits(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 4)
        return std::nullopt;
    int value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace

QByteArray ImapAddress::addrSpec() const
{
    return host.isEmpty() ? mailbox : mailbox + '@' + host;
}

std::optional<ImapEnvelope> ImapEnvelope::fromValue(const ImapValue &value)
{
    const QList<ImapValue> &items = value.items();
    if (!value.isList() || items.size() < 10)
        return std::nullopt;
    ImapEnvelope envelope;
    envelope.date = nstring(items.at(0));
    envelope.subject = nstring(items.at(1));
    envelope.from = addressList(items.at(2));
    envelope.sender = addressList(items.at(3));
    envelope.replyTo = addressList(items.at(4));
    envelope.to = addressList(items.at(5));
    envelope.cc = addressList(items.at(6));
    envelope.bcc = addressList(items.at(7));
    envelope.inReplyTo = nstring(items.at(8));
    envelope.messageId = nstring(items.at(9));
    return envelope;
}

QByteArray ImapBodyPart::rawFileName() const
{
    QByteArray name = dispositionParameters.value("filename");
    return name.isEmpty() ? parameters.value("name") : name;
}

std::optional<ImapBodyPart> ImapBodyPart::fromValue(const ImapValue &value)
{
    return readBody(value, QByteArray(), 0);
}

std::optional<ImapFetchData> ImapFetchData::fromResponse(const ImapResponse &response)
{
    if (response.kind != ImapResponse::Kind::Untagged || response.name != "FETCH"
        || !response.number || response.values.isEmpty() || !response.values.at(0).isList()) {
        return std::nullopt;
    }
    ImapFetchData data;
    data.sequence = *response.number;
    const QList<ImapValue> &items = response.values.at(0).items();
    for (qsizetype i = 0; i + 1 < items.size(); i += 2) {
        const ImapValue &item = items.at(i);
        const ImapValue &value = items.at(i + 1);
        if (!item.isAtom())
            continue;
        const QByteArray name = item.bytes().toUpper();
        if (name == "UID") {
            data.uid = toNumber32(value);
        } else if (name == "FLAGS") {
            if (!value.isList())
                continue;
            QByteArrayList flags;
            for (const ImapValue &flag : value.items()) {
                if (const std::optional<QByteArray> text = flag.toBytes())
                    flags.append(*text);
            }
            data.flags = flags;
        } else if (name == "INTERNALDATE") {
            const QDateTime date = parseImapDateTime(nstring(value));
            if (date.isValid())
                data.internalDate = date;
        } else if (name == "RFC822.SIZE") {
            data.rfc822Size = value.toNumber();
        } else if (name == "MODSEQ") {
            if (value.isList() && value.items().size() == 1)
                data.modSeq = value.items().at(0).toNumber();
        } else if (name == "ENVELOPE") {
            data.envelope = ImapEnvelope::fromValue(value);
        } else if (name == "BODYSTRUCTURE" || (name == "BODY" && value.isList())) {
            data.bodyStructure = ImapBodyPart::fromValue(value);
        } else if (isSectionItem(name)) {
            data.sections.insert(sectionKey(name), value);
        }
    }
    return data;
}

bool ImapListEntry::hasAttribute(QByteArrayView attribute) const
{
    for (const QByteArray &candidate : attributes) {
        if (QByteArrayView(candidate).compare(attribute, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

std::optional<ImapListEntry> ImapListEntry::fromResponse(const ImapResponse &response)
{
    if (response.kind != ImapResponse::Kind::Untagged
        || (response.name != "LIST" && response.name != "LSUB" && response.name != "XLIST")
        || response.values.size() < 3) {
        return std::nullopt;
    }
    ImapListEntry entry;
    const ImapValue &attributes = response.values.at(0);
    if (!attributes.isList() && !attributes.isNil())
        return std::nullopt;
    for (const ImapValue &attribute : attributes.items()) {
        if (const std::optional<QByteArray> text = attribute.toBytes())
            entry.attributes.append(*text);
    }
    const ImapValue &delimiter = response.values.at(1);
    if (!delimiter.isNil()) {
        const std::optional<QByteArray> text = delimiter.toBytes();
        if (!text || text->size() > 1)
            return std::nullopt;
        if (text->size() == 1)
            entry.delimiter = text->at(0);
    }
    const std::optional<QByteArray> name = response.values.at(2).toBytes();
    if (!name)
        return std::nullopt;
    entry.encodedName = *name;
    entry.name = ImapMailboxName::decode(*name);
    return entry;
}

std::optional<ImapStatusData> ImapStatusData::fromResponse(const ImapResponse &response)
{
    if (response.kind != ImapResponse::Kind::Untagged || response.name != "STATUS"
        || response.values.size() < 2 || !response.values.at(1).isList()) {
        return std::nullopt;
    }
    const std::optional<QByteArray> name = response.values.at(0).toBytes();
    if (!name)
        return std::nullopt;
    ImapStatusData status;
    status.encodedName = *name;
    const QList<ImapValue> &items = response.values.at(1).items();
    for (qsizetype i = 0; i + 1 < items.size(); i += 2) {
        const ImapValue &item = items.at(i);
        const std::optional<quint32> number = toNumber32(items.at(i + 1));
        if (item.isAtom("MESSAGES"))
            status.messages = number;
        else if (item.isAtom("RECENT"))
            status.recent = number;
        else if (item.isAtom("UIDNEXT"))
            status.uidNext = number;
        else if (item.isAtom("UIDVALIDITY"))
            status.uidValidity = number;
        else if (item.isAtom("UNSEEN"))
            status.unseen = number;
    }
    return status;
}

QDateTime parseImapDateTime(const QByteArray &text)
{
    // date-day-fixed "-" date-month "-" date-year SP time SP zone: " 7-Jul-1996 02:44:25 -0700".
    const QByteArrayList parts = text.trimmed().split(' ');
    if (parts.size() != 3)
        return {};
    const QByteArrayList date = parts.at(0).split('-');
    const QByteArrayList time = parts.at(1).split(':');
    const QByteArray &zone = parts.at(2);
    if (date.size() != 3 || time.size() != 3 || zone.size() != 5
        || (zone.at(0) != '+' && zone.at(0) != '-') || date.at(0).size() > 2
        || date.at(2).size() != 4) {
        return {};
    }
    const std::optional<int> day = digits(date.at(0));
    const int month = monthFromName(date.at(1));
    const std::optional<int> year = digits(date.at(2));
    const std::optional<int> hour = digits(time.at(0));
    const std::optional<int> minute = digits(time.at(1));
    const std::optional<int> second = digits(time.at(2));
    const std::optional<int> zoneHours = digits(QByteArrayView(zone).sliced(1, 2));
    const std::optional<int> zoneMinutes = digits(QByteArrayView(zone).sliced(3, 2));
    if (!day || !month || !year || !hour || !minute || !second || !zoneHours || !zoneMinutes
        || time.at(0).size() != 2 || time.at(1).size() != 2 || time.at(2).size() != 2
        || *zoneHours > 23 || *zoneMinutes > 59) {
        return {};
    }
    const QDate qdate(*year, month, *day);
    const QTime qtime(*hour, *minute, *second);
    if (!qdate.isValid() || !qtime.isValid())
        return {};
    const int offset = (zone.at(0) == '-' ? -1 : 1) * (*zoneHours * 3600 + *zoneMinutes * 60);
    return QDateTime(qdate, qtime, Qt::OffsetFromUTC, offset);
}
