// Header text as real mail writes it: RFC 2047 words (broken ones too), RFC 5322 dates in their
// old forms, and RFC 2231 file names as IMAP BODYSTRUCTURE hands them over.
#include "mail/mime/mimeheaderdecoder.h"

#include <QTest>

using Params = QHash<QByteArray, QByteArray>;

class TestMimeHeaderDecoder : public QObject
{
    Q_OBJECT

private slots:
    void decodeText_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("text");
        QTest::newRow("ascii") << QByteArray("  Hello there ") << QStringLiteral("Hello there");
        QTest::newRow("folded") << QByteArray("Hello\r\n world") << QStringLiteral("Hello world");
        QTest::newRow("padded base64 words") // GMime 3.2.13 gives "ä"
            << QByteArray("=?UTF-8?B?w6Q=?= =?UTF-8?B?w7Y=?=") << QStringLiteral("äö");
        QTest::newRow("words folded")
            << QByteArray("=?UTF-8?B?w6Q=?=\r\n =?UTF-8?B?w7Y=?=") << QStringLiteral("äö");
        QTest::newRow("character split across base64 words")
            << QByteArray("=?UTF-8?B?4g==?= =?UTF-8?B?gqw=?=") << QStringLiteral("€");
        QTest::newRow("character split across Q words")
            << QByteArray("=?utf-8?q?=E2=82?= =?utf-8?q?=AC?=") << QStringLiteral("€");
        QTest::newRow("two charsets")
            << QByteArray("=?iso-8859-1?q?=E4?= =?utf-8?q?=C3=B6?=") << QStringLiteral("äö");
        QTest::newRow("word then text")
            << QByteArray("=?utf-8?q?a?= b c") << QStringLiteral("a b c");
        QTest::newRow("word inside text")
            << QByteArray("foo=?utf-8?q?x?=bar") << QStringLiteral("fooxbar");
        QTest::newRow("spaces in a Q word")
            << QByteArray("=?utf-8?q?hello world?=") << QStringLiteral("hello world");
        QTest::newRow("underscore")
            << QByteArray("=?UTF-8?Q?hello_world?=") << QStringLiteral("hello world");
        QTest::newRow("language") << QByteArray("=?utf-8*en?q?lang?=") << QStringLiteral("lang");
        QTest::newRow("unknown charset")
            << QByteArray("=?x-nonsense?q?abc=E4?=") << QStringLiteral("abcä");
        QTest::newRow("utf-8 label on latin-1")
            << QByteArray("=?utf-8?q?caf=E9?=") << QStringLiteral("café");
        QTest::newRow("iso-8859-15 euro")
            << QByteArray("=?iso-8859-15?q?=A4?=") << QStringLiteral("€");
        QTest::newRow("iso-2022-jp")
            << QByteArray("=?ISO-2022-JP?B?GyRCJEskWyRzJDQbKEI=?=") << QStringLiteral("にほんご");
        QTest::newRow("gbk under a gb2312 label")
            << QByteArray("=?gb2312?B?1uzpRrv5?=") << QStringLiteral("朱镕基");
        QTest::newRow("raw utf-8") << QByteArray("caf\xc3\xa9") << QStringLiteral("café");
        QTest::newRow("raw latin-1") << QByteArray("caf\xe9") << QStringLiteral("café");
        QTest::newRow("raw windows-1252")
            << QByteArray("\x93quoted\x94") << QStringLiteral("“quoted”");
        QTest::newRow("line break inside a word")
            << QByteArray("=?utf-8?q?a=0D=0AB?=") << QStringLiteral("a  B");
        QTest::newRow("not a word")
            << QByteArray("=?utf-8?x?abc?= =?broken") << QStringLiteral("=?utf-8?x?abc?= =?broken");
        QTest::newRow("empty") << QByteArray() << QString();
    }

    void decodeText()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, text);
        QCOMPARE(MimeHeaderDecoder::decodeText(raw), text);
    }

    void parseDate_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QDateTime>("expected"); // invalid: must be rejected
        const auto at = [](int y, int mo, int d, int h, int mi, int s, int offset) {
            return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::OffsetFromUTC, offset);
        };
        QTest::newRow("rfc 5322") << QByteArray("Tue, 1 Jul 2003 10:52:37 +0200")
                                  << at(2003, 7, 1, 10, 52, 37, 7200);
        // The common form takes a fast path; its bounds must hold like the general parser's.
        QTest::newRow("fast path, 31 February")
            << QByteArray("Mon, 31 Feb 2003 10:00:00 +0000") << QDateTime();
        QTest::newRow("fast path, hour 25")
            << QByteArray("1 Jul 2003 25:00:00 +0000") << QDateTime();
        QTest::newRow("fast path, trailing junk")
            << QByteArray("1 Jul 2003 10:00:00 +0000 x") << at(2003, 7, 1, 10, 0, 0, 0);
        QTest::newRow("no day name")
            << QByteArray("1 Jul 2003 10:52:37 -0330") << at(2003, 7, 1, 10, 52, 37, -12600);
        QTest::newRow("no seconds")
            << QByteArray("Tue, 01 Jul 2003 10:52 +0000") << at(2003, 7, 1, 10, 52, 0, 0);
        QTest::newRow("GMT") << QByteArray("Tue, 1 Jul 2003 10:52:37 GMT")
                             << at(2003, 7, 1, 10, 52, 37, 0);
        QTest::newRow("EST") << QByteArray("Tue, 1 Jul 2003 10:52:37 EST")
                             << at(2003, 7, 1, 10, 52, 37, -5 * 3600);
        QTest::newRow("PDT") << QByteArray("Tue, 1 Jul 2003 10:52:37 pdt")
                             << at(2003, 7, 1, 10, 52, 37, -7 * 3600);
        QTest::newRow("unknown zone name")
            << QByteArray("Tue, 1 Jul 2003 10:52:37 MET DST") << at(2003, 7, 1, 10, 52, 37, 0);
        QTest::newRow("comment") << QByteArray("Tue,\r\n 1 Jul 2003 10:52:37 +0200 (CEST)")
                                 << at(2003, 7, 1, 10, 52, 37, 7200);
        QTest::newRow("two-digit year 03")
            << QByteArray("1 Jul 03 10:00:00 +0000") << at(2003, 7, 1, 10, 0, 0, 0);
        QTest::newRow("two-digit year 99")
            << QByteArray("1 Jul 99 10:00:00 +0000") << at(1999, 7, 1, 10, 0, 0, 0);
        QTest::newRow("two-digit year 50")
            << QByteArray("1 Jul 50 10:00:00 +0000") << at(1950, 7, 1, 10, 0, 0, 0);
        QTest::newRow("three-digit year")
            << QByteArray("1 Jul 103 10:00:00 +0000") << at(2003, 7, 1, 10, 0, 0, 0);
        QTest::newRow("asctime") << QByteArray("Tue Jul  1 10:52:37 2003")
                                 << at(2003, 7, 1, 10, 52, 37, 0);
        QTest::newRow("imap internaldate")
            << QByteArray("17-Jul-1996 02:44:25 -0700") << at(1996, 7, 17, 2, 44, 25, -7 * 3600);
        QTest::newRow("colon in zone")
            << QByteArray("Tue, 1 Jul 2003 10:52:37 +02:00") << at(2003, 7, 1, 10, 52, 37, 7200);
        QTest::newRow("long month, no space")
            << QByteArray("Tue,1 July 2003 10:52:37 +0100") << at(2003, 7, 1, 10, 52, 37, 3600);
        QTest::newRow("no time") << QByteArray("1 Jul 2003") << at(2003, 7, 1, 0, 0, 0, 0);
        QTest::newRow("empty") << QByteArray() << QDateTime();
        QTest::newRow("garbage") << QByteArray("garbage") << QDateTime();
        QTest::newRow("words and a number") << QByteArray("hello world 12") << QDateTime();
        QTest::newRow("day 32") << QByteArray("Tue, 32 Jul 2003 10:00:00 +0000") << QDateTime();
        QTest::newRow("31 February") << QByteArray("31 Feb 2003 10:00:00 +0000") << QDateTime();
        QTest::newRow("hour 25") << QByteArray("1 Jul 2003 25:00:00 +0000") << QDateTime();
        QTest::newRow("no month") << QByteArray("Tue, 1 Foo 2003 10:00:00 +0000") << QDateTime();
        QTest::newRow("iso 8601") << QByteArray("2003-07-01T10:52:37Z") << QDateTime();
    }

    void parseDate()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QDateTime, expected);
        const QDateTime parsed = MimeHeaderDecoder::parseDate(raw);
        QCOMPARE(parsed.isValid(), expected.isValid());
        if (expected.isValid()) {
            QCOMPARE(parsed, expected);
            QCOMPARE(parsed.offsetFromUtc(), expected.offsetFromUtc());
        }
    }

    void parseParameters()
    {
        const Params params = MimeHeaderDecoder::parseParameters(
            "attachment;\r\n FileName=\"a \\\"b\\\"; c.txt\"; SIZE = 123 ; broken=my file.pdf;"
            " novalue; size=456");
        QCOMPARE(params.value("filename"), QByteArray("a \"b\"; c.txt"));
        QCOMPARE(params.value("size"), QByteArray("123")); // the first one wins
        QCOMPARE(params.value("broken"), QByteArray("my file.pdf"));
        QVERIFY(!params.contains("novalue"));
        QVERIFY(MimeHeaderDecoder::parseParameters("inline").isEmpty());
        QCOMPARE(MimeHeaderDecoder::parseParameters("text/plain; charset=\"ISO-8859-1\"")
                     .value("charset"),
            QByteArray("ISO-8859-1"));
        QCOMPARE(MimeHeaderDecoder::parseParameters("attachment; filename=\"C:\\temp\\x.txt\"")
                     .value("filename"),
            QByteArray("C:\\temp\\x.txt"));
    }

    void fileNameFromParameters_data()
    {
        QTest::addColumn<Params>("params");
        QTest::addColumn<QString>("fileName");
        QTest::newRow("plain") << Params {{"filename", "report.pdf"}}
                               << QStringLiteral("report.pdf");
        QTest::newRow("upper-case key from IMAP")
            << Params {{"FILENAME", "x.pdf"}} << QStringLiteral("x.pdf");
        QTest::newRow("rfc 2231") << Params {{"filename*", "UTF-8''Gr%C3%BC%C3%9Fe.txt"}}
                                  << QStringLiteral("Grüße.txt");
        QTest::newRow("rfc 2231 latin-1 with language")
            << Params {{"filename*", "iso-8859-1'de'Bj%F6rn.txt"}} << QStringLiteral("Björn.txt");
        QTest::newRow("continuations") << Params {{"filename*0*", "UTF-8''Gr%C3%BC"},
            {"filename*1*", "%C3%9Fe%20aus%20"}, {"filename*2", "K\xc3\xb6ln.txt"}}
                                       << QStringLiteral("Grüße aus Köln.txt");
        QTest::newRow("plain continuations") << Params {{"filename*0", "long"},
            {"filename*1", "name.txt"}} << QStringLiteral("longname.txt");
        QTest::newRow("missing continuation")
            << Params {{"filename*0", "a"}, {"filename*2", "c"}} << QStringLiteral("a");
        QTest::newRow("extended wins over plain") << Params {{"filename", "fallback.txt"},
            {"filename*", "UTF-8''%E2%82%AC.txt"}} << QStringLiteral("€.txt");
        QTest::newRow("outlook encoded word in quotes")
            << Params {{"name", "=?UTF-8?B?UHLDpHNlbnRhdGlvbi5wZGY=?="}}
            << QStringLiteral("Präsentation.pdf");
        QTest::newRow("raw utf-8")
            << Params {{"filename", "R\xc3\xa9sum\xc3\xa9.doc"}} << QStringLiteral("Résumé.doc");
        QTest::newRow("filename before name") << Params {{"name", "type.bin"},
            {"filename", "disposition.bin"}} << QStringLiteral("disposition.bin");
        QTest::newRow("name when filename is empty")
            << Params {{"filename", ""}, {"name", "n.bin"}} << QStringLiteral("n.bin");
        QTest::newRow("unix path")
            << Params {{"filename", "../../etc/passwd"}} << QStringLiteral("passwd");
        QTest::newRow("windows path")
            << Params {{"filename", "C:\\temp\\a.txt"}} << QStringLiteral("a.txt");
        QTest::newRow("dot dot") << Params {{"filename", ".."}} << QString();
        QTest::newRow("line break")
            << Params {{"filename*", "UTF-8''a%0D%0Ab.txt"}} << QStringLiteral("a  b.txt");
        QTest::newRow("none") << Params {{"charset", "utf-8"}} << QString();
    }

    void fileNameFromParameters()
    {
        QFETCH(Params, params);
        QFETCH(QString, fileName);
        QCOMPARE(MimeHeaderDecoder::fileNameFromParameters(params), fileName);
    }

    void decodeParameterGivesNullWhenAbsent()
    {
        QVERIFY(MimeHeaderDecoder::decodeParameter({}, "charset").isNull());
        QCOMPARE(
            MimeHeaderDecoder::decodeParameter({{"Title*", "us-ascii'en'This%20is%20it"}}, "title"),
            QStringLiteral("This is it"));
    }

    void normalizeEncodedWords()
    {
        QCOMPARE(MimeHeaderDecoder::normalizeEncodedWords(
                     "=?UTF-8?B?w6Q=?= =?UTF-8?B?w7Y=?= <a@example.org>, J\xfcrgen <j@x.org>"),
            QByteArray("=?UTF-8?Q?=C3=A4=C3=B6?= <a@example.org>, J\xc3\xbcrgen <j@x.org>"));
        QCOMPARE(MimeHeaderDecoder::normalizeEncodedWords("=?x-nonsense?q?a,b?= <a@b>"),
            QByteArray("=?UTF-8?Q?a=2Cb?= <a@b>"));
    }
};

QTEST_GUILESS_MAIN(TestMimeHeaderDecoder)
#include "tst_mimeheaderdecoder.moc"
