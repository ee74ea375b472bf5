// FtpListingParser and FtpListingLineParser against listing lines real servers send, chunking,
// and hostile or broken input: what a person sees in the remote pane depends on every field read.
#include "files/ftp/ftplistinglineparser.h"
#include "files/ftp/ftplistingparser.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using Type = RemoteEntry::Type;
using Precision = RemoteEntry::TimePrecision;
using Format = FtpListingParser::Format;

Q_DECLARE_METATYPE(RemoteEntry)

namespace {

// The "now" of every listing below unless a test says otherwise.
const QDateTime fixedNow(QDate(2024, 6, 15), QTime(12, 0), Qt::UTC);

QDateTime utc(
    int year, int month, int day, int hour = 0, int minute = 0, int second = 0, int msec = 0)
{
    return {QDate(year, month, day), QTime(hour, minute, second, msec), Qt::UTC};
}

RemoteEntry expect(const QString &name, Type type, qint64 size, const QDateTime &mtime,
    Precision precision, int mode, const QString &permissions, const QString &owner = {},
    const QString &group = {}, const QString &linkTarget = {})
{
    RemoteEntry entry;
    entry.name = name;
    entry.type = type;
    entry.size = size;
    entry.mtime = mtime;
    entry.mtimePrecision = precision;
    entry.unixMode = mode;
    entry.permissions = permissions;
    entry.owner = owner;
    entry.group = group;
    entry.linkTarget = linkTarget;
    return entry;
}

// DOS lines carry no owner, mode or permissions, always to the minute.
RemoteEntry expectDos(const QString &name, Type type, qint64 size, const QDateTime &mtime)
{
    return expect(name, type, size, mtime, Precision::Minute, -1, {});
}

// Every field, for comparing whole listings and for readable failure messages.
QString describe(const RemoteEntry &e)
{
    return QStringList {e.name, QString::number(int(e.type)), QString::number(e.size),
        e.mtime.toString(Qt::ISODateWithMs), QString::number(int(e.mtimePrecision)),
        QString::number(e.unixMode, 8), e.permissions, e.owner, e.group, e.linkTarget}
        .join(u'|');
}

QStringList describeAll(const QList<RemoteEntry> &entries)
{
    QStringList result;
    for (const RemoteEntry &entry : entries)
        result.append(describe(entry));
    return result;
}

struct Outcome
{
    QStringList entries;
    QStringList unparsed;
    QStringList rejected;
    bool operator==(const Outcome &) const = default;
};

Outcome parseChunks(Format format, const QList<QByteArray> &chunks, const QDateTime &now = fixedNow)
{
    FtpListingParser parser(format, now);
    for (const QByteArray &chunk : chunks)
        parser.addData(chunk);
    parser.finish();
    return Outcome {
        describeAll(parser.takeEntries()), parser.unparsedLines(), parser.rejectedNames()};
}

Outcome parseAll(Format format, const QByteArray &data, const QDateTime &now = fixedNow)
{
    return parseChunks(format, {data}, now);
}

// A listing with one line of each kind, shared by the chunking tests.
const QByteArray mixedUnixListing
    = "total 48\r\n"
      "drwxr-xr-x   4 ftp      ftp          4096 Nov  3 11:01 .\r\n"
      "drwxr-xr-x   4 ftp      ftp          4096 Nov  3 11:01 ..\r\n"
      "-rw-r--r--    1 1000     1000         1234 Jan 15 10:00 r.pdf\r\n"
      "lrwxrwxrwx   1 root     root            8 Jun 14 06:12 l -> d\r\n"
      "crw-rw----   1 root     tty        4,   0 Jan  1 00:00 tty0\r\n"
      "drwxr-xr-x   2 u g 4096 Jun  1 12:00   two  spaces\r\n"
      "-rw-r--r--   1 u g 5 Jun  1 12:00 Gr\xc3\xbc\xc3\x9f"
      "e.txt\r\n"
      "-rw-r--r--   1 u g 5 Jun  1 12:00 ../escape\r\n"
      "01-15-24  03:04PM       <DIR>          Folder\r\n"
      "not a listing line\r\n"
      "-rw-r--r--   1 u g 7 2020-02-29 13:45 last-without-newline";

const QByteArray mlsdListing
    = "type=cdir;sizd=4096;modify=20240601080000;UNIX.mode=0755; /srv\r\n"
      "type=pdir;sizd=4096;modify=20240601080000;UNIX.mode=0755; ..\r\n"
      "type=file;size=5120;modify=20240531215900.25;UNIX.mode=0644;UNIX.uid=1000; a; b.tar\r\n"
      "type=OS.unix=slink:/srv/target;size=11;modify=20240115103000; latest\r\n"
      "type=file;size=3; x\ry\r\n"
      "garbage without facts\r\n"
      "type=dir;modify=20090422105713.470;  lead";

void verifyEntry(const RemoteEntry &actual, const RemoteEntry &expected)
{
    QCOMPARE(actual.name, expected.name);
    QCOMPARE(actual.type, expected.type);
    QCOMPARE(actual.size, expected.size);
    QCOMPARE(actual.mtime, expected.mtime);
    QCOMPARE(actual.mtimePrecision, expected.mtimePrecision);
    QCOMPARE(actual.unixMode, expected.unixMode);
    QCOMPARE(actual.permissions, expected.permissions);
    QCOMPARE(actual.owner, expected.owner);
    QCOMPARE(actual.group, expected.group);
    QCOMPARE(actual.linkTarget, expected.linkTarget);
}

void verifySingleLine(Format format)
{
    QFETCH(QByteArray, line);
    QFETCH(RemoteEntry, expected);
    FtpListingParser parser(format, fixedNow);
    parser.addData(line + "\r\n");
    parser.finish();
    const QList<RemoteEntry> entries = parser.takeEntries();
    QCOMPARE(parser.unparsedLines(), QStringList());
    QCOMPARE(parser.rejectedNames(), QStringList());
    QCOMPARE(entries.size(), 1);
    verifyEntry(entries.first(), expected);
}

} // namespace

class TestFtpListingParser : public QObject
{
    Q_OBJECT

private slots:
    void unixLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<RemoteEntry>("expected");
        const auto row = [](const char *tag, const QByteArray &line, const RemoteEntry &entry) {
            QTest::newRow(tag) << line << entry;
        };
        const QString rw = u"-rw-r--r--"_s;
        const QString dir = u"drwxr-xr-x"_s;

