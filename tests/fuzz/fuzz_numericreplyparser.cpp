// Fuzz target for NumericReplyParser (FTP and SMTP replies): any bytes, cut into lines as
// LineChannel cuts them, give valid replies or a Malformed state, never a crash.
#include "net/numericreplyparser.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    NumericReplyParser parser;
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    for (QByteArray line : input.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (const std::optional<NumericReply> reply = parser.feedLine(line)) {
            if (!reply->isValid())
                std::abort();
            (void)reply->text();
            (void)reply->toDisplayString();
        }
    }
    parser.reset();
    return 0;
}
