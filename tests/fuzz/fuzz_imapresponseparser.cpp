// Fuzz target for ImapResponseParser and the typed IMAP decoders: any byte string, fed in two
// parts split where the input says, must parse or be refused without a crash, a hang or
// unbounded growth. Small limits make literal spooling and the limits themselves reachable.
#include "mail/imap/imapfetchdata.h"
#include "mail/imap/imapresponseparser.h"

#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

namespace {

void decodeValue(const ImapValue &value, int depth)
{
    (void)value.toDebugString();
    (void)value.toNumber();
    (void)ImapEnvelope::fromValue(value);
    if (const std::optional<ImapBodyPart> part = ImapBodyPart::fromValue(value))
        (void)part->rawFileName();
    if (const std::optional<QByteArray> bytes = value.toBytes()) {
        (void)parseImapDateTime(*bytes);
        // Whatever a name decodes to encodes back to something that decodes to it again.
        const QString name = ImapMailboxName::decode(*bytes);
        if (ImapMailboxName::decodeStrict(ImapMailboxName::encode(name)) != name)
            std::abort();
    }
    if (depth < 3) {
        for (const ImapValue &item : value.items())
            decodeValue(item, depth + 1);
    }
}

void decodeResponse(const ImapResponse &response)
{
    if (const std::optional<ImapFetchData> data = ImapFetchData::fromResponse(response)) {
        if (data->envelope)
            (void)data->envelope->from.value(0).addrSpec();
    }
    (void)ImapListEntry::fromResponse(response);
    (void)ImapStatusData::fromResponse(response);
    for (const ImapValue &value : response.values)
        decodeValue(value, 0);
    for (const ImapValue &value : response.codeArguments)
        decodeValue(value, 0);
}

void drain(ImapResponseParser &parser)
{
    // Every call consumes input or says NeedMore, so this many calls can't be needed.
    for (int calls = 0; calls < 1000000; ++calls) {
        ImapResponse response;
        switch (parser.next(&response)) {
        case ImapResponseParser::Result::NeedMore: return;
        case ImapResponseParser::Result::Response: decodeResponse(response); break;
        case ImapResponseParser::Result::Malformed:
            if (parser.errorString().isEmpty())
                std::abort();
            break;
        }
    }
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir spool; // one folder for the run, removed at exit
    ImapResponseParser parser;
    parser.setMaxInMemoryLiteral(4096);
    parser.setMaxLiteralSize(qint64(1024) * 1024);
    parser.setMaxResponseText(qint64(64) * 1024);
    parser.setSpoolDirectory(spool.path());
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype split = size == 0 ? 0 : qsizetype(data[0]) * qsizetype(size) / 256;
    parser.feed(input.left(split));
    drain(parser);
    parser.feed(input.mid(split));
    drain(parser);
    if (parser.bufferedBytes() > qint64(size) || parser.literalBytesReceived() > qint64(size))
        std::abort();
    parser.reset();
    if (parser.bufferedBytes() != 0)
        std::abort();
    return 0;
}
