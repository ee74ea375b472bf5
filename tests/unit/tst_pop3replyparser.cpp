// POP3 replies without a socket: status lines, multi-line bodies ended by a lone ".", dot
// un-stuffing, -ERR ending a multi-line command, and hostile or odd input.
#include "mail/pop3/pop3replyparser.h"

#include <QTest>

using State = Pop3ReplyParser::State;

namespace {

// Feeds CRLF-separated text as LineChannel would hand it out, line by line.
State feedText(Pop3ReplyParser &parser, const QByteArray &text)
{
    State state = parser.state();
    QByteArrayList lines = text.split('\n');
    lines.removeLast();
    for (QByteArray line : std::as_const(lines)) {
        if (line.endsWith('\r'))
            line.chop(1);
        state = parser.feedLine(line);
    }
    return state;
}

} // namespace

class TestPop3ReplyParser : public QObject
{
    Q_OBJECT

private slots:
    void singleLineOkAndErr()
    {
        Pop3ReplyParser parser;
        parser.expect(false);
        QCOMPARE(parser.feedLine("+OK 2 320"), State::Complete);
        QVERIFY(parser.reply().ok);
        QCOMPARE(parser.reply().text, QByteArray("2 320"));
        parser.expect(false);
        QCOMPARE(parser.feedLine("-ERR [AUTH] Authentication failed."), State::Complete);
        QVERIFY(!parser.reply().ok);
        QCOMPARE(parser.reply().responseCode(), QByteArray("AUTH"));
        QCOMPARE(parser.reply().text, QByteArray("[AUTH] Authentication failed."));
        parser.expect(false);
        QCOMPARE(parser.feedLine("+OK"), State::Complete); // no text at all
        QVERIFY(parser.reply().text.isEmpty());
        parser.expect(false);
        QCOMPARE(parser.feedLine("+ok lower case"), State::Complete);
        QVERIFY(parser.reply().ok);
    }

    void malformedStatusLines()
    {
        for (const QByteArray &line : {QByteArray("OK"), QByteArray("+OKAY"), QByteArray(""),
                 QByteArray("* 1 EXISTS"), QByteArray("250 ok"), QByteArray("-ERROR x")}) {
            Pop3ReplyParser parser;
            parser.expect(false);
            QCOMPARE(parser.feedLine(line), State::Malformed);
        }
        Pop3ReplyParser unasked;
        QCOMPARE(unasked.feedLine("+OK nobody asked"), State::Malformed);
    }

    void multiLineWithDotUnstuffing()
    {
        Pop3ReplyParser parser;
        parser.expect(true);
        QCOMPARE(feedText(parser,
                     "+OK 120 octets\r\n"
                     "Subject: dots\r\n"
                     "\r\n"
                     "..leading dot\r\n"
                     "...two dots\r\n"
                     "..\r\n"
                     "a.b\r\n"),
            State::NeedMore);
        QCOMPARE(parser.feedLine("."), State::Complete);
        const Pop3ReplyParser::Reply reply = parser.takeReply();
        QCOMPARE(reply.text, QByteArray("120 octets"));
        QCOMPARE(reply.lines,
            QByteArrayList({"Subject: dots", "", ".leading dot", "..two dots", ".", "a.b"}));
        QCOMPARE(
            reply.joinedLines(), QByteArray("Subject: dots\n\n.leading dot\n..two dots\n.\na.b\n"));
        QCOMPARE(reply.joinedLines("\r\n").left(15), QByteArray("Subject: dots\r\n"));
        QCOMPARE(parser.state(), State::Idle);
    }

    void lineThatOnlyLooksLikeTheEnd()
    {
        Pop3ReplyParser parser;
        parser.expect(true);
        parser.feedLine("+OK");
        QCOMPARE(parser.feedLine(". "), State::NeedMore); // not the terminator (stuffing omitted)
        QCOMPARE(parser.feedLine(".\t"), State::NeedMore);
        QCOMPARE(parser.feedLine(".."), State::NeedMore); // a stuffed lone dot
        QCOMPARE(parser.feedLine("."), State::Complete);
        QCOMPARE(parser.reply().lines, QByteArrayList({" ", "\t", "."}));
    }

    void errEndsMultiLineCommand()
    {
        Pop3ReplyParser parser;
        parser.expect(true);
        QCOMPARE(parser.feedLine("-ERR no such message"), State::Complete);
        QVERIFY(!parser.reply().ok);
        QVERIFY(parser.reply().lines.isEmpty());
    }

    void emptyBody()
    {
        Pop3ReplyParser parser;
        parser.expect(true);
        QCOMPARE(feedText(parser, "+OK 0 messages\r\n.\r\n"), State::Complete);
        QVERIFY(parser.reply().lines.isEmpty());
    }

    void capaAndUidl()
    {
        Pop3ReplyParser parser;
        parser.expect(true);
        QCOMPARE(feedText(parser,
                     "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n"
                     "STLS\r\nUSER\r\nSASL PLAIN\r\n.\r\n"),
            State::Complete);
        QVERIFY(parser.reply().lines.contains("STLS"));
        QVERIFY(parser.reply().lines.contains("SASL PLAIN"));
        parser.expect(true);
        QCOMPARE(
            feedText(parser, "+OK\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n.\r\n"),
            State::Complete);
        QCOMPARE(parser.reply().lines.size(), 2);
    }

    void bareLineFeedsAndBinary()
    {
        // LineChannel strips only the CR of CRLF; whatever else is in a line stays as it was.
        Pop3ReplyParser parser;
        parser.expect(true);
        parser.feedLine("+OK");
        QCOMPARE(parser.feedLine(QByteArray("a\0b\rc", 5)), State::NeedMore);
        QCOMPARE(parser.feedLine("\xff\xfe"), State::NeedMore);
        QCOMPARE(parser.feedLine("."), State::Complete);
        QCOMPARE(parser.reply().lines.constFirst(), QByteArray("a\0b\rc", 5));
    }

    void sizeIsBounded()
    {
        Pop3ReplyParser parser;
        parser.setMaxBodySize(100);
        parser.expect(true);
        parser.feedLine("+OK");
        State state = State::NeedMore;
        for (int i = 0; i < 20 && state == State::NeedMore; ++i)
            state = parser.feedLine(QByteArray(10, 'x'));
        QCOMPARE(state, State::TooLarge);
    }

    void feedingAfterCompleteIsRefused()
    {
        Pop3ReplyParser parser;
        parser.expect(false);
        QCOMPARE(parser.feedLine("+OK"), State::Complete);
        QCOMPARE(parser.feedLine("+OK again"), State::Complete); // state kept, nothing appended
        QVERIFY(parser.reply().lines.isEmpty());
        (void)parser.takeReply();
        QCOMPARE(parser.feedLine("+OK unasked"), State::Malformed);
    }
};

QTEST_GUILESS_MAIN(TestPop3ReplyParser)
#include "tst_pop3replyparser.moc"