        // vsftpd: numeric owner and group unless text_userdb_names is on.
        row("vsftpd file", "-rw-r--r--    1 1000     1000         1234 Jan 15 10:00 report.pdf",
            expect(u"report.pdf"_s, Type::File, 1234, utc(2024, 1, 15, 10, 0), Precision::Minute,
                0644, rw, u"1000"_s, u"1000"_s));
        row("vsftpd old dir", "drwxr-xr-x    2 0        0            4096 Feb 29  2020 archive",
            expect(u"archive"_s, Type::Directory, 4096, utc(2020, 2, 29), Precision::Day, 0755, dir,
                u"0"_s, u"0"_s));
        row("vsftpd symlink",
            "lrwxrwxrwx    1 0        0               7 Mar 03 09:15 latest -> archive",
            expect(u"latest"_s, Type::Symlink, 7, utc(2024, 3, 3, 9, 15), Precision::Minute, 0777,
                u"lrwxrwxrwx"_s, u"0"_s, u"0"_s, u"archive"_s));
        row("vsftpd hidden", "-rw-------    1 1000     1000            0 Jun 15 11:59 .hidden",
            expect(u".hidden"_s, Type::File, 0, utc(2024, 6, 15, 11, 59), Precision::Minute, 0600,
                u"-rw-------"_s, u"1000"_s, u"1000"_s));
        row("vsftpd setgid dir", "drwxrwsr-x    2 1001     1001         4096 Jun 16 10:00 shared",
            expect(u"shared"_s, Type::Directory, 4096, utc(2024, 6, 16, 10, 0), Precision::Minute,
                02775, u"drwxrwsr-x"_s, u"1001"_s, u"1001"_s));
        // ProFTPD (from its bug tracker): a November date with no year is last November.
        row("proftpd dir", "drwx--x--x  10 ftp      ftp          4096 Nov  3 11:01 public_html",
            expect(u"public_html"_s, Type::Directory, 4096, utc(2023, 11, 3, 11, 1),
                Precision::Minute, 0711, u"drwx--x--x"_s, u"ftp"_s, u"ftp"_s));
        row("proftpd dotfile",
            "-rw-r--r--   1 ftp      ftp            18 Dec  2  2011 .bash_logout",
            expect(u".bash_logout"_s, Type::File, 18, utc(2011, 12, 2), Precision::Day, 0644, rw,
                u"ftp"_s, u"ftp"_s));
        row("proftpd symlink",
            "lrwxrwxrwx   1 p284174  284174          4 Mar 16 10:25 test2 -> test",
            expect(u"test2"_s, Type::Symlink, 4, utc(2024, 3, 16, 10, 25), Precision::Minute, 0777,
                u"lrwxrwxrwx"_s, u"p284174"_s, u"284174"_s, u"test"_s));
        // Pure-FTPd pads wider columns.
        row("pure-ftpd file",
            "-rw-r--r--    1 1000       1000             5120 May 31 23:59 backup.tar",
            expect(u"backup.tar"_s, Type::File, 5120, utc(2024, 5, 31, 23, 59), Precision::Minute,
                0644, rw, u"1000"_s, u"1000"_s));
        row("pure-ftpd dir", "drwxr-xr-x    3 www-data   www-data         4096 Jun  1 08:00 site",
            expect(u"site"_s, Type::Directory, 4096, utc(2024, 6, 1, 8, 0), Precision::Minute, 0755,
                dir, u"www-data"_s, u"www-data"_s));
        // pyftpdlib (captured from its format_list()).
        row("pyftpdlib old file", "-rw-r--r--   1 root     root         1234 Feb 29  2020 data.bin",
            expect(u"data.bin"_s, Type::File, 1234, utc(2020, 2, 29), Precision::Day, 0644, rw,
                u"root"_s, u"root"_s));
        row("pyftpdlib double space",
            "-rw-r--r--   1 root     root            6 Jun 14 06:12 file with  spaces.txt",
            expect(u"file with  spaces.txt"_s, Type::File, 6, utc(2024, 6, 14, 6, 12),
                Precision::Minute, 0644, rw, u"root"_s, u"root"_s));
        row("pyftpdlib symlink",
            "lrwxrwxrwx   1 root     root            8 Jun 14 06:12 link -> data.bin",
            expect(u"link"_s, Type::Symlink, 8, utc(2024, 6, 14, 6, 12), Precision::Minute, 0777,
                u"lrwxrwxrwx"_s, u"root"_s, u"root"_s, u"data.bin"_s));
        row("pyftpdlib fifo", "prw-r--r--   1 root     root            0 Jun 14 06:12 pipe",
            expect(u"pipe"_s, Type::Other, 0, utc(2024, 6, 14, 6, 12), Precision::Minute, 0644,
                u"prw-r--r--"_s, u"root"_s, u"root"_s));
        // FileZilla Server: link count 1 and ftp/ftp for everything.
        row("filezilla file", "-rw-r--r-- 1 ftp ftp         1048576 Jun 10 18:30 setup.exe",
            expect(u"setup.exe"_s, Type::File, 1048576, utc(2024, 6, 10, 18, 30), Precision::Minute,
                0644, rw, u"ftp"_s, u"ftp"_s));
        row("filezilla dir", "drwxr-xr-x 1 ftp ftp               0 Jan 01  2023 Program Files",
            expect(u"Program Files"_s, Type::Directory, 0, utc(2023, 1, 1), Precision::Day, 0755,
                dir, u"ftp"_s, u"ftp"_s));
        // OpenBSD ftpd and busybox ftpd.
        row("openbsd file", "-rw-r--r--  1 root  wheel  13577 Apr  7  2023 motd",
            expect(u"motd"_s, Type::File, 13577, utc(2023, 4, 7), Precision::Day, 0644, rw,
                u"root"_s, u"wheel"_s));
        row("openbsd sticky", "drwxrwxrwt  2 root  wheel    512 Jun 15 11:30 tmp",
            expect(u"tmp"_s, Type::Directory, 512, utc(2024, 6, 15, 11, 30), Precision::Minute,
                01777, u"drwxrwxrwt"_s, u"root"_s, u"wheel"_s));
        row("busybox file", "-rwxr-xr-x    1 0        0           817432 Jan  1 00:00 busybox",
            expect(u"busybox"_s, Type::File, 817432, utc(2024, 1, 1), Precision::Minute, 0755,
                u"-rwxr-xr-x"_s, u"0"_s, u"0"_s));
        // Special permission bits.
        row("setuid", "-rwsr-xr-x   1 root     root        54256 Mar 22  2023 passwd",
            expect(u"passwd"_s, Type::File, 54256, utc(2023, 3, 22), Precision::Day, 04755,
                u"-rwsr-xr-x"_s, u"root"_s, u"root"_s));
        row("setgid without x", "-rwxr-Sr--   1 root     staff          12 May  5 14:00 odd",
            expect(u"odd"_s, Type::File, 12, utc(2024, 5, 5, 14, 0), Precision::Minute, 02744,
                u"-rwxr-Sr--"_s, u"root"_s, u"staff"_s));
        row("sticky without x", "drwxrwx--T   2 root     root         4096 May  5 14:00 dropbox",
            expect(u"dropbox"_s, Type::Directory, 4096, utc(2024, 5, 5, 14, 0), Precision::Minute,
                01770, u"drwxrwx--T"_s, u"root"_s, u"root"_s));
        // ACL, macOS extended attribute and SELinux context marks.
        row("acl plus", "-rw-r--r--+  1 alice    staff         100 May  5 14:00 acl.txt",
            expect(u"acl.txt"_s, Type::File, 100, utc(2024, 5, 5, 14, 0), Precision::Minute, 0644,
                u"-rw-r--r--+"_s, u"alice"_s, u"staff"_s));
        row("macos at", "-rw-r--r--@  1 alice  staff  2048 May  5 14:00 Icon.png",
            expect(u"Icon.png"_s, Type::File, 2048, utc(2024, 5, 5, 14, 0), Precision::Minute, 0644,
                u"-rw-r--r--@"_s, u"alice"_s, u"staff"_s));
        row("selinux dot", "drwxr-xr-x.  2 root root 6 May  5 14:00 selinux",
            expect(u"selinux"_s, Type::Directory, 6, utc(2024, 5, 5, 14, 0), Precision::Minute,
                0755, u"drwxr-xr-x."_s, u"root"_s, u"root"_s));
        // Devices have major, minor instead of a size; sockets are "other".
        row("char device", "crw-rw----   1 root     tty        4,   0 Jan  1 00:00 tty0",
            expect(u"tty0"_s, Type::Other, -1, utc(2024, 1, 1), Precision::Minute, 0660,
                u"crw-rw----"_s, u"root"_s, u"tty"_s));
        row("block device one column", "brw-rw----   1 root     disk     8,0 Jan  1 00:00 sda",
            expect(u"sda"_s, Type::Other, -1, utc(2024, 1, 1), Precision::Minute, 0660,
                u"brw-rw----"_s, u"root"_s, u"disk"_s));
        row("socket", "srwxrwxrwx   1 mysql    mysql           0 Jun 15 09:00 mysql.sock",
            expect(u"mysql.sock"_s, Type::Other, 0, utc(2024, 6, 15, 9, 0), Precision::Minute, 0777,
                u"srwxrwxrwx"_s, u"mysql"_s, u"mysql"_s));
        // Columns some servers leave out.
        row("no group", "-rw-r--r--   1 ftp          512 Jun 01 12:00 nogroup.txt",
            expect(u"nogroup.txt"_s, Type::File, 512, utc(2024, 6, 1, 12, 0), Precision::Minute,
                0644, rw, u"ftp"_s));
        row("no link count", "-rw-r--r-- ftp ftp 512 Jun 01 12:00 nolinks.txt",
            expect(u"nolinks.txt"_s, Type::File, 512, utc(2024, 6, 1, 12, 0), Precision::Minute,
                0644, rw, u"ftp"_s, u"ftp"_s));
        // Other date styles.
        row("long-iso", "-rw-r--r-- 1 root root 1234 2020-02-29 13:45 data.bin",
            expect(u"data.bin"_s, Type::File, 1234, utc(2020, 2, 29, 13, 45), Precision::Minute,
                0644, rw, u"root"_s, u"root"_s));
        row("long-iso name like a zone", "-rw-r--r-- 1 root root 1 2024-06-14 06:12 +0200",
            expect(u"+0200"_s, Type::File, 1, utc(2024, 6, 14, 6, 12), Precision::Minute, 0644, rw,
                u"root"_s, u"root"_s));
        row("month in capitals", "-rw-r--r--   1 u g   5 JUN 01 12:00 UPPER",
            expect(u"UPPER"_s, Type::File, 5, utc(2024, 6, 1, 12, 0), Precision::Minute, 0644, rw,
                u"u"_s, u"g"_s));
        // Names.
        row("leading spaces kept", "-rw-r--r--   1 u g   5 Jun 01 12:00   leading.txt",
            expect(u"  leading.txt"_s, Type::File, 5, utc(2024, 6, 1, 12, 0), Precision::Minute,
                0644, rw, u"u"_s, u"g"_s));
        row("symlink with spaces", "lrwxrwxrwx   1 u g  12 Jun 01 12:00 my link -> my target dir",
            expect(u"my link"_s, Type::Symlink, 12, utc(2024, 6, 1, 12, 0), Precision::Minute, 0777,
                u"lrwxrwxrwx"_s, u"u"_s, u"g"_s, u"my target dir"_s));
        row("arrow in a file name", "-rw-r--r--   1 u g  5 Jun 01 12:00 a -> b",
            expect(u"a -> b"_s, Type::File, 5, utc(2024, 6, 1, 12, 0), Precision::Minute, 0644, rw,
                u"u"_s, u"g"_s));
        row("utf-8 name",
            "-rw-r--r--   1 u g  5 Jun 01 12:00 Gr\xc3\xbc\xc3\x9f"
            "e.txt",
            expect(u"Grüße.txt"_s, Type::File, 5, utc(2024, 6, 1, 12, 0), Precision::Minute, 0644,
                rw, u"u"_s, u"g"_s));
        row("latin-1 name",
            "-rw-r--r--   1 u g  5 Jun 01 12:00 Gr\xfc\xdf"
            "e.txt",
            expect(u"Grüße.txt"_s, Type::File, 5, utc(2024, 6, 1, 12, 0), Precision::Minute, 0644,
                rw, u"u"_s, u"g"_s));
        row("owner and group like months", "-rw-r--r--   1 jan  dec  5 Jun 01 12:00 months",
            expect(u"months"_s, Type::File, 5, utc(2024, 6, 1, 12, 0), Precision::Minute, 0644, rw,
                u"jan"_s, u"dec"_s));
        row("name like a date", "-rw-r--r--   1 u g  5 Jun 01 12:00 Jan 15 10:00 notes",
            expect(u"Jan 15 10:00 notes"_s, Type::File, 5, utc(2024, 6, 1, 12, 0),
                Precision::Minute, 0644, rw, u"u"_s, u"g"_s));
        row("100 TiB", "-rw-r--r--   1 u g  109951162777600 Jun 01 12:00 big.img",
            expect(u"big.img"_s, Type::File, Q_INT64_C(109951162777600), utc(2024, 6, 1, 12, 0),
                Precision::Minute, 0644, rw, u"u"_s, u"g"_s));
        row("windows server in unix style",
            "-r-xr-xr-x   1 owner    group          1234 Jan 15  2024 file.txt",
            expect(u"file.txt"_s, Type::File, 1234, utc(2024, 1, 15), Precision::Day, 0555,
                u"-r-xr-xr-x"_s, u"owner"_s, u"group"_s));
    }

    void unixLines() { verifySingleLine(Format::Auto); }

    void dosLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<RemoteEntry>("expected");
        const auto row = [](const char *tag, const QByteArray &line, const RemoteEntry &entry) {
            QTest::newRow(tag) << line << entry;
        };
        row("iis dir", "01-15-24  03:04PM       <DIR>          Folder",
            expectDos(u"Folder"_s, Type::Directory, -1, utc(2024, 1, 15, 15, 4)));
        row("iis four-digit year", "01-15-2024  03:04PM    1234 file.txt",
            expectDos(u"file.txt"_s, Type::File, 1234, utc(2024, 1, 15, 15, 4)));
        row("last century", "12-31-99  11:59PM                 1024 y2k.txt",
            expectDos(u"y2k.txt"_s, Type::File, 1024, utc(1999, 12, 31, 23, 59)));
        row("midnight", "06-01-24  12:00AM                    0 midnight.log",
            expectDos(u"midnight.log"_s, Type::File, 0, utc(2024, 6, 1, 0, 0)));
        row("noon", "06-01-24  12:30PM                    0 noon.log",
            expectDos(u"noon.log"_s, Type::File, 0, utc(2024, 6, 1, 12, 30)));
        row("24-hour clock", "06-01-2024  17:45       <DIR>          My Documents",
            expectDos(u"My Documents"_s, Type::Directory, -1, utc(2024, 6, 1, 17, 45)));
        row("leap day, big file", "02-29-24  10:00AM             52428800 Setup x64.msi",
            expectDos(u"Setup x64.msi"_s, Type::File, 52428800, utc(2024, 2, 29, 10, 0)));
        row("slashes and separate AM", "06/01/2024  09:15 AM           2048 slash.txt",
            expectDos(u"slash.txt"_s, Type::File, 2048, utc(2024, 6, 1, 9, 15)));
        row("iso date", "2024-06-01  09:15    <DIR>          iso",
            expectDos(u"iso"_s, Type::Directory, -1, utc(2024, 6, 1, 9, 15)));
        row("backslashes are not the parser's call", "06-01-24  09:15AM  12 ..\\..\\win.ini",
            expectDos(u"..\\..\\win.ini"_s, Type::File, 12, utc(2024, 6, 1, 9, 15)));
    }

    void dosLines() { verifySingleLine(Format::Auto); }

    void mlsdLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<RemoteEntry>("expected");
        const auto row = [](const char *tag, const QByteArray &line, const RemoteEntry &entry) {
            QTest::newRow(tag) << line << entry;
        };
        const auto s = Precision::Second;
        // pyftpdlib (captured from its format_mlsx()): Python-style "0o644" modes.
        row("pyftpdlib file",
            "create=20261126061226;modify=20200229134510;perm=radfwMT;size=1234;type=file;"
            "unique=fe00ga725fc;unix.gid=0;unix.mode=0o644;unix.uid=0; data.bin",
            expect(u"data.bin"_s, Type::File, 1234, utc(2020, 2, 29, 13, 45, 10), s, 0644,
                u"radfwMT"_s, u"0"_s, u"0"_s));
        row("pyftpdlib dir",
            "create=20261126061226;modify=20261126061226;perm=eldfmMTcp;size=4096;type=dir;"
            "unique=fe00ga725fa;unix.gid=0;unix.mode=0o755;unix.uid=0; sub dir",
            expect(u"sub dir"_s, Type::Directory, 4096, utc(2026, 11, 26, 6, 12, 26), s, 0755,
                u"eldfmMTcp"_s, u"0"_s, u"0"_s));
        // ProFTPD: UNIX.owner is the uid, UNIX.ownername the name (1.3.6+).
        row("proftpd names",
            "modify=20240115103000;perm=adfr;size=3100;type=file;unique=FD00U2C4E8D;"
            "UNIX.group=1000;UNIX.groupname=alice;UNIX.mode=0644;UNIX.owner=1000;"
            "UNIX.ownername=alice; notes.txt",
            expect(u"notes.txt"_s, Type::File, 3100, utc(2024, 1, 15, 10, 30), s, 0644, u"adfr"_s,
                u"alice"_s, u"alice"_s));
        row("proftpd slink",
            "modify=20240115103000;perm=adfr;size=11;type=OS.unix=slink:/srv/target;"
            "unique=FD00U1;UNIX.group=0;UNIX.mode=0777;UNIX.owner=0; latest",
            expect(u"latest"_s, Type::Symlink, 11, utc(2024, 1, 15, 10, 30), s, 0777, u"adfr"_s,
                u"0"_s, u"0"_s, u"/srv/target"_s));
        row("proftpd symlink",
            "type=OS.unix=symlink;size=4;modify=20240115103000;UNIX.mode=0777; l2",
            expect(u"l2"_s, Type::Symlink, 4, utc(2024, 1, 15, 10, 30), s, 0777, {}));
        // Pure-FTPd: UNIX.uid/gid, sizd for folders.
        row("pure-ftpd file",
            "type=file;size=5120;modify=20240531215900;UNIX.mode=0644;UNIX.uid=1000;"
            "UNIX.gid=1000;unique=803g1a2b3; backup.tar",
            expect(u"backup.tar"_s, Type::File, 5120, utc(2024, 5, 31, 21, 59), s, 0644, {},
                u"1000"_s, u"1000"_s));
        row("pure-ftpd dir",
            "type=dir;sizd=4096;modify=20240601080000;UNIX.mode=0755;UNIX.uid=33;UNIX.gid=33;"
            "unique=803g4; site",
            expect(u"site"_s, Type::Directory, 4096, utc(2024, 6, 1, 8, 0), s, 0755, {}, u"33"_s,
                u"33"_s));
        row("filezilla server",
            "type=file;size=1048576;modify=20240610183000;perm=adfrw; setup.exe",
            expect(
                u"setup.exe"_s, Type::File, 1048576, utc(2024, 6, 10, 18, 30), s, -1, u"adfrw"_s));
        row("iis milliseconds", "type=dir;modify=20090422105713.470; Folder",
            expect(u"Folder"_s, Type::Directory, -1, utc(2009, 4, 22, 10, 57, 13, 470), s, -1, {}));
        row("rfc 3659 example, mixed case facts",
            "Type=file;Size=1830;Modify=19940916055648;Perm=r; hatch.c",
            expect(u"hatch.c"_s, Type::File, 1830, utc(1994, 9, 16, 5, 56, 48), s, -1, u"r"_s));
        row("upper-case type value", "type=FILE;SIZE=42; LOUD",
            expect(u"LOUD"_s, Type::File, 42, {}, Precision::None, -1, {}));
        row("name with semicolons and spaces", "type=file;size=3; a; b=c; d.txt",
            expect(u"a; b=c; d.txt"_s, Type::File, 3, {}, Precision::None, -1, {}));
        row("name with a leading space", "type=file;size=0;  spaced",
            expect(u" spaced"_s, Type::File, 0, {}, Precision::None, -1, {}));
        row("no facts at all", " bare",
            expect(u"bare"_s, Type::Other, -1, {}, Precision::None, -1, {}));
        row("unknown facts ignored",
            "type=file;x.custom=1;media-type=text/plain;charset=UTF-8;lang=en;unique=1; known.txt",
            expect(u"known.txt"_s, Type::File, -1, {}, Precision::None, -1, {}));
        row("malformed values ignored", "type=file;size=12a;modify=2024;UNIX.mode=0999; weird.txt",
            expect(u"weird.txt"_s, Type::File, -1, {}, Precision::None, -1, {}));
        row("impossible date ignored", "type=file;modify=20240230120000; feb30",
            expect(u"feb30"_s, Type::File, -1, {}, Precision::None, -1, {}));
        row("character device", "type=OS.unix=chr-4/0;modify=20240101000000; tty0",
            expect(u"tty0"_s, Type::Other, -1, utc(2024, 1, 1), s, -1, {}));
        row("latin-1 name", "type=file;size=1; caf\xe9",
            expect(u"café"_s, Type::File, 1, {}, Precision::None, -1, {}));
    }

    void mlsdLines() { verifySingleLine(Format::Mlsd); }

    void mlsdDropsTheFolderItselfAndItsParent()
    {
        const Outcome outcome = parseAll(Format::Mlsd,
            "type=cdir;sizd=4096;modify=20240601080000;UNIX.mode=0755; /srv/ftp\r\n"
            "type=pdir;sizd=4096;modify=20240601080000;UNIX.mode=0755; /srv\r\n"
            "type=dir;modify=20240601080000; .\r\n"
            "type=dir;modify=20240601080000; ..\r\n"
            "type=file;size=1; only.txt\r\n");
        QCOMPARE(outcome.entries.size(), 1);
        QVERIFY(outcome.entries.first().startsWith(u"only.txt|"_s));
        QCOMPARE(outcome.unparsed, QStringList());
        QCOMPARE(outcome.rejected, QStringList());

        // An MLST reply may need the cdir facts: the static parser keeps them.
        const FtpListingLineParser::ParsedLine cdir
            = FtpListingLineParser::parseMlsdLine(u"type=cdir;modify=20240601080000; /srv/ftp");
        QCOMPARE(cdir.kind, FtpListingLineParser::ParsedLine::Kind::Skip);
        QCOMPARE(cdir.entry.type, Type::Directory);
        QCOMPARE(cdir.entry.name, u"/srv/ftp"_s);
        QCOMPARE(cdir.entry.mtime, utc(2024, 6, 1, 8, 0));
    }

    void unixListingSkipsTotalsAndDotEntries()
    {
        const Outcome outcome = parseAll(Format::Auto,
            "total 48\n"
            "drwxr-xr-x   4 ftp      ftp          4096 Nov  3 11:01 .\n"
            "drwxr-xr-x   4 ftp      ftp          4096 Nov  3 11:01 ..\n"
            "-rw-r--r--   1 ftp      ftp            18 Dec  2  2011 .bash_logout\n");
        QCOMPARE(outcome.entries.size(), 1);
        QCOMPARE(outcome.unparsed, QStringList());
        QCOMPARE(outcome.rejected, QStringList());
    }

    void namesFormatTakesEachLineAsAName()
    {
        const Outcome outcome = parseAll(Format::Names,
            "a.txt\r\nb c.txt\r\n  lead \r\n\r\n../../etc/passwd\r\nsub/file\r\n.\r\nlast");
        QCOMPARE(outcome.entries.size(), 4);
        QVERIFY(outcome.entries.at(0).startsWith(u"a.txt|%1|-1||0|"_s.arg(int(Type::Other))));
        QVERIFY(outcome.entries.at(1).startsWith(u"b c.txt|"_s));
        QVERIFY(outcome.entries.at(2).startsWith(u"  lead |"_s));
        QCOMPARE(outcome.rejected, (QStringList {u"../../etc/passwd"_s, u"sub/file"_s}));
        QCOMPARE(outcome.unparsed, QStringList());
        // "last" has no line ending: finish() is what delivers it.
        FtpListingParser parser(Format::Names, fixedNow);
        parser.addData("one\r\nlast");
        QCOMPARE(parser.takeEntries().size(), 1);
        parser.finish();
        const QList<RemoteEntry> rest = parser.takeEntries();
        QCOMPARE(rest.size(), 1);
        QCOMPARE(rest.first().name, u"last"_s);
    }

    void autoModeNeverGuessesBareNames()
    {
        const Outcome outcome = parseAll(Format::Auto,
            "readme.txt\ntype=file;size=1; mlsd.txt\n-rw-r--r-- 1 u g 5 Jun 01 12:00 ok\n");
        QCOMPARE(outcome.entries.size(), 1);
        QCOMPARE(
            outcome.unparsed, (QStringList {u"readme.txt"_s, u"type=file;size=1; mlsd.txt"_s}));
    }

    void everySplitIntoTwoChunksGivesTheSameResult_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("listing");
        QTest::newRow("unix, dos, garbage") << int(Format::Auto) << mixedUnixListing;
        QTest::newRow("mlsd") << int(Format::Mlsd) << mlsdListing;
    }

    void everySplitIntoTwoChunksGivesTheSameResult()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, listing);
        const Outcome whole = parseAll(Format(format), listing);
        QVERIFY(!whole.entries.isEmpty());
        QVERIFY(!whole.unparsed.isEmpty());
        QVERIFY(!whole.rejected.isEmpty());
        for (qsizetype split = 0; split <= listing.size(); ++split) {
            const Outcome parts
                = parseChunks(Format(format), {listing.left(split), listing.mid(split)});
            if (!(parts == whole))
                QFAIL(qPrintable(u"split at byte %1 differs"_s.arg(split)));
        }
        QList<QByteArray> bytes;
        for (const char c : listing)
            bytes.append(QByteArray(1, c));
        QVERIFY(parseChunks(Format(format), bytes) == whole);
    }

    void mixedListingReadsAsExpected()
    {
        const Outcome outcome = parseAll(Format::Auto, mixedUnixListing);
        QCOMPARE(outcome.entries.size(), 7);
        QVERIFY(outcome.entries.at(3).startsWith(u"  two  spaces|"_s));
        QVERIFY(outcome.entries.at(4).startsWith(u"Grüße.txt|"_s));
        QVERIFY(outcome.entries.at(6).startsWith(u"last-without-newline|"_s));
        QCOMPARE(outcome.unparsed, QStringList {u"not a listing line"_s});
        QCOMPARE(outcome.rejected, QStringList {u"../escape"_s});

        const Outcome mlsd = parseAll(Format::Mlsd, mlsdListing);
        QCOMPARE(mlsd.entries.size(), 3);
        QVERIFY(mlsd.entries.at(0).startsWith(u"a; b.tar|"_s));
        QVERIFY(mlsd.entries.at(2).startsWith(u" lead|"_s));
        QCOMPARE(mlsd.rejected, QStringList {u"x\ry"_s});
        QCOMPARE(mlsd.unparsed, QStringList {u"garbage without facts"_s});
    }

    void crlfAndLfEndingsReadTheSame()
    {
        QByteArray lf = mixedUnixListing;
        lf.replace("\r\n", "\n");
        QVERIFY(lf != mixedUnixListing);
        QVERIFY(parseAll(Format::Auto, lf) == parseAll(Format::Auto, mixedUnixListing));
    }

    void yearIsInferredAroundNewYear_data()
    {
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QByteArray>("date");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime newYearsEve = utc(2024, 12, 31, 23, 0);
        const QDateTime newYearsDay = utc(2025, 1, 1, 0, 30);
        QTest::newRow("eve: an hour ago")
            << newYearsEve << "Dec 31 22:00"_ba << utc(2024, 12, 31, 22);
        QTest::newRow("eve: already new year where the server is")
            << newYearsEve << "Jan  1 01:00"_ba << utc(2025, 1, 1, 1);
        QTest::newRow("eve: early January is last January")
            << newYearsEve << "Jan  2 01:00"_ba << utc(2024, 1, 2, 1);
        QTest::newRow("day: yesterday evening")
            << newYearsDay << "Dec 31 23:59"_ba << utc(2024, 12, 31, 23, 59);
        QTest::newRow("day: still today")
            << newYearsDay << "Jan  1 23:59"_ba << utc(2025, 1, 1, 23, 59);
        QTest::newRow("day: tomorrow is too far")
            << newYearsDay << "Jan  2 10:00"_ba << utc(2024, 1, 2, 10);
        QTest::newRow("day: last July") << newYearsDay << "Jul  4 12:00"_ba << utc(2024, 7, 4, 12);
        QTest::newRow("june: within a day ahead")
            << fixedNow << "Jun 16 11:59"_ba << utc(2024, 6, 16, 11, 59);
        QTest::newRow("june: just over a day ahead")
            << fixedNow << "Jun 16 12:01"_ba << utc(2023, 6, 16, 12, 1);
        QTest::newRow("leap day this year")
            << fixedNow << "Feb 29 12:00"_ba << utc(2024, 2, 29, 12);
        QTest::newRow("leap day, a year later")
            << utc(2025, 6, 15) << "Feb 29 12:00"_ba << utc(2024, 2, 29, 12);
        QTest::newRow("leap day, before this year's")
            << utc(2024, 1, 10) << "Feb 29 10:00"_ba << utc(2020, 2, 29, 10);
    }

    void yearIsInferredAroundNewYear()
    {
        QFETCH(QDateTime, now);
        QFETCH(QByteArray, date);
        QFETCH(QDateTime, expected);
        const auto parsed = FtpListingLineParser::parseUnixLine(
            QString::fromLatin1(QByteArray("-rw-r--r-- 1 u g 1 " + date + " f")), now);
        QCOMPARE(parsed.kind, FtpListingLineParser::ParsedLine::Kind::Entry);
        QCOMPARE(parsed.entry.mtime, expected);
        QCOMPARE(parsed.entry.mtimePrecision, Precision::Minute);
    }

    void hostileNamesAreRejected_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("rejected");
        const auto autoFormat = int(Format::Auto);
        const auto mlsd = int(Format::Mlsd);
        QTest::newRow("parent path")
            << autoFormat << "-rw-r--r-- 1 u g 5 Jun 01 12:00 ../etc\n"_ba << u"../etc"_s;
        QTest::newRow("slash") << autoFormat << "drwxr-xr-x 2 u g 5 Jun 01 12:00 a/b\n"_ba
                               << u"a/b"_s;
        QTest::newRow("absolute") << autoFormat
                                  << "-rw-r--r-- 1 u g 5 Jun 01 12:00 /etc/passwd\n"_ba
                                  << u"/etc/passwd"_s;
        QTest::newRow("symlink name with slash")
            << autoFormat << "lrwxrwxrwx 1 u g 4 Jun 01 12:00 evil/ -> /etc\n"_ba << u"evil/"_s;
        QTest::newRow("nul") << autoFormat << "-rw-r--r-- 1 u g 5 Jun 01 12:00 a\0b\n"_ba
                             << QString::fromLatin1("a\0b", 3);
        QTest::newRow("empty name after the date")
            << autoFormat << "-rw-r--r-- 1 u g 5 Jun 01 12:00 \n"_ba << QString();
        QTest::newRow("dos slash") << autoFormat << "06-01-24  09:15AM  12 a/b\n"_ba << u"a/b"_s;
        QTest::newRow("mlsd lone cr") << mlsd << "type=file;size=3; x\ry\r\n"_ba << u"x\ry"_s;
        QTest::newRow("mlsd empty name") << mlsd << "type=file;size=3; \r\n"_ba << QString();
        QTest::newRow("mlsd slash") << mlsd << "type=file;size=3; ../../.ssh/authorized_keys\n"_ba
                                    << u"../../.ssh/authorized_keys"_s;
    }

    void hostileNamesAreRejected()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, data);
        QFETCH(QString, rejected);
        const Outcome outcome = parseAll(Format(format), data);
        QCOMPARE(outcome.entries, QStringList());
        QCOMPARE(outcome.unparsed, QStringList());
        QCOMPARE(outcome.rejected, QStringList {rejected});
    }

    void crlfInsideAnMlsdNameIsNeverAnEntry()
    {
        // Through the listing the CRLF ends the line: "x" is a fine name, "y" is not a line.
        const Outcome outcome = parseAll(Format::Mlsd, "type=file;size=3; x\r\ny\r\n");
        QCOMPARE(outcome.unparsed, QStringList {u"y"_s});
        // A caller holding the line whole (an MLST reply) gets the name and must check it.
        const auto parsed = FtpListingLineParser::parseMlsdLine(u"type=file;size=3; x\r\ny");
        QCOMPARE(parsed.kind, FtpListingLineParser::ParsedLine::Kind::Entry);
        QCOMPARE(parsed.entry.name, u"x\r\ny"_s);
        QVERIFY(!FtpListingParser::isAcceptableName(parsed.entry.name));
        QVERIFY(!FtpListingParser::isAcceptableName(u"a\nb"));
        QVERIFY(!FtpListingParser::isAcceptableName(u".."));
        QVERIFY(!FtpListingParser::isAcceptableName(u""));
        QVERIFY(FtpListingParser::isAcceptableName(u"..."));
        QVERIFY(FtpListingParser::isAcceptableName(u" "));
    }

    void brokenLinesAreReportedNotInvented_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("line");
        const auto autoFormat = int(Format::Auto);
        const auto row = [&](const char *tag, const QByteArray &line, int format) {
            QTest::newRow(tag) << format << line;
        };
        row("only spaces", "        ", autoFormat);
        row("only digits", "1234567890", autoFormat);
        row("only nuls", QByteArray(12, '\0'), autoFormat);
        row("nul in the permissions", "-rw-r-\0r-- 1 u g 5 Jun 01 12:00 f"_ba, autoFormat);
        row("permissions and links", "drwxr-xr-x 2", autoFormat);
        row("cut in the date", "drwxr-xr-x 2 user group 4096 Jun", autoFormat);
        row("cut before the name", "drwxr-xr-x 2 user group 4096 Jun 01 12:00", autoFormat);
        row("bad permission letter", "-rwxr-qr-x 1 u g 5 Jun 01 12:00 f", autoFormat);
        row("unknown type letter", "?rwxr-xr-x 1 u g 5 Jun 01 12:00 f", autoFormat);
        row("size not a number", "-rw-r--r-- 1 u g 5k Jun 01 12:00 f", autoFormat);
        row("negative size", "-rw-r--r-- 1 u g -5 Jun 01 12:00 f", autoFormat);
        row("size over 18 digits", "-rw-r--r-- 1 u g 9999999999999999999 Jun 01 12:00 f",
            autoFormat);
        row("too many columns", "-rw-r--r-- 1 u g x y 5 Jun 01 12:00 f", autoFormat);
        row("day 32", "-rw-r--r-- 1 u g 5 Jun 32 12:00 f", autoFormat);
        row("hour 24", "-rw-r--r-- 1 u g 5 Jun 01 24:00 f", autoFormat);
        row("bsd ls -T, not supported", "-rw-r--r-- 1 u g 5 Jan 15 10:00:05 2021 f", autoFormat);
        // Formats left out are reported, not half-read: a zone or seconds would end up in the name.
        row("gnu full-iso, not supported",
            "-rw-r--r--  1 root root 6 2024-06-14 06:12:26.942310447 +0200 zoned.txt", autoFormat);
        row("netware, not supported", "d [RWCEAFMS] Administrator  512 Apr 10 11:49 Login",
            autoFormat);
        row("february 30", "-rw-r--r-- 1 u g 5 Feb 30  2024 f", autoFormat);
        row("german month", "-rw-r--r-- 1 u g 5 Mai 01 12:00 f", autoFormat);
        row("dos cut after the time", "01-15-24  03:04PM", autoFormat);
        row("dos without name", "01-15-24  03:04PM       <DIR>", autoFormat);
        row("dos month 13", "13-15-24  03:04PM  5 f", autoFormat);
        row("dos 13 PM", "01-15-24  13:04PM  5 f", autoFormat);
        row("dos seconds", "01-15-24  03:04:05  5 f", autoFormat);
        row("mlsd without a space", "type=file;size=1", int(Format::Mlsd));
        row("mlsd fact without =", "type=file;size;x=1; f", int(Format::Mlsd));
        row("mlsd empty fact", "type=file;;size=1; f", int(Format::Mlsd));
        row("mlsd fact without name", "=file; f", int(Format::Mlsd));
        row("mlsd last fact without ;", "type=file;size=7 f", int(Format::Mlsd));
        row("mlsd space inside a value", "type=file;UNIX.owner=John Doe;size=1; f",
            int(Format::Mlsd));
    }

    void brokenLinesAreReportedNotInvented()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, line);
        const Outcome outcome = parseAll(Format(format), line + "\r\n");
        QCOMPARE(outcome.entries, QStringList());
        QCOMPARE(outcome.rejected, QStringList());
        QCOMPARE(outcome.unparsed, QStringList {FtpListingParser::decodeServerText(line)});
    }

    void overlongLinesAreSkippedWithoutBuffering()
    {
        const QByteArray valid = "-rw-r--r-- 1 u g 5 Jun 01 12:00 after\n";
        const qsizetype hundredKiB = qsizetype(100) * 1024;
        const QByteArray longName
            = "-rw-r--r-- 1 u g 5 Jun 01 12:00 " + QByteArray(hundredKiB, 'n');
        const QByteArray data = QByteArray(hundredKiB, 'a') + '\n' + longName + "\r\n" + valid;
        const Outcome whole = parseAll(Format::Auto, data);
        QCOMPARE(whole.entries.size(), 1);
        QVERIFY(whole.entries.first().startsWith(u"after|"_s));
        QCOMPARE(whole.unparsed.size(), 2);
        QVERIFY(whole.unparsed.at(0).startsWith(u"aaaa"_s));
        QVERIFY(whole.unparsed.at(0).size() < 300);
        QVERIFY(whole.unparsed.at(1).startsWith(u"-rw-r--r--"_s));

        QList<QByteArray> chunks;
        for (qsizetype i = 0; i < data.size(); i += 1000)
            chunks.append(data.mid(i, 1000));
        QVERIFY(parseChunks(Format::Auto, chunks) == whole);

        // At the limit a line is still read; one byte more and it is not.
        const QByteArray prefix = "-rw-r--r-- 1 u g 5 Jun 01 12:00 ";
        const QByteArray atLimit
            = prefix + QByteArray(FtpListingParser::MaxLineLength - prefix.size(), 'x');
        QCOMPARE(parseAll(Format::Auto, atLimit + '\n').entries.size(), 1);
        QCOMPARE(parseAll(Format::Auto, atLimit + "x\n").entries.size(), 0);
        QCOMPARE(parseAll(Format::Auto, atLimit + "x").unparsed.size(), 1); // no newline at all
    }

    void randomBytesNeverBecomeEntries()
    {
        QRandomGenerator random(20240615);
        for (int iteration = 0; iteration < 2000; ++iteration) {
            // Mostly short lines, sometimes longer than the limit.
            const int length
                = iteration % 100 == 0 ? random.bounded(20000, 40000) : random.bounded(0, 600);
            QByteArray data(length, Qt::Uninitialized);
            for (char &byte : data)
                byte = char(random.bounded(256));

            int expectedUnparsed = 0;
            for (QByteArrayView line : data.split('\n')) {
                if (line.endsWith('\r'))
                    line.chop(1);
                if (!line.isEmpty())
                    ++expectedUnparsed;
            }
            const Outcome outcome = parseAll(Format::Auto, data);
            QVERIFY2(outcome.entries.isEmpty(), data.toHex().constData());
            QCOMPARE(outcome.unparsed.size(), expectedUnparsed);

            // The other formats accept more, but never a name a listing may not have.
            for (const Format format : {Format::Mlsd, Format::Names}) {
                FtpListingParser parser(format, fixedNow);
                parser.addData(data);
                parser.finish();
                for (const RemoteEntry &entry : parser.takeEntries())
                    QVERIFY(FtpListingParser::isAcceptableName(entry.name));
            }
        }
    }

    void listingLikeNoiseKeepsEveryInvariant()
    {
        // Random text from the pieces listings are made of reaches deep into the parsers.
        const QList<QByteArray> pieces = {"-rw-r--r--", "drwxrwsr-T", "lrwxrwxrwx", "c", "[RW]",
            " ", "  ", "\t", "1", "0", "4,", "12:00", "23:59:59.5", "+0100", "Jan", "feb", "29",
            "2024", "2024-02-29", "01-15-24", "03:04PM", "AM", "<DIR>", "->", "/", "..", ".", ";",
            "=", "type=", "dir", "size=", "modify=", "20240229120000", "OS.unix=slink:", "\r", "\n",
            "\r\n", QByteArray(1, '\0'), "\xff", "\xc3\xbc", "total", "name"};
        QRandomGenerator random(42);
        for (int iteration = 0; iteration < 2000; ++iteration) {
            QByteArray data;
            const int count = random.bounded(1, 40);
            for (int i = 0; i < count; ++i)
                data += pieces.at(random.bounded(int(pieces.size())));
            for (const Format format : {Format::Auto, Format::Mlsd, Format::Names}) {
                FtpListingParser parser(format, fixedNow);
                parser.addData(data);
                parser.finish();
                for (const RemoteEntry &entry : parser.takeEntries()) {
                    QVERIFY2(FtpListingParser::isAcceptableName(entry.name), data.constData());
                    QVERIFY(entry.size >= -1);
                    QVERIFY(entry.unixMode >= -1 && entry.unixMode <= 07777);
                    QVERIFY(entry.mtime.isValid() == (entry.mtimePrecision != Precision::None));
                }
            }
        }
    }

    void takeEntriesEmptiesTheList()
    {
        FtpListingParser parser(Format::Auto, fixedNow);
        parser.addData("-rw-r--r-- 1 u g 5 Jun 01 12:00 a\n");
        QCOMPARE(parser.takeEntries().size(), 1);
        QCOMPARE(parser.takeEntries().size(), 0);
        parser.addData("-rw-r--r-- 1 u g 5 Jun 01 12:00 b\n");
        QCOMPARE(parser.takeEntries().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestFtpListingParser)
#include "tst_ftplistingparser.moc"
