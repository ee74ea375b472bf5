// Parses single FTP listing lines: MLSD facts (RFC 3659), Unix `ls -l` and DOS/IIS LIST output.
// The bytes are the server's, so every field is checked and nothing is guessed.
#include "files/ftp/ftplistinglineparser.h"

#include <QVarLengthArray>

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

using Type = RemoteEntry::Type;
using Precision = RemoteEntry::TimePrecision;
using ParsedLine = FtpListingLineParser::ParsedLine;

struct Token
{
    qsizetype begin = 0;
    QStringView text;
    [[nodiscard]] qsizetype end() const { return begin + text.size(); }
};

// Enough columns to reach the date of any Unix or DOS line we accept. The name after the date is
// cut from the line itself, so a name with many spaces costs nothing.
constexpr qsizetype MaxTokens = 16;
using Tokens = QVarLengthArray<Token, MaxTokens>;

bool isBlank(QChar c)
{
    return c == u' ' || c == u'\t';
}

Tokens tokenize(QStringView line)
{
    Tokens tokens;
    qsizetype i = 0;
    const qsizetype length = line.size();
    while (tokens.size() < MaxTokens) {
        while (i < length && isBlank(line[i]))
            ++i;
        if (i == length)
            break;
        const qsizetype begin = i;
        while (i < length && !isBlank(line[i]))
            ++i;
        tokens.append(Token {begin, line.sliced(begin, i - begin)});
    }
    return tokens;
}

bool equalsIgnoringCase(QStringView text, QLatin1StringView expected)
{
    return text.compare(expected, Qt::CaseInsensitive) == 0;
}

