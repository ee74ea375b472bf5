// Received messages as a reader shows them: headers, bodies in many charsets, attachments saved
// byte for byte, and broken mail that still shows what it can. The samples come from
// data/mime/make-samples.py.
#include "mail/mime/mimemessage.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using Mailbox = MimeMessage::Mailbox;

namespace {

// The binary attachment of mixed-alternative.eml, as make-samples.py writes it.
QByteArray sampleBinary()
{
    QByteArray bytes(3000, Qt::Uninitialized);
    for (int i = 0; i < bytes.size(); ++i)
        bytes[i] = char((i * 7) % 256);
    return bytes;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool sameMailboxes(const QList<Mailbox> &actual, const QList<Mailbox> &expected)
{
    if (actual.size() != expected.size())
        return false;
    for (qsizetype i = 0; i < actual.size(); ++i) {
        if (actual.at(i).name != expected.at(i).name
            || actual.at(i).address != expected.at(i).address) {
            qWarning() << "got" << actual.at(i).name << actual.at(i).address;
            return false;
        }
    }
    return true;
}

} // namespace

class TestMimeMessage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static QString sample(const QString &name)
    {
        return QFINDTESTDATA(QStringLiteral("data/mime/") + name);
    }

    static MimeMessage load(const QString &name)
    {
        Error error;
        MimeMessage message = MimeMessage::fromFile(sample(name), &error);
        if (error.isError())
            qWarning() << error.message();
        return message;
    }

private slots:
    void mixedWithAlternativeAndAttachments()
    {
        const MimeMessage message = load(QStringLiteral("mixed-alternative.eml"));
        QVERIFY(!message.isNull());
        QCOMPARE(message.subject(), QStringLiteral("Grüße aus Köln and more"));
        QVERIFY(sameMailboxes(message.from(),
            {{QStringLiteral("Alice Müller"), QStringLiteral("alice@example.org")}}));
        QVERIFY(sameMailboxes(message.to(),
            {{QStringLiteral("Bob Builder"), QStringLiteral("bob@example.org")},
                {QString(), QStringLiteral("carol@example.org")}}));
        QVERIFY(sameMailboxes(message.cc(), // the group's members
            {{QString(), QStringLiteral("dave@example.org")},
                {QStringLiteral("Eve, the second"), QStringLiteral("eve@example.org")}}));
        QVERIFY(
            sameMailboxes(message.replyTo(), {{QString(), QStringLiteral("list@example.org")}}));
        QCOMPARE(message.date(), QDateTime(QDate(2003, 7, 1), QTime(8, 52, 37), Qt::UTC));
        QCOMPARE(message.messageId(), QStringLiteral("plan.42@example.org"));
        QCOMPARE(message.inReplyTo(), QStringLiteral("question.41@example.org"));
        QCOMPARE(message.references(),
            QStringList({QStringLiteral("start.1@example.org"),
                QStringLiteral("question.41@example.org")}));

        // The line break before a boundary belongs to the boundary (RFC 2046 5.1.1).
        QCOMPARE(message.textBody(), QStringLiteral("Hallo Bob,\nhier ist der Plan für Köln."));
        // Raw HTML, remote image and all: the reader decides what to load.
        QVERIFY(message.htmlBody().startsWith(QLatin1String("<html><body><p>Hallo Bob,</p>")));
        QVERIFY(
            message.htmlBody().contains(QLatin1String("https://tracker.example.com/pixel.gif")));

        const QList<MimeMessage::Attachment> &attachments = message.attachments();
        QCOMPARE(attachments.size(), 2);
        QCOMPARE(attachments.at(0).index, 0);
        QCOMPARE(attachments.at(0).fileName, QStringLiteral("data.bin"));
        QCOMPARE(attachments.at(0).mimeType, QStringLiteral("application/octet-stream"));
        QCOMPARE(attachments.at(0).size, qint64(3000));
        QVERIFY(!attachments.at(0).isInline);
        QCOMPARE(attachments.at(1).index, 1);
        QCOMPARE(attachments.at(1).fileName, QStringLiteral("notes.txt"));
        QCOMPARE(attachments.at(1).mimeType, QStringLiteral("text/plain"));

        // Saved bytes are the decoded bytes, base64 and quoted-printable alike.
        const QString binaryPath = m_dir.filePath(QStringLiteral("data.bin"));
        Error error = message.saveAttachment(0, binaryPath);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QCOMPARE(readAll(binaryPath), sampleBinary());
        QVERIFY(!QFile::exists(binaryPath + QStringLiteral(".part")));
        const QString notesPath = m_dir.filePath(QStringLiteral("notes.txt"));
        QVERIFY(!message.saveAttachment(1, notesPath).isError());
        const QByteArray notes = readAll(notesPath);
        QCOMPARE(qint64(notes.size()), attachments.at(1).size);
        // Soft line breaks joined; the message's CRLF line ends kept, as the sender wrote them.
        QCOMPARE(notes,
            QStringLiteral("Zeile eins: Grüße aus Köln\r\nEine sehr lange Zeile, die "
                           "quoted-printable umbrechen muss, weil sie länger als "
                           "sechsundsiebzig Zeichen ist.\r\nEnde.")
                .toUtf8());
    }

