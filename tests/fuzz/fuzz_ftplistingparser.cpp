// Fuzz target for FtpListingParser: any listing bytes, in any of its formats, split where the
// input says, give entries whose names are acceptable, never a crash.
#include "files/ftp/ftplistingparser.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const QDateTime now(QDate(2024, 6, 1), QTime(12, 0), Qt::UTC);
    const auto format = FtpListingParser::Format(data[0] % 3);
    FtpListingParser parser(format, now);
    const QByteArray input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    const qsizetype split = qsizetype(data[0] / 3) * input.size() / 86;
    parser.addData(input.left(split));
    parser.addData(input.mid(split));
    parser.finish();
    for (const RemoteEntry &entry : parser.takeEntries()) {
        if (!FtpListingParser::isAcceptableName(entry.name))
            std::abort();
    }
    (void)parser.unparsedLines();
    return 0;
}