bool isAsciiDigits(QStringView text)
{
    return !text.isEmpty()
        && std::all_of(text.begin(), text.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

// A plain decimal number (no sign, no spaces, unlike QString::toLongLong); -1 if it isn't one.
// Eighteen digits always fit in a qint64.
qint64 parseNumber(QStringView text, qsizetype maxDigits = 18)
{
    if (text.size() > maxDigits || !isAsciiDigits(text))
        return -1;
    qint64 value = 0;
    for (const QChar c : text)
        value = value * 10 + (c.unicode() - u'0');
    return value;
}

int parseSmallNumber(QStringView text, qsizetype maxDigits)
{
    return static_cast<int>(parseNumber(text, std::min<qsizetype>(maxDigits, 9)));
}

// English three-letter month names only: servers send `ls` output in the C locale, and a
// localised name could not be told from a user or group name.
int monthFromName(QStringView text)
{
    static const QString months = u"jan feb mar apr may jun jul aug sep oct nov dec"_s;
    const qsizetype at = text.size() == 3 ? months.indexOf(text, 0, Qt::CaseInsensitive) : -1;
    return at >= 0 && at % 4 == 0 ? static_cast<int>(at / 4) + 1 : 0;
}

QDateTime utcDateTime(QDate date, QTime time)
{
    return {date, time, Qt::UTC};
}

// "9:05" or "09:05".
std::optional<QTime> parseClock(QStringView text)
{
    const qsizetype colon = text.indexOf(u':');
    if (colon < 1 || colon > 2 || text.size() != colon + 3)
        return std::nullopt;
    const QTime time(parseSmallNumber(text.first(colon), 2), parseSmallNumber(text.last(2), 2));
    if (!time.isValid())
        return std::nullopt;
    return time;
}

// "2024-01-15"; an invalid QDate otherwise.
QDate parseIsoDate(QStringView text)
{
    if (text.size() != 10 || text[4] != u'-' || text[7] != u'-')
        return {};
    const int year = parseSmallNumber(text.first(4), 4);
    const int month = parseSmallNumber(text.sliced(5, 2), 2);
    const int day = parseSmallNumber(text.sliced(8, 2), 2);
    if (year < 0 || month < 0 || day < 0)
        return {};
    return {year, month, day};
}

struct DateMatch
{
    QDateTime mtime;
    Precision precision = Precision::None;
    qsizetype lastToken = 0;
};

// The date of an `ls -l` line starting at token i: "Jan 15 10:00", "Jan 15  2024" or
// "2024-01-15 10:00" (GNU long-iso). The time is the server's local time, which the listing does
// not name; it is kept as if it were UTC.
std::optional<DateMatch> matchUnixDate(const Tokens &tokens, qsizetype i, const QDateTime &nowUtc)
{
    if (i + 1 >= tokens.size())
        return std::nullopt;
    if (const int month = monthFromName(tokens[i].text)) {
        if (i + 2 >= tokens.size())
            return std::nullopt;
        const int day = parseSmallNumber(tokens[i + 1].text, 2);
        const QStringView third = tokens[i + 2].text;
        if (third.size() == 4 && isAsciiDigits(third)) {
            const QDate date(parseSmallNumber(third, 4), month, day);
            if (!date.isValid())
                return std::nullopt;
            return DateMatch {utcDateTime(date, QTime(0, 0)), Precision::Day, i + 2};
        }
        const std::optional<QTime> clock = parseClock(third);
        if (!clock)
            return std::nullopt;
        // No year: ls shows a time instead of the year for dates in the last six months, so the
        // year is the latest one that puts the date no later than a day from now (the day
        // absorbs the server's unknown time zone, also across New Year). Feb 29 may need up to
        // eight years back.
        const QDateTime latest = nowUtc.addDays(1);
        const int latestYear = latest.date().year();
        for (int year = latestYear; year > latestYear - 8; --year) {
            const QDate date(year, month, day);
            if (date.isValid() && utcDateTime(date, *clock) <= latest)
                return DateMatch {utcDateTime(date, *clock), Precision::Minute, i + 2};
        }
        return std::nullopt;
    }
    const QDate date = parseIsoDate(tokens[i].text);
    const std::optional<QTime> clock = parseClock(tokens[i + 1].text);
    if (!date.isValid() || !clock)
        return std::nullopt;
    return DateMatch {utcDateTime(date, *clock), Precision::Minute, i + 1};
}

struct UnixPermissions
{
    Type type = Type::Other;
    int mode = 0;
    bool isDevice = false;
};

// "drwxr-sr-t", optionally followed by an ACL or extended-attribute mark ("+", ".", "@").
std::optional<UnixPermissions> parseUnixPermissions(QStringView text)
{
    if (text.size() != 10 && !(text.size() == 11 && QStringView(u"+.@").contains(text[10])))
        return std::nullopt;
    UnixPermissions result;
    switch (text[0].unicode()) {
    case u'-': result.type = Type::File; break;
    case u'd': result.type = Type::Directory; break;
    case u'l': result.type = Type::Symlink; break;
    case u'b':
    case u'c': result.isDevice = true; break;
    case u'p':
    case u's': break;
    default: return std::nullopt;
    }
    // setuid and setgid show as s/S in the x column, sticky as t/T; capitals mean "without x".
    for (int i = 0; i < 9; ++i) {
        const QChar c = text[1 + i];
        const bool isExecute = i % 3 == 2;
        const QChar special = i == 8 ? u't' : u's';
        const int specialBit = 04000 >> (i / 3);
        if (c == QStringView(u"rwx")[i % 3])
            result.mode |= 0400 >> i;
        else if (isExecute && c == special)
            result.mode |= (0400 >> i) | specialBit;
        else if (isExecute && c == special.toUpper())
            result.mode |= specialBit;
        else if (c != u'-')
            return std::nullopt;
    }
    return result;
}

bool isDeviceNumberPair(QStringView text) // "4,0"
{
    const qsizetype comma = text.indexOf(u',');
    return comma > 0 && isAsciiDigits(text.first(comma)) && isAsciiDigits(text.sliced(comma + 1));
}

struct OwnerAndSize
{
    QString owner;
    QString group;
    qint64 size = -1;
};

// Reads the columns between the permissions (token 0) and the date (token `date`):
// [links] owner [group] size, or major, minor for a device. Servers differ in which of the
// bracketed ones they send; anything else is refused.
std::optional<OwnerAndSize> readOwnerAndSize(const Tokens &tokens, qsizetype date, bool isDevice)
{
    OwnerAndSize result;
    qsizetype sizeColumn = date - 1;
    const QStringView last = tokens[sizeColumn].text;
    if (isDevice) {
        // A device shows "major, minor" or "major,minor" where the size would be; it has no size.
        const QStringView major = sizeColumn > 1 ? tokens[sizeColumn - 1].text : QStringView();
        if (isAsciiDigits(last) && major.endsWith(u',') && isAsciiDigits(major.chopped(1)))
            --sizeColumn;
        else if (!isDeviceNumberPair(last) && !isAsciiDigits(last))
            return std::nullopt;
    } else {
        result.size = parseNumber(last);
        if (result.size < 0)
            return std::nullopt;
    }
    const qsizetype columns = sizeColumn - 1;
    const bool startsWithLinkCount = columns > 0 && isAsciiDigits(tokens[1].text);
    if (columns == 3 && startsWithLinkCount) {
        result.owner = tokens[2].text.toString();
        result.group = tokens[3].text.toString();
    } else if (columns == 2 && startsWithLinkCount) {
        result.owner = tokens[2].text.toString(); // no group column
    } else if (columns == 2) {
        result.owner = tokens[1].text.toString(); // no link count column
        result.group = tokens[2].text.toString();
    } else {
        return std::nullopt;
    }
    return result;
}

// "19990112033515" or with a fraction, "19990112033515.123"; always UTC (RFC 3659 section 2.3).
QDateTime parseMlsdTime(QStringView text)
{
    if (text.size() < 14 || !isAsciiDigits(text.first(14)))
        return {};
    int msec = 0;
    if (text.size() > 14) { // ".5" is 500 ms, ".123456" is 123
        const QStringView fraction = text.sliced(15);
        if (text[14] != u'.' || fraction.size() > 9 || !isAsciiDigits(fraction))
            return {};
        msec = parseSmallNumber(fraction.first(std::min<qsizetype>(fraction.size(), 3)), 3);
        for (qsizetype i = fraction.size(); i < 3; ++i)
            msec *= 10;
    }
    const auto digits = [&](qsizetype from, qsizetype count) {
        return parseSmallNumber(text.sliced(from, count), count);
    };
    const QDate date(digits(0, 4), digits(4, 2), digits(6, 2));
    const QTime time(digits(8, 2), digits(10, 2), digits(12, 2), msec);
    if (!date.isValid() || !time.isValid())
        return {};
    return utcDateTime(date, time);
}

// "0644", "644", "100644" (a whole st_mode), or pyftpdlib's Python-style "0o644".
int parseOctalMode(QStringView text)
{
    if (text.startsWith("0o"_L1, Qt::CaseInsensitive))
        text = text.sliced(2);
    if (text.isEmpty() || text.size() > 7)
        return -1;
    int mode = 0;
    for (const QChar c : text) {
        if (c < u'0' || c > u'7')
            return -1;
        mode = mode * 8 + (c.unicode() - u'0');
    }
    return mode & 07777;
}

// The type fact's value: also ProFTPD's "OS.unix=slink:/target" and "OS.unix=symlink".
void applyMlsdType(QStringView value, RemoteEntry &entry, bool &listsFolderItself)
{
    const bool isUnixType = value.startsWith("OS.unix="_L1, Qt::CaseInsensitive);
    const QStringView unixType = isUnixType ? value.sliced(8) : QStringView();
    if (equalsIgnoringCase(value, "file"_L1)) {
        entry.type = Type::File;
    } else if (equalsIgnoringCase(value, "dir"_L1)) {
        entry.type = Type::Directory;
    } else if (equalsIgnoringCase(value, "cdir"_L1) || equalsIgnoringCase(value, "pdir"_L1)) {
        entry.type = Type::Directory;
        listsFolderItself = true;
    } else if (equalsIgnoringCase(unixType, "symlink"_L1)
        || equalsIgnoringCase(unixType, "slink"_L1)
        || unixType.startsWith("slink:"_L1, Qt::CaseInsensitive)) {
        entry.type = Type::Symlink;
        if (unixType.startsWith("slink:"_L1, Qt::CaseInsensitive))
            entry.linkTarget = unixType.sliced(6).toString();
    } else {
        entry.type = Type::Other; // OS.unix=blkdev, OS.unix=chr-4/0, socket...
    }
}

QString firstNonEmpty(const std::array<QStringView, 3> &candidates)
{
    const auto found = std::find_if(candidates.begin(), candidates.end(),
        [](QStringView candidate) { return !candidate.isEmpty(); });
    return found == candidates.end() ? QString() : found->toString();
}

} // namespace

FtpListingLineParser::ParsedLine FtpListingLineParser::parseMlsdLine(QStringView line)
{
    // facts SP name: the name is everything after the first space, spaces and semicolons
    // included. A line starting with a space has no facts (the client asked for none).
    // Each fact ends in ';': a value with a space in it (which RFC 3659 forbids) would otherwise
    // pass the rest of it off as the name.
    const qsizetype space = line.indexOf(u' ');
    if (space < 0 || (space > 0 && line[space - 1] != u';'))
        return {};
    ParsedLine result;
    RemoteEntry &entry = result.entry;
    entry.type = Type::Other; // without a type fact the server did not say
    bool listsFolderItself = false;
    qint64 folderSize = -1;
    // A server sends a name, an id or both, under different facts; the first one given in these
    // lists wins. ProFTPD sends the uid as UNIX.owner and the name as UNIX.ownername.
    static constexpr std::array<QLatin1StringView, 3> ownerFacts
        = {"UNIX.ownername"_L1, "UNIX.owner"_L1, "UNIX.uid"_L1};
    static constexpr std::array<QLatin1StringView, 3> groupFacts
        = {"UNIX.groupname"_L1, "UNIX.group"_L1, "UNIX.gid"_L1};
    std::array<QStringView, 3> owners;
    std::array<QStringView, 3> groups;
    const QStringView facts = line.first(space);
    for (qsizetype start = 0; start < facts.size();) {
        const qsizetype end = facts.indexOf(u';', start);
        const QStringView fact = facts.sliced(start, end - start);
        start = end + 1;
        const qsizetype equals = fact.indexOf(u'=');
        if (equals <= 0)
            return {}; // every fact is name=value: this is not an MLSD line
        const QStringView name = fact.first(equals);
        const QStringView value = fact.sliced(equals + 1);
        // Fact names are case-insensitive (RFC 3659 section 7.5). A malformed value is ignored
        // like an unknown fact; the entry itself is still good.
        if (equalsIgnoringCase(name, "type"_L1))
            applyMlsdType(value, entry, listsFolderItself);
        else if (equalsIgnoringCase(name, "size"_L1))
            entry.size = parseNumber(value);
        else if (equalsIgnoringCase(name, "sizd"_L1))
            folderSize = parseNumber(value);
        else if (equalsIgnoringCase(name, "modify"_L1))
            entry.mtime = parseMlsdTime(value);
        else if (equalsIgnoringCase(name, "perm"_L1))
            entry.permissions = value.toString();
        else if (equalsIgnoringCase(name, "UNIX.mode"_L1))
            entry.unixMode = parseOctalMode(value);
        for (std::size_t i = 0; i < ownerFacts.size(); ++i) {
            if (equalsIgnoringCase(name, ownerFacts[i]))
                owners[i] = value;
            if (equalsIgnoringCase(name, groupFacts[i]))
                groups[i] = value;
        }
    }
    entry.mtimePrecision = entry.mtime.isValid() ? Precision::Second : Precision::None;
    if (entry.size < 0)
        entry.size = folderSize;
    entry.owner = firstNonEmpty(owners);
    entry.group = firstNonEmpty(groups);
    entry.name = line.sliced(space + 1).toString();
    result.kind = listsFolderItself ? ParsedLine::Kind::Skip : ParsedLine::Kind::Entry;
    return result;
}

FtpListingLineParser::ParsedLine FtpListingLineParser::parseUnixLine(
    QStringView line, const QDateTime &nowUtc)
{
    const Tokens tokens = tokenize(line);
    ParsedLine result;
    if (tokens.size() == 2 && equalsIgnoringCase(tokens[0].text, "total"_L1)
        && isAsciiDigits(tokens[1].text)) {
        result.kind = ParsedLine::Kind::Skip;
        return result;
    }
    if (tokens.size() < 2)
        return result;
    const std::optional<UnixPermissions> permissions = parseUnixPermissions(tokens[0].text);
    if (!permissions)
        return result;
    RemoteEntry &entry = result.entry;
    entry.type = permissions->type;
    entry.unixMode = permissions->mode;
    entry.permissions = tokens[0].text.toString();
    // Find the date first: the columns before it vary between servers, the date does not.
    // At most four columns and a size lie before it, so a date-like word in a name is never
    // taken for it.
    const qsizetype lastDateColumn = std::min<qsizetype>(tokens.size() - 1, 6);
    for (qsizetype date = 2; date <= lastDateColumn; ++date) {
        const std::optional<DateMatch> match = matchUnixDate(tokens, date, nowUtc);
        if (!match)
            continue;
        std::optional<OwnerAndSize> columns = readOwnerAndSize(tokens, date, permissions->isDevice);
        if (!columns)
            continue;
        // One separator after the date; any further spaces belong to the name.
        const qsizetype nameStart = tokens[match->lastToken].end() + 1;
        if (nameStart > line.size())
            return {}; // the line ends at the date: cut short
        entry.owner = std::move(columns->owner);
        entry.group = std::move(columns->group);
        entry.size = columns->size;
        entry.mtime = match->mtime;
        entry.mtimePrecision = match->precision;
        QStringView name = line.sliced(nameStart);
        if (entry.type == Type::Symlink) {
            const qsizetype arrow = name.indexOf(" -> "_L1);
            if (arrow >= 0) {
                entry.linkTarget = name.sliced(arrow + 4).toString();
                name = name.first(arrow);
            }
        }
        entry.name = name.toString();
        result.kind = ParsedLine::Kind::Entry;
        return result;
    }
    return {};
}

FtpListingLineParser::ParsedLine FtpListingLineParser::parseDosLine(QStringView line)
{
    // "01-15-24  03:04PM       <DIR>          Folder", "01-15-2024  15:04  1234 file.txt"
    const Tokens tokens = tokenize(line);
    if (tokens.size() < 4)
        return {};
    QDate date = parseIsoDate(tokens[0].text);
    if (!date.isValid()) {
        const QStringView text = tokens[0].text;
        if ((text.size() != 8 && text.size() != 10) || text[2] != text[5]
            || (text[2] != u'-' && text[2] != u'/'))
            return {};
        int year = parseSmallNumber(text.sliced(6), 4);
        if (year < 0)
            return {};
        if (text.size() == 8)
            year += year < 69 ? 2000 : 1900; // two-digit years pivot as POSIX strptime's %y
        date = QDate(
            year, parseSmallNumber(text.first(2), 2), parseSmallNumber(text.sliced(3, 2), 2));
        if (!date.isValid())
            return {};
    }
    // A 12-hour clock ends in AM or PM, joined to the time or in the next column.
    const auto isHalfDay = [](QStringView text) {
        return equalsIgnoringCase(text, "AM"_L1) || equalsIgnoringCase(text, "PM"_L1);
    };
    qsizetype sizeColumn = 2;
    QStringView clockText = tokens[1].text;
    QStringView halfDay;
    if (clockText.size() > 2 && isHalfDay(clockText.last(2))) {
        halfDay = clockText.last(2);
        clockText.chop(2);
    } else if (isHalfDay(tokens[2].text)) {
        halfDay = tokens[2].text;
        sizeColumn = 3;
    }
    const std::optional<QTime> clock = parseClock(clockText);
    if (!clock)
        return {};
    int hour = clock->hour();
    if (!halfDay.isEmpty()) {
        if (hour < 1 || hour > 12)
            return {};
        hour = hour % 12 + (equalsIgnoringCase(halfDay, "PM"_L1) ? 12 : 0);
    }
    if (sizeColumn + 1 >= tokens.size())
        return {}; // no name
    ParsedLine result;
    RemoteEntry &entry = result.entry;
    if (equalsIgnoringCase(tokens[sizeColumn].text, "<DIR>"_L1)) {
        entry.type = Type::Directory;
    } else {
        entry.type = Type::File;
        entry.size = parseNumber(tokens[sizeColumn].text);
        if (entry.size < 0)
            return {};
    }
    entry.mtime = utcDateTime(date, QTime(hour, clock->minute()));
    entry.mtimePrecision = Precision::Minute;
    // IIS pads after <DIR>, so blanks before a name cannot be told from padding: they are dropped.
    entry.name = line.sliced(tokens[sizeColumn + 1].begin).toString();
    result.kind = ParsedLine::Kind::Entry;
    return result;
}