    void headersForShowAll()
    {
        const MimeMessage message = load(QStringLiteral("mixed-alternative.eml"));
        const QList<QPair<QString, QString>> headers = message.headers();
        QCOMPARE(headers.size(), 13);
        QCOMPARE(headers.first().first, QStringLiteral("Return-Path"));
        QCOMPARE(headers.last().first, QStringLiteral("Content-Type")); // Content-* in order too
        QVERIFY(headers.contains(
            {QStringLiteral("Subject"), QStringLiteral("Grüße aus Köln and more")}));
        QVERIFY(headers.contains(
            {QStringLiteral("From"), QStringLiteral("Alice Müller <alice@example.org>")}));
        QVERIFY(headers.contains(
            {QStringLiteral("X-Folded"), QStringLiteral("first part  second part")}));
        QCOMPARE(message.headerValue("x-folded"), QByteArray("first part  second part"));
        QCOMPARE(message.headerValue("Subject").left(20), QByteArray("=?utf-8?B?R3LDvA==?="));
        QCOMPARE(message.headerValue("content-type"),
            QByteArray("multipart/mixed; boundary=\"outer-boundary\""));
        QVERIFY(message.headerValue("X-Absent").isNull());
    }

    void bytesAndFileParseAlike()
    {
        const MimeMessage fromFile = load(QStringLiteral("mixed-alternative.eml"));
        const MimeMessage fromBytes
            = MimeMessage::fromBytes(readAll(sample(QStringLiteral("mixed-alternative.eml"))));
        QCOMPARE(fromBytes.subject(), fromFile.subject());
        QCOMPARE(fromBytes.textBody(), fromFile.textBody());
        QCOMPARE(fromBytes.attachments().size(), 2);
        const QString path = m_dir.filePath(QStringLiteral("from-bytes.bin"));
        QVERIFY(!fromBytes.saveAttachment(0, path).isError());
        QCOMPARE(readAll(path), sampleBinary());
    }

