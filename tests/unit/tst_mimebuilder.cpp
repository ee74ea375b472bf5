// Outgoing messages: encoded headers, UTF-8 text, an HTML alternative, attachments, replies
// that thread and quote, no Bcc in the headers, and no way for a line break in a header value
// (or a Message-ID) to start a header of its own.
#include "mail/mime/mimebuilder.h"
#include "mail/mime/mimemessage.h"

#include <QRegularExpression>
#include <QTest>

class TestMimeBuilder : public QObject
{
    Q_OBJECT

private:
    static MimeBuilder sample()
    {
        MimeBuilder builder;
        builder.from = {QStringLiteral("Alice Müller"), QStringLiteral("alice@example.org")};
        builder.to = {{QStringLiteral("Bob"), QStringLiteral("bob@example.org")}};
        builder.cc = {{QString(), QStringLiteral("carol@example.org")}};
        builder.bcc = {{QStringLiteral("Secret Sam"), QStringLiteral("sam@example.org")}};
        builder.subject = QStringLiteral("Grüße aus Köln ✓");
        builder.text = QStringLiteral("Hallo Bob,\n.this line starts with a dot\nÄrger? Nein.\n");
        builder.date = QDateTime(QDate(2026, 11, 26), QTime(8, 0), Qt::UTC);
        return builder;
    }

    static QByteArray headers(const QByteArray &message)
    {
        return message.left(message.indexOf("\n\n") + 1);
    }

private slots:
    void headersAreEncodedAndBccIsLeftOut()
    {
        Error error;
        const QByteArray message = sample().build(&error);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        const QByteArray head = headers(message);
        QVERIFY(MimeBuilder().envelopeRecipients().isEmpty());
        QCOMPARE(sample().envelopeRecipients(),
            QStringList({QStringLiteral("bob@example.org"), QStringLiteral("carol@example.org"),
                QStringLiteral("sam@example.org")}));
        QVERIFY(!head.contains("Bcc") && !message.contains("sam@example.org"));
        QVERIFY(head.contains("To: Bob <bob@example.org>"));
        QVERIFY(head.contains("Cc: carol@example.org"));
        QVERIFY(head.contains("Subject: =?")); // RFC 2047, not raw UTF-8
        const QByteArray fromLine = head.mid(head.indexOf("From: "), 80);
        QVERIFY(fromLine.contains("=?") && fromLine.contains("<alice@example.org>"));
        QVERIFY(head.contains("Message-Id: <") || head.contains("Message-ID: <"));
        QVERIFY(head.contains("Date: Thu, 26 Nov 2026"));
        QVERIFY(head.contains("charset=utf-8"));
        QVERIFY(head.contains("Content-Transfer-Encoding: quoted-printable"));
        QVERIFY(message.contains("=C3=84rger")); // Ä in UTF-8, quoted-printable
        for (const char c : head)
            QVERIFY(static_cast<unsigned char>(c) < 0x80); // headers stay 7-bit
    }

    void attachmentsAreBase64WithTheirNames()
    {
        MimeBuilder builder = sample();
        QByteArray pdf("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n");
        builder.attachments = {{QStringLiteral("Rechnung März.pdf"), pdf, QString()}};
        Error error;
        const QByteArray message = builder.build(&error);
        QVERIFY(!error.isError());
        QVERIFY(message.contains("multipart/mixed"));
        QVERIFY(message.contains("application/pdf"));
        QVERIFY(message.contains("Content-Transfer-Encoding: base64"));
        QVERIFY(message.contains(pdf.toBase64().left(40)));
        QVERIFY(message.contains("filename")); // RFC 2231 or 2047 encoded, but present
    }

    void lineBreaksInHeadersAreRefused()
    {
        MimeBuilder builder = sample();
        builder.subject = QStringLiteral("Hello\r\nBcc: everyone@example.org");
        Error error;
        QVERIFY(builder.build(&error).isEmpty());
        QCOMPARE(error.kind(), Error::Kind::Unsupported);
        MimeBuilder named = sample();
        named.to = {{QStringLiteral("Bob\nX-Evil: 1"), QStringLiteral("bob@example.org")}};
        Error nameError;
        QVERIFY(named.build(&nameError).isEmpty());
        QVERIFY(nameError.isError());
    }

