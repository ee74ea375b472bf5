// FTP/SMTP replies as real servers send them: single and multi-line (RFC 959 4.2), odd
// continuation lines, and garbage that must stop the parser rather than be guessed at.
#include "net/numericreplyparser.h"

#include <QRandomGenerator>
#include <QTest>

class TestNumericReplyParser : public QObject
{
    Q_OBJECT

private:
    static QList<NumericReply> feedAll(NumericReplyParser &parser, const QList<QByteArray> &lines)
    {
        QList<NumericReply> replies;
        for (const QByteArray &line : lines) {
            if (std::optional<NumericReply> reply = parser.feedLine(line))
                replies.append(*reply);
        }
        return replies;
    }

private slots:
    void singleLineReplies()
    {
        NumericReplyParser parser;
        const QList<NumericReply> replies
            = feedAll(parser, {"220 (vsFTPd 3.0.3)", "331 Please specify the password.", "230"});
        QCOMPARE(replies.size(), 3);
        QCOMPARE(replies.at(0).code(), 220);
        QCOMPARE(replies.at(0).text(), QStringLiteral("(vsFTPd 3.0.3)"));
        QVERIFY(replies.at(1).isIntermediate());
        QVERIFY(replies.at(2).isCompletion()); // a bare code is a complete reply
        QCOMPARE(replies.at(2).text(), QString());
    }

    void multiLineFeatReply()
    {
        NumericReplyParser parser;
        const QList<NumericReply> replies = feedAll(
            parser, {"211-Features:", " EPSV", " MLST type*;size*;modify*;", " UTF8", "211 End"});
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies.at(0).code(), 211);
        QCOMPARE(replies.at(0).lines().size(), 5);
        QCOMPARE(replies.at(0).lines().at(2), QByteArray(" MLST type*;size*;modify*;"));
        QCOMPARE(replies.at(0).toDisplayString(),
            QStringLiteral("211-Features:\n211- EPSV\n211- MLST type*;size*;modify*;\n"
                           "211- UTF8\n211 End"));
    }

    void multiLineWithCodeLikeContinuations()
    {
        // RFC 959's own example: lines inside may start with digits, even another code.
        NumericReplyParser parser;
        const QList<NumericReply> replies = feedAll(parser,
            {"123-First line", "Second line", "  234 A line beginning with numbers",
                "234 not the end: another code", "123-still going", "123 The last line"});
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies.at(0).code(), 123);
        QCOMPARE(replies.at(0).lines().size(), 6);
        QCOMPARE(replies.at(0).lines().at(4), QByteArray("still going"));
        QCOMPARE(replies.at(0).lines().last(), QByteArray("The last line"));
    }

    void repliesBackToBack()
    {
        NumericReplyParser parser;
        const QList<NumericReply> replies
            = feedAll(parser, {"150 Opening", "226-Transfer done", "226 Bye", "200 OK"});
        QCOMPARE(replies.size(), 3);
        QVERIFY(replies.at(0).isPreliminary());
        QCOMPARE(replies.at(1).lines().size(), 2);
        QCOMPARE(replies.at(2).code(), 200);
    }

    void textThatIsNotUtf8IsKept()
    {
        NumericReplyParser parser;
        const std::optional<NumericReply> reply = parser.feedLine("550 Datei \xfc nicht da");
        QVERIFY(reply);
        QCOMPARE(reply->text(), QStringLiteral("Datei \u00fc nicht da"));
    }

    void malformedLinesStopTheParser_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("html") << QByteArray("<html><body>hello</body></html>");
        QTest::newRow("ssh banner") << QByteArray("SSH-2.0-OpenSSH_9.2p1");
        QTest::newRow("two digits") << QByteArray("22 short");
        QTest::newRow("code out of range") << QByteArray("999 what");
        QTest::newRow("code 000") << QByteArray("000 zero");
        QTest::newRow("wrong separator") << QByteArray("220/ready");
        QTest::newRow("empty") << QByteArray();
    }

    void malformedLinesStopTheParser()
    {
        QFETCH(QByteArray, line);
        NumericReplyParser parser;
        QVERIFY(!parser.feedLine(line));
        QCOMPARE(parser.state(), NumericReplyParser::State::Malformed);
        QVERIFY(!parser.feedLine("220 fine now?")); // framing lost: nothing more is trusted
        parser.reset();
        QVERIFY(parser.feedLine("220 fine now"));
    }

    void endlessMultiLineReplyIsCutOff()
    {
        NumericReplyParser parser;
        QVERIFY(!parser.feedLine("211-start"));
        for (int i = 0; i < NumericReplyParser::maxLinesPerReply + 10; ++i)
            QVERIFY(!parser.feedLine(" more"));
        QCOMPARE(parser.state(), NumericReplyParser::State::Malformed);
    }

    void randomBytesNeverCrash()
    {
        QRandomGenerator random(1959);
        for (int round = 0; round < 3000; ++round) {
            NumericReplyParser parser;
            for (int line = 0; line < 8; ++line) {
                QByteArray bytes(random.bounded(12), Qt::Uninitialized);
                for (char &c : bytes)
                    c = char(random.bounded(256));
                if (random.bounded(2))
                    bytes.prepend(random.bounded(2) ? "211-" : "211 ");
                if (std::optional<NumericReply> reply = parser.feedLine(bytes))
                    QVERIFY(reply->isValid());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestNumericReplyParser)
#include "tst_numericreplyparser.moc"