    void saveRefusesToOverwrite()
    {
        const MimeMessage message = load(QStringLiteral("mixed-alternative.eml"));
        const QString path = m_dir.filePath(QStringLiteral("existing.bin"));
        QFile existing(path);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("keep me");
        existing.close();
        const Error error = message.saveAttachment(0, path);
        QCOMPARE(error.kind(), Error::Kind::AlreadyExists);
        QCOMPARE(readAll(path), QByteArray("keep me"));
        QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
        QCOMPARE(message.saveAttachment(2, m_dir.filePath(QStringLiteral("nothing"))).kind(),
            Error::Kind::NotFound);
        QCOMPARE(message.saveAttachment(-1, m_dir.filePath(QStringLiteral("nothing"))).kind(),
            Error::Kind::NotFound);
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("nothing"))));
    }

    void copiesShareTheParsedMessage()
    {
        MimeMessage copy;
        QVERIFY(copy.isNull());
        {
            const MimeMessage original = load(QStringLiteral("mixed-alternative.eml"));
            copy = original;
        }
        const QString path = m_dir.filePath(QStringLiteral("from-copy.bin"));
        QVERIFY(!copy.saveAttachment(0, path).isError());
        QCOMPARE(readAll(path), sampleBinary());
    }

    void relatedImagesAreInlineAttachments()
    {
        const MimeMessage message = load(QStringLiteral("related.eml"));
        QCOMPARE(message.textBody(), QStringLiteral("Our logo, in text."));
        QVERIFY(message.htmlBody().contains(QLatin1String("cid:logo.1@example.org")));
        QCOMPARE(message.date(), QDateTime(QDate(2003, 7, 2), QTime(13, 0), Qt::UTC));
        QCOMPARE(message.attachments().size(), 1);
        const MimeMessage::Attachment logo = message.attachments().constFirst();
        QCOMPARE(logo.mimeType, QStringLiteral("image/png"));
        QVERIFY(logo.isInline);
        QCOMPARE(logo.contentId, QStringLiteral("logo.1@example.org"));
        const QString path = m_dir.filePath(QStringLiteral("logo.png"));
        QVERIFY(!message.saveAttachment(0, path).isError());
        const QByteArray png = readAll(path);
        QCOMPARE(qint64(png.size()), logo.size);
        QVERIFY(png.startsWith("\x89PNG\r\n\x1a\n"));
    }

    void attachedMessageIsOneAttachment()
    {
        const MimeMessage message = load(QStringLiteral("forwarded.eml"));
        QCOMPARE(message.textBody(), QStringLiteral("See below."));
        QCOMPARE(message.attachments().size(), 1); // the inner plan.csv belongs to the inner one
        const MimeMessage::Attachment attached = message.attachments().constFirst();
        QCOMPARE(attached.mimeType, QStringLiteral("message/rfc822"));
        QCOMPARE(attached.fileName, QStringLiteral("Quarterly plan ✓.eml"));
        const QString path = m_dir.filePath(attached.fileName);
        QVERIFY(!message.saveAttachment(0, path).isError());
        QCOMPARE(QFileInfo(path).size(), attached.size);
        Error error;
        const MimeMessage inner = MimeMessage::fromFile(path, &error);
        QVERIFY(!error.isError());
        QCOMPARE(inner.subject(), QStringLiteral("Quarterly plan ✓"));
        QCOMPARE(inner.messageId(), QStringLiteral("inner.7@example.org"));
        QCOMPARE(inner.textBody(), QStringLiteral("The plan is attached."));
        QCOMPARE(inner.attachments().size(), 1);
        QCOMPARE(inner.attachments().constFirst().fileName, QStringLiteral("plan.csv"));
    }

    void charsets_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("text");
        QTest::newRow("ISO-8859-1")
            << QStringLiteral("iso-8859-1") << QStringLiteral("Grüße aus Köln, café");
        QTest::newRow("ISO-8859-15")
            << QStringLiteral("iso-8859-15") << QStringLiteral("Preis: 20 € für Œuvres");
        QTest::newRow("windows-1250")
            << QStringLiteral("windows-1250") << QStringLiteral("Příliš žluťoučký kůň");
        QTest::newRow("windows-1251")
            << QStringLiteral("windows-1251") << QStringLiteral("Привет, мир");
        QTest::newRow("KOI8-R") << QStringLiteral("koi8-r")
                                << QStringLiteral("Съешь же ещё этих мягких французских булок");
        QTest::newRow("Shift_JIS")
            << QStringLiteral("shift_jis") << QStringLiteral("日本語のテキスト");
        QTest::newRow("ISO-2022-JP")
            << QStringLiteral("iso-2022-jp") << QStringLiteral("こんにちは世界");
        QTest::newRow("GB2312") << QStringLiteral("gb2312") << QStringLiteral("你好，世界");
        QTest::newRow("Big5") << QStringLiteral("big5") << QStringLiteral("繁體中文測試");
        QTest::newRow("EUC-KR") << QStringLiteral("euc-kr") << QStringLiteral("안녕하세요 세계");
    }

    void charsets()
    {
        QFETCH(QString, file);
        QFETCH(QString, text);
        const MimeMessage message
            = load(QStringLiteral("charset-") + file + QStringLiteral(".eml"));
        QCOMPARE(message.subject(), text);
        QCOMPARE(message.textBody(), QStringLiteral("Text: ") + text + QLatin1Char('\n'));
    }

    void lyingCharsetAndRawHeaders()
    {
        const MimeMessage message = load(QStringLiteral("lying-charset.eml"));
        QCOMPARE(message.textBody(), QStringLiteral("Naïve café – “quoted”\n"));
        QCOMPARE(message.subject(), QStringLiteral("Grüße, raw UTF-8"));
        QVERIFY(sameMailboxes(
            message.from(), {{QStringLiteral("Jürgen"), QStringLiteral("juergen@example.org")}}));

        // A charset nobody knows: the text still shows (windows-1252 where it isn't UTF-8).
        const MimeMessage unknown = MimeMessage::fromBytes(
            "Subject: x\nContent-Type: text/plain; charset=x-made-up\n\nGr\xfc\xdf"
            "e\n");
        QCOMPARE(unknown.textBody(), QStringLiteral("Grüße\n"));
    }

    void fileNames()
    {
        const MimeMessage message = load(QStringLiteral("filenames.eml"));
        QCOMPARE(message.textBody(), QStringLiteral("Four files."));
        QStringList names;
        for (const MimeMessage::Attachment &attachment : message.attachments())
            names << attachment.fileName;
        QCOMPARE(names,
            QStringList({QStringLiteral("Grüße aus Köln.pdf"), // RFC 2231 continuations
                QStringLiteral("Björn.txt"), // RFC 2231, ISO-8859-1
                QStringLiteral("Präsentation Übersicht.pdf"), // Outlook's encoded word in quotes
                QStringLiteral("evil.exe")})); // never a path
    }

    void htmlOnly()
    {
        const MimeMessage message = load(QStringLiteral("html-only.eml"));
        QVERIFY(message.htmlBody().contains(QLatin1String("<script>")));
        QVERIFY(message.htmlBody().contains(QStringLiteral("Zoë")));
        QCOMPARE(message.textBody(),
            QStringLiteral("Thanks & welcome,\nZoë!\n\nTotal: 20 €\n\n• One\n• Two\n\n"
                           "Your order <https://shop.example.com/o/1>"));
        QVERIFY(message.attachments().isEmpty());
    }

    void noContentTypeIsPlainText()
    {
        const MimeMessage message = load(QStringLiteral("no-content-type.eml"));
        QCOMPARE(message.subject(), QStringLiteral("Plain old mail"));
        QCOMPARE(message.textBody(), QStringLiteral("No MIME headers at all.\nSecond line.\n"));
        QVERIFY(message.htmlBody().isEmpty());
        QVERIFY(message.attachments().isEmpty());
        QVERIFY(!message.date().isValid());
        QVERIFY(message.messageId().isEmpty());
    }

    void truncatedMessageKeepsWhatArrived()
    {
        const MimeMessage message = load(QStringLiteral("truncated.eml"));
        QCOMPARE(message.subject(), QStringLiteral("Truncated"));
        QCOMPARE(message.textBody(), QStringLiteral("The first part arrived whole."));
        QCOMPARE(message.attachments().size(), 1);
        QCOMPARE(message.attachments().constFirst().fileName, QStringLiteral("half.bin"));
        QVERIFY(message.attachments().constFirst().size >= 33);
        const QString path = m_dir.filePath(QStringLiteral("half.bin"));
        QVERIFY(!message.saveAttachment(0, path).isError());
        QVERIFY(readAll(path).startsWith(QByteArray::fromHex("000102030405")));

        const MimeMessage wrong = load(QStringLiteral("wrong-boundary.eml"));
        QVERIFY(!wrong.isNull());
        QCOMPARE(wrong.subject(), QStringLiteral("Wrong boundary"));
    }

    void inputWithoutHeadersOrBytes()
    {
        QVERIFY(MimeMessage::fromBytes({}).isNull());
        const MimeMessage body = MimeMessage::fromBytes("hello world\n");
        QVERIFY(!body.isNull());
        QCOMPARE(body.textBody(), QStringLiteral("hello world\n"));
    }

    void fileErrors()
    {
        Error error;
        QVERIFY(
            MimeMessage::fromFile(m_dir.filePath(QStringLiteral("absent.eml")), &error).isNull());
        QCOMPARE(error.kind(), Error::Kind::NotFound);
        error = Error();
        QVERIFY(MimeMessage::fromFile(m_dir.path(), &error).isNull());
        QCOMPARE(error.kind(), Error::Kind::LocalIo);
    }

    void damagedInputNeverCrashes()
    {
        const QByteArray original = readAll(sample(QStringLiteral("mixed-alternative.eml")));
        QRandomGenerator random(42);
        for (int round = 0; round < 150; ++round) {
            QByteArray damaged = original.left(random.bounded(original.size()));
            for (int flips = random.bounded(20); flips > 0 && !damaged.isEmpty(); --flips)
                damaged[random.bounded(damaged.size())] = char(random.bounded(256));
            const MimeMessage message = MimeMessage::fromBytes(damaged);
            const QString all = message.subject() + message.textBody() + message.htmlBody();
            Q_UNUSED(all)
            for (const auto &header : message.headers())
                QVERIFY(!header.first.isNull());
            for (const MimeMessage::Attachment &attachment : message.attachments()) {
                const QString path = m_dir.filePath(
                    QStringLiteral("damaged-%1-%2").arg(round).arg(attachment.index));
                QVERIFY(!message.saveAttachment(attachment.index, path).isError());
                QCOMPARE(QFileInfo(path).size(), attachment.size);
            }
        }
    }

    void roundTripWithBuilder()
    {
        MimeBuilder builder;
        builder.from = {QStringLiteral("Jürgen Weiß"), QStringLiteral("juergen@example.org")};
        builder.to = {{QStringLiteral("Zoë"), QStringLiteral("zoe@example.org")}};
        builder.subject = QStringLiteral("Grüße aus Köln ✓ — a subject long enough to be folded "
                                         "by the builder across more than one line");
        builder.text = QStringLiteral("Hallo Zoë,\nÄrger? Nein.\n.a line with a dot\n");
        builder.date = QDateTime(QDate(2026, 11, 26), QTime(8, 0), Qt::UTC);
        builder.attachments = {{QStringLiteral("Bericht März.bin"), sampleBinary(), QString()}};
        Error error;
        const QByteArray bytes = builder.build(&error);
        QVERIFY2(!error.isError(), qPrintable(error.message()));

        const MimeMessage message = MimeMessage::fromBytes(bytes);
        QCOMPARE(message.subject(), builder.subject);
        QVERIFY(sameMailboxes(message.from(), {builder.from}));
        QVERIFY(sameMailboxes(message.to(), builder.to));
        QCOMPARE(message.date(), builder.date);
        QVERIFY(message.messageId().endsWith(QLatin1String("@wharf.invalid")));
        QCOMPARE(message.textBody(), builder.text);
        QCOMPARE(message.attachments().size(), 1);
        QCOMPARE(message.attachments().constFirst().fileName, QStringLiteral("Bericht März.bin"));
        const QString path = m_dir.filePath(QStringLiteral("round-trip.bin"));
        QVERIFY(!message.saveAttachment(0, path).isError());
        QCOMPARE(readAll(path), sampleBinary());
    }
};

QTEST_GUILESS_MAIN(TestMimeMessage)
#include "tst_mimemessage.moc"
