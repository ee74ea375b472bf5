// Fuzz target for Pop3ReplyParser: any bytes, cut into lines, as the reply to a single- or
// multi-line command (the first byte says which), with a small body limit.
#include "mail/pop3/pop3replyparser.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    Pop3ReplyParser parser;
    parser.setMaxBodySize(4096);
    parser.expect((data[0] & 1) != 0);
    const QByteArray input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    for (QByteArray line : input.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        const Pop3ReplyParser::State state = parser.feedLine(line);
        if (state == Pop3ReplyParser::State::Complete) {
            const Pop3ReplyParser::Reply reply = parser.takeReply();
            (void)reply.responseCode();
            (void)reply.joinedLines();
        }
        // The next command's reply: single- or multi-line as the line's length says.
        if (state != Pop3ReplyParser::State::NeedMore)
            parser.expect((line.size() & 1) != 0);
    }
    return 0;
}