    void typedAddressListsAreParsed()
    {
        Error error;
        const QList<MimeBuilder::Mailbox> boxes = MimeBuilder::parseMailboxes(
            QStringLiteral("\"Doe, Jane\" <jane@example.org>, bob@example.org"), &error);
        QVERIFY(!error.isError());
        QCOMPARE(boxes.size(), 2);
        QCOMPARE(boxes.at(0).name, QStringLiteral("Doe, Jane"));
        QCOMPARE(boxes.at(0).address, QStringLiteral("jane@example.org"));
        QCOMPARE(boxes.at(1).address, QStringLiteral("bob@example.org"));
        Error bad;
        QVERIFY(MimeBuilder::parseMailboxes(QStringLiteral("a@b\r\nc@d"), &bad).isEmpty());
        QVERIFY(bad.isError());
    }

    void htmlGoesAsAnAlternative()
    {
        MimeBuilder builder = sample();
        builder.text = QStringLiteral("Grüße, plain");
        builder.html = QStringLiteral("<p>Grüße, <b>rich</b></p>");
        builder.attachments = {{QStringLiteral("a.bin"), QByteArray(100, 'x'), QString()}};
        Error error;
        const QByteArray bytes = builder.build(&error);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QVERIFY(bytes.contains("multipart/alternative"));
        const MimeMessage parsed = MimeMessage::fromBytes(bytes);
        QCOMPARE(parsed.textBody().trimmed(), builder.text);
        QVERIFY(parsed.htmlBody().contains(QStringLiteral("<b>rich</b>")));
        QCOMPARE(parsed.attachments().size(), 1);
    }

    void repliesThreadAndQuote()
    {
        MimeBuilder first = sample();
        first.to = {{QStringLiteral("Me"), QStringLiteral("me@example.org")},
            {QStringLiteral("Carol"), QStringLiteral("carol@example.org")}};
        first.cc = {{QString(), QStringLiteral("dave@example.org")}};
        first.subject = QStringLiteral("Plans");
        first.text = QStringLiteral("Line one\n> an older quote\n");
        first.references = {QStringLiteral("root@example.org")};
        Error error;
        const MimeMessage original = MimeMessage::fromBytes(first.build(&error));
        QVERIFY(!error.isError());

        const MimeBuilder::Mailbox me {QStringLiteral("Me"), QStringLiteral("ME@example.org")};
        const MimeBuilder toSender
            = MimeBuilder::reply(original, me, MimeBuilder::ReplyMode::Sender);
        QCOMPARE(toSender.subject, QStringLiteral("Re: Plans"));
        QCOMPARE(toSender.to.size(), 1);
        QCOMPARE(toSender.to.constFirst().address, first.from.address);
        QVERIFY(toSender.cc.isEmpty());
        QCOMPARE(toSender.inReplyTo, original.messageId());
        QCOMPARE(toSender.references, QStringList {QStringLiteral("root@example.org")});
        QVERIFY(toSender.text.contains(QStringLiteral("\n> Line one\n>> an older quote\n")));

        const MimeBuilder toAll = MimeBuilder::reply(original, me, MimeBuilder::ReplyMode::All);
        QStringList cc;
        for (const MimeBuilder::Mailbox &box : toAll.cc)
            cc.append(box.address);
        QCOMPARE(cc,
            (QStringList {QStringLiteral("carol@example.org"),
                QStringLiteral("dave@example.org")})); // never me

        // The reply's own headers carry the thread; "Re: " isn't doubled on a second round.
        const QByteArray replyBytes = toAll.build(&error);
        QVERIFY(!error.isError());
        const MimeMessage parsedReply = MimeMessage::fromBytes(replyBytes);
        QCOMPARE(parsedReply.inReplyTo(), original.messageId());
        QCOMPARE(parsedReply.references(),
            (QStringList {QStringLiteral("root@example.org"), original.messageId()}));
        QCOMPARE(MimeBuilder::reply(parsedReply, me, MimeBuilder::ReplyMode::Sender).subject,
            QStringLiteral("Re: Plans"));

        MimeBuilder hostile = toSender;
        hostile.inReplyTo = QStringLiteral("a@b>\r\nBcc: x@y");
        Error refused;
        QVERIFY(hostile.build(&refused).isEmpty());
        QCOMPARE(refused.kind(), Error::Kind::Unsupported);
    }
};

QTEST_GUILESS_MAIN(TestMimeBuilder)
#include "tst_mimebuilder.moc"
