// Typed IMAP data: FETCH items, ENVELOPE (literals, NIL, groups), BODYSTRUCTURE from several
// servers with RFC 3501 section numbers, LIST with modified UTF-7 names, STATUS, INTERNALDATE,
// and mailbox name encoding both ways.
#include "mail/imap/imapfetchdata.h"
#include "mail/imap/imapresponseparser.h"

#include <QRandomGenerator>
#include <QTest>

namespace {

ImapResponse parse(const QByteArray &bytes)
{
    ImapResponseParser parser;
    parser.feed(bytes);
    ImapResponse response;
    if (parser.next(&response) != ImapResponseParser::Result::Response)
        qWarning() << "not parsed:" << parser.errorString() << bytes.left(80);
    return response;
}

ImapValue parseValue(const QByteArray &value)
{
    const ImapResponse response = parse("* X " + value + "\r\n");
    return response.values.value(0);
}

std::optional<ImapBodyPart> bodyStructure(const QByteArray &value)
{
    return ImapBodyPart::fromValue(parseValue(value));
}

// "section type/subtype" for every part, depth first: what a reader's part list shows.
QByteArrayList outline(const ImapBodyPart &part)
{
    QByteArrayList lines {part.section + ' ' + part.type + '/' + part.subtype};
    for (const ImapBodyPart &child : part.children)
        lines += outline(child);
    return lines;
}

QByteArrayList addresses(const QList<ImapAddress> &list)
{
    QByteArrayList result;
    for (const ImapAddress &address : list)
        result.append(address.name + " <" + address.addrSpec() + '>');
    return result;
}

const QByteArray textPlain = "(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 20 1 "
                             "NIL NIL NIL NIL)";

} // namespace

class TestImapFetchData : public QObject
{
    Q_OBJECT

private slots:
    void fetchItems();
    void fetchSectionsKeyedUpperCase();
    void fetchRejectsOtherResponses();
    void envelope();
    void envelopeGroupsAndNils();
    void envelopeMalformed();
    void bodyStructureSimpleText();
    void bodyStructureAlternativeInMixedWithAttachment();
    void bodyStructureMessageRfc822();
    void bodyStructureRfc3501SectionExample();
    void bodyStructureServerVariants();
    void bodyStructureMalformed();
    void listEntries();
    void listEntriesMalformed();
    void status();
    void internalDate_data();
    void internalDate();
    void mailboxNameRoundTrips_data();
    void mailboxNameRoundTrips();
    void mailboxNameRandomRoundTrips();
    void mailboxNameInvalid_data();
    void mailboxNameInvalid();
};

void TestImapFetchData::fetchItems()
{
    const ImapResponse response
        = parse("* 12 FETCH (UID 4827313 FLAGS (\\Seen $Forwarded) INTERNALDATE "
                "\"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 MODSEQ (624140003) "
                "X-GM-LABELS (\\Inbox) X-UNKNOWN (a (b) c) BODY (\"text\" \"plain\" NIL NIL NIL "
                "\"7bit\" 12 1))\r\n");
    const std::optional<ImapFetchData> data = ImapFetchData::fromResponse(response);
    QVERIFY(data);
    QCOMPARE(data->sequence, 12U);
    QCOMPARE(data->uid, std::optional<quint32>(4827313));
    QCOMPARE(data->flags, std::optional<QByteArrayList>({"\\Seen", "$Forwarded"}));
    QVERIFY(data->internalDate);
    QCOMPARE(data->internalDate->toUTC(), QDateTime(QDate(1996, 7, 17), QTime(9, 44, 25), Qt::UTC));
    QCOMPARE(data->rfc822Size, std::optional<quint64>(4286));
    QCOMPARE(data->modSeq, std::optional<quint64>(624140003));
    QVERIFY(!data->envelope);
    QVERIFY(data->bodyStructure); // the non-extensible BODY form
    QCOMPARE(data->bodyStructure->size, 12U);
    QVERIFY(data->sections.isEmpty());

    // Items that don't fit their grammar are left out; the rest still counts.
    const std::optional<ImapFetchData> odd = ImapFetchData::fromResponse(
        parse("* 3 fetch (uid abc flags \\Seen internaldate \"yesterday\" rfc822.size -1 "
              "modseq 5 envelope NIL bodystructure NIL UID)\r\n"));
    QVERIFY(odd);
    QVERIFY(!odd->uid);
    QVERIFY(!odd->flags);
    QVERIFY(!odd->internalDate);
    QVERIFY(!odd->rfc822Size);
    QVERIFY(!odd->modSeq);
    QVERIFY(!odd->envelope);
    QVERIFY(!odd->bodyStructure);
}

void TestImapFetchData::fetchSectionsKeyedUpperCase()
{
    const std::optional<ImapFetchData> data = ImapFetchData::fromResponse(
        parse(QByteArrayLiteral("* 1 FETCH (body[] {5}\r\nhello BODY[HEADER.FIELDS (FROM SUBJECT)] "
                                "{9}\r\nFrom: a\r\n BODY[1.2]<0> \"part\" binary[2] ~{3}\r\nab\0 "
                                "RFC822.HEADER {2}\r\nhh BODY[3] NIL BINARY.SIZE[2] 3 "
                                "BODY[header.fields (to)] \"To: b\")\r\n")));
    QVERIFY(data);
    QCOMPARE(data->sections.keys(),
        QByteArrayList({"BINARY[2]", "BODY[1.2]", "BODY[3]", "BODY[HEADER.FIELDS (FROM SUBJECT)]",
            "BODY[HEADER.FIELDS (TO)]", "BODY[]", "RFC822.HEADER"}));
    QCOMPARE(data->sections.value("BODY[]").bytes(), QByteArray("hello"));
    QCOMPARE(data->sections.value("BODY[HEADER.FIELDS (FROM SUBJECT)]").bytes(),
        QByteArray("From: a\r\n"));
    QCOMPARE(data->sections.value("BODY[1.2]").bytes(), QByteArray("part"));
    QCOMPARE(data->sections.value("BINARY[2]").size(), 3);
    QVERIFY(data->sections.value("BODY[3]").isNil());
}

void TestImapFetchData::fetchRejectsOtherResponses()
{
    QVERIFY(!ImapFetchData::fromResponse(parse("* 3 EXISTS\r\n")));
    QVERIFY(!ImapFetchData::fromResponse(parse("* FETCH (UID 1)\r\n"))); // no number
    QVERIFY(!ImapFetchData::fromResponse(parse("* 1 FETCH UID 1\r\n"))); // no list
    QVERIFY(!ImapFetchData::fromResponse(parse("A1 OK FETCH done\r\n")));
    QVERIFY(!ImapFetchData::fromResponse(ImapResponse()));
}

void TestImapFetchData::envelope()
{
    // RFC 3501's example, with the subject sent as a literal (as Dovecot does for quotes).
    const std::optional<ImapFetchData> data = ImapFetchData::fromResponse(parse(
        "* 1 FETCH (UID 5 ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" {30}\r\n"
        "IMAP4rev1 WG \"mtg\" summary \\ x ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
        "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" "
        "\"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) ((NIL NIL "
        "\"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL "
        "NIL \"<B27397-0100000@cac.washington.edu>\"))\r\n"));
    QVERIFY(data && data->envelope);
    const ImapEnvelope &envelope = *data->envelope;
    QCOMPARE(envelope.date, QByteArray("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)"));
    QCOMPARE(envelope.subject, QByteArray("IMAP4rev1 WG \"mtg\" summary \\ x"));
    QCOMPARE(addresses(envelope.from), QByteArrayList({"Terry Gray <gray@cac.washington.edu>"}));
    QCOMPARE(addresses(envelope.sender), addresses(envelope.from));
    QCOMPARE(addresses(envelope.replyTo), addresses(envelope.from));
    QCOMPARE(addresses(envelope.to), QByteArrayList({" <imap@cac.washington.edu>"}));
    QCOMPARE(addresses(envelope.cc),
        QByteArrayList({" <minutes@CNRI.Reston.VA.US>", "John Klensin <KLENSIN@MIT.EDU>"}));
    QVERIFY(envelope.bcc.isEmpty());
    QVERIFY(envelope.inReplyTo.isEmpty());
    QCOMPARE(envelope.messageId, QByteArray("<B27397-0100000@cac.washington.edu>"));
}

void TestImapFetchData::envelopeGroupsAndNils()
{
    // Exchange-style: NIL date and subject, an encoded-word name kept raw, groups in To and Cc,
    // a literal inside an address.
    const std::optional<ImapEnvelope> envelope = ImapEnvelope::fromValue(
        parseValue("(NIL NIL ((\"=?utf-8?q?J=C3=B6rg?=\" NIL \"joerg\" \"example.de\")) NIL NIL "
                   "((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) ((NIL NIL \"team\" "
                   "NIL)(\"Ann\" NIL \"ann\" \"x.org\")({3}\r\nBob NIL \"bob\" \"x.org\")(NIL NIL "
                   "NIL NIL)(NIL NIL \"local\" NIL)) NIL \"<a@b>\" NIL)"));
    QVERIFY(envelope);
    QVERIFY(envelope->date.isEmpty());
    QVERIFY(envelope->subject.isEmpty());
    QCOMPARE(
        addresses(envelope->from), QByteArrayList({"=?utf-8?q?J=C3=B6rg?= <joerg@example.de>"}));
    QVERIFY(envelope->sender.isEmpty());
    QVERIFY(envelope->to.isEmpty()); // an empty group: markers only
    QCOMPARE(addresses(envelope->cc), QByteArrayList({"Ann <ann@x.org>", "Bob <bob@x.org>"}));
    QCOMPARE(envelope->inReplyTo, QByteArray("<a@b>"));
    QVERIFY(envelope->messageId.isEmpty());

    ImapAddress local;
    local.mailbox = "postmaster";
    QCOMPARE(local.addrSpec(), QByteArray("postmaster"));
}

void TestImapFetchData::envelopeMalformed()
{
    QVERIFY(!ImapEnvelope::fromValue(ImapValue()));
    QVERIFY(!ImapEnvelope::fromValue(parseValue("(\"date\" \"subject\")")));
    QVERIFY(!ImapEnvelope::fromValue(parseValue("\"not a list\"")));
    // Wrong shapes inside are skipped, not trusted.
    const std::optional<ImapEnvelope> odd = ImapEnvelope::fromValue(
        parseValue(R"(((a) "s" "from" (("x")) ((("n" NIL "m" "h"))) NIL NIL NIL NIL NIL))"));
    QVERIFY(odd);
    QVERIFY(odd->date.isEmpty());
    QVERIFY(odd->from.isEmpty());
    QVERIFY(odd->sender.isEmpty());
    QVERIFY(odd->replyTo.isEmpty());
}

void TestImapFetchData::bodyStructureSimpleText()
{
    const std::optional<ImapBodyPart> part = bodyStructure(
        R"(("TEXT" "PLAIN" ("CHARSET" "US-ASCII" "FORMAT" "flowed") NIL NIL "7BIT" 3028 92))");
    QVERIFY(part);
    QCOMPARE(part->type, QByteArray("text"));
    QCOMPARE(part->subtype, QByteArray("plain"));
    QCOMPARE(part->parameters.value("charset"), QByteArray("US-ASCII"));
    QCOMPARE(part->parameters.value("format"), QByteArray("flowed"));
    QCOMPARE(part->encoding, QByteArray("7bit"));
    QCOMPARE(part->size, 3028U);
    QCOMPARE(part->lines, 92U);
    QVERIFY(!part->isMultipart());
    QVERIFY(part->children.isEmpty());
    QCOMPARE(part->section, QByteArray()); // the whole message's only part...
    QCOMPARE(part->fetchSection(), QByteArray("1")); // ...is part 1 on the wire
    QVERIFY(part->disposition.isEmpty());
    QVERIFY(part->rawFileName().isEmpty());
}

void TestImapFetchData::bodyStructureAlternativeInMixedWithAttachment()
{
    const std::optional<ImapBodyPart> root = bodyStructure(
        "(((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 100 5 NIL NIL "
        "NIL NIL)(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 300 10 "
        "NIL NIL NIL NIL) \"alternative\" (\"boundary\" \"b2\") NIL NIL NIL)(\"application\" "
        "\"pdf\" (\"name\" \"report.pdf\") \"<id1@x>\" \"The report\" \"base64\" 5000 NIL "
        "(\"attachment\" (\"filename\" \"Report 2024.pdf\" \"size\" \"3650\")) NIL NIL) \"mixed\" "
        "(\"boundary\" \"b1\") NIL NIL NIL)");
    QVERIFY(root);
    QCOMPARE(outline(*root),
        QByteArrayList({" multipart/mixed", "1 multipart/alternative", "1.1 text/plain",
            "1.2 text/html", "2 application/pdf"}));
    QVERIFY(root->isMultipart());
    QCOMPARE(root->parameters.value("boundary"), QByteArray("b1"));
    const ImapBodyPart &pdf = root->children.at(1);
    QCOMPARE(pdf.disposition, QByteArray("attachment"));
    QCOMPARE(pdf.dispositionParameters.value("size"), QByteArray("3650"));
    QCOMPARE(pdf.rawFileName(), QByteArray("Report 2024.pdf"));
    QCOMPARE(pdf.id, QByteArray("<id1@x>"));
    QCOMPARE(pdf.description, QByteArray("The report"));
    QCOMPARE(pdf.encoding, QByteArray("base64"));
    QCOMPARE(pdf.size, 5000U);
    QCOMPARE(pdf.fetchSection(), QByteArray("2"));
    const ImapBodyPart &html = root->children.at(0).children.at(1);
    QCOMPARE(html.lines, 10U);
    QCOMPARE(html.fetchSection(), QByteArray("1.2"));
    QVERIFY(html.rawFileName().isEmpty());

    // Without a disposition filename, the Content-Type name is the file name.
    ImapBodyPart named = pdf;
    named.dispositionParameters.clear();
    QCOMPARE(named.rawFileName(), QByteArray("report.pdf"));
}

void TestImapFetchData::bodyStructureMessageRfc822()
{
    const QByteArray envelope = "(\"Mon, 1 Jan 2024 10:00:00 +0000\" \"Fwd\" NIL NIL NIL NIL NIL "
                                "NIL NIL \"<m@x>\")";
    // A forwarded message whose body is multipart: its parts are 2.1 and 2.2.
    const std::optional<ImapBodyPart> root
        = bodyStructure("(" + textPlain + R"(("message" "rfc822" NIL NIL NIL "7bit" 900 )"
            + envelope + " (" + textPlain + R"(("image" "gif" ("name" "a.gif") NIL NIL )"
            + R"("base64" 400 NIL NIL NIL NIL) "mixed" ("boundary" "in") NIL NIL NIL) 30 NIL )"
            + R"(("attachment" NIL) NIL NIL) "mixed" ("boundary" "out") NIL NIL NIL))");
    QVERIFY(root);
    QCOMPARE(outline(*root),
        QByteArrayList({" multipart/mixed", "1 text/plain", "2 message/rfc822", "2 multipart/mixed",
            "2.1 text/plain", "2.2 image/gif"}));
    const ImapBodyPart &message = root->children.at(1);
    QCOMPARE(message.lines, 30U);
    QCOMPARE(message.size, 900U);
    QCOMPARE(message.disposition, QByteArray("attachment"));
    QCOMPARE(message.children.size(), 1);

    // A forwarded message with a single-part body: that body is 2.1.
    const std::optional<ImapBodyPart> single
        = bodyStructure("(" + textPlain + R"(("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 500 )"
            + envelope + " " + textPlain + " 12) \"MIXED\")");
    QVERIFY(single);
    QCOMPARE(outline(*single),
        QByteArrayList({" multipart/mixed", "1 text/plain", "2 message/rfc822", "2.1 text/plain"}));

    // A whole message that is message/rfc822: part 1 is the inner message, its body 1.1.
    const std::optional<ImapBodyPart> top = bodyStructure("(\"message\" \"rfc822\" NIL NIL NIL "
                                                          "\"7bit\" 500 "
        + envelope + " " + textPlain + " 12)");
    QVERIFY(top);
    QCOMPARE(outline(*top), QByteArrayList({" message/rfc822", "1.1 text/plain"}));
    QCOMPARE(top->fetchSection(), QByteArray("1"));

    // RFC 9051's message/global is numbered the same way.
    const std::optional<ImapBodyPart> global = bodyStructure("(\"message\" \"global\" NIL NIL NIL "
                                                             "\"8bit\" 500 "
        + envelope + " (" + textPlain + textPlain + " \"alternative\") 12)");
    QVERIFY(global);
    QCOMPARE(outline(*global),
        QByteArrayList(
            {" message/global", "1 multipart/alternative", "1.1 text/plain", "1.2 text/plain"}));
}

void TestImapFetchData::bodyStructureRfc3501SectionExample()
{
    // The message of RFC 3501 §6.4.5's example, part by part.
    const QByteArray octets = R"(("application" "octet-stream" NIL NIL NIL "base64" 10))";
    const QByteArray envelope = "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)";
    const QByteArray inner3 = "(" + textPlain + octets + " \"mixed\")";
    const QByteArray alternative
        = "(" + textPlain + R"(("text" "richtext" NIL NIL NIL "7bit" 5 1) "alternative"))";
    const QByteArray inner42 = "(" + textPlain + alternative + " \"mixed\")";
    const QByteArray message3
        = R"(("message" "rfc822" NIL NIL NIL "7bit" 99 )" + envelope + " " + inner3 + " 9)";
    const QByteArray message42
        = R"(("message" "rfc822" NIL NIL NIL "7bit" 99 )" + envelope + " " + inner42 + " 9)";
    const QByteArray part4
        = R"((("image" "gif" NIL NIL NIL "base64" 10))" + message42 + " \"mixed\")";
    const std::optional<ImapBodyPart> root
        = bodyStructure("(" + textPlain + octets + message3 + part4 + " \"mixed\")");
    QVERIFY(root);
    QCOMPARE(outline(*root),
        QByteArrayList({" multipart/mixed", "1 text/plain", "2 application/octet-stream",
            "3 message/rfc822", "3 multipart/mixed", "3.1 text/plain",
            "3.2 application/octet-stream", "4 multipart/mixed", "4.1 image/gif",
            "4.2 message/rfc822", "4.2 multipart/mixed", "4.2.1 text/plain",
            "4.2.2 multipart/alternative", "4.2.2.1 text/plain", "4.2.2.2 text/richtext"}));
}

void TestImapFetchData::bodyStructureServerVariants()
{
    // Gmail: upper case, extension data with NIL disposition and a language list.
    const std::optional<ImapBodyPart> gmail = bodyStructure(
        "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7BIT\" 10 1 NIL NIL NIL NIL)"
        "(\"TEXT\" \"HTML\" (\"CHARSET\" \"UTF-8\") NIL NIL \"QUOTED-PRINTABLE\" 30 1 NIL NIL NIL "
        "NIL) \"ALTERNATIVE\" (\"BOUNDARY\" \"000000000000abc\") NIL (\"EN\" \"DE\") NIL)");
    QVERIFY(gmail);
    QCOMPARE(
        outline(*gmail), QByteArrayList({" multipart/alternative", "1 text/plain", "2 text/html"}));
    QCOMPARE(gmail->parameters.value("boundary"), QByteArray("000000000000abc"));
    QCOMPARE(gmail->children.at(1).encoding, QByteArray("quoted-printable"));

    // Exchange: lower case, NIL parameter lists, an inline disposition with parameters, an
    // attachment with only a Content-Type name, no multipart extension data at all.
    const std::optional<ImapBodyPart> exchange = bodyStructure(
        "((\"text\" \"plain\" NIL NIL NIL \"7bit\" 0 0 NIL (\"inline\" NIL) NIL NIL)"
        "(\"image\" \"png\" (\"name\" \"image001.png\") \"<image001.png@01D>\" \"image001.png\" "
        "\"base64\" 2048 NIL (\"inline\" (\"filename\" \"image001.png\" \"size\" \"1510\" "
        "\"creation-date\" \"Tue, 02 Jan 2024 10:00:00 GMT\")) NIL \"image001.png\")"
        "(\"application\" \"octet-stream\" (\"name\" \"data.bin\") NIL NIL \"base64\" 8 NIL NIL "
        "NIL NIL) \"related\")");
    QVERIFY(exchange);
    QCOMPARE(outline(*exchange),
        QByteArrayList(
            {" multipart/related", "1 text/plain", "2 image/png", "3 application/octet-stream"}));
    QVERIFY(exchange->parameters.isEmpty());
    QCOMPARE(exchange->children.at(0).disposition, QByteArray("inline"));
    QCOMPARE(exchange->children.at(1).rawFileName(), QByteArray("image001.png"));
    QCOMPARE(exchange->children.at(1).dispositionParameters.value("creation-date"),
        QByteArray("Tue, 02 Jan 2024 10:00:00 GMT"));
    QCOMPARE(exchange->children.at(2).rawFileName(), QByteArray("data.bin"));
    QVERIFY(exchange->children.at(2).disposition.isEmpty());

    // A bare-string disposition and NIL size and lines are read as far as they go.
    const std::optional<ImapBodyPart> odd
        = bodyStructure(R"(("text" "plain" NIL NIL NIL NIL NIL NIL NIL "attachment"))");
    QVERIFY(odd);
    QCOMPARE(odd->size, 0U);
    QCOMPARE(odd->lines, 0U);
    QVERIFY(odd->encoding.isEmpty());
    QCOMPARE(odd->disposition, QByteArray("attachment"));

    // message/rfc822 without envelope and body (some servers, for broken attachments).
    const std::optional<ImapBodyPart> bare = bodyStructure("(" + textPlain
        + "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 10) "
          "\"mixed\")");
    QVERIFY(bare);
    QCOMPARE(
        outline(*bare), QByteArrayList({" multipart/mixed", "1 text/plain", "2 message/rfc822"}));

    // A multipart without a subtype is treated as mixed.
    const std::optional<ImapBodyPart> noSubtype = bodyStructure("(" + textPlain + textPlain + ")");
    QVERIFY(noSubtype);
    QCOMPARE(noSubtype->subtype, QByteArray("mixed"));
}

void TestImapFetchData::bodyStructureMalformed()
{
    QVERIFY(!bodyStructure("NIL"));
    QVERIFY(!bodyStructure("()"));
    QVERIFY(!bodyStructure("(\"text\")"));
    QVERIFY(!bodyStructure("\"text\""));
    QVERIFY(!bodyStructure("(" + textPlain + "(\"text\") \"mixed\")")); // a broken child
    // Deep nesting from a (hand-built) value is refused, not recursed into without end.
    ImapValue deep = parseValue(textPlain);
    for (int i = 0; i < 500; ++i)
        deep = ImapValue::list({deep, ImapValue::string("mixed")});
    QVERIFY(!ImapBodyPart::fromValue(deep));
}

void TestImapFetchData::listEntries()
{
    const std::optional<ImapListEntry> inbox
        = ImapListEntry::fromResponse(parse("* LIST (\\HasNoChildren) \"/\" INBOX\r\n"));
    QVERIFY(inbox);
    QCOMPARE(inbox->attributes, QByteArrayList({"\\HasNoChildren"}));
    QCOMPARE(inbox->delimiter, std::optional<char>('/'));
    QCOMPARE(inbox->encodedName, QByteArray("INBOX"));
    QCOMPARE(inbox->name, QStringLiteral("INBOX"));
    QVERIFY(inbox->hasAttribute("\\hasnochildren"));
    QVERIFY(!inbox->hasAttribute("\\Noselect"));

    const std::optional<ImapListEntry> flat
        = ImapListEntry::fromResponse(parse("* LIST (\\Noselect) NIL \"\"\r\n"));
    QVERIFY(flat);
    QVERIFY(!flat->delimiter);
    QVERIFY(flat->name.isEmpty());

    const std::optional<ImapListEntry> literal
        = ImapListEntry::fromResponse(parse("* LIST () \".\" {7}\r\nfoo\"bar\r\n"));
    QVERIFY(literal);
    QCOMPARE(literal->name, QStringLiteral("foo\"bar"));
    QVERIFY(literal->attributes.isEmpty());

    const std::optional<ImapListEntry> backslash
        = ImapListEntry::fromResponse(parse("* LSUB () \"\\\\\" \"Public\\\\Shared\"\r\n"));
    QVERIFY(backslash);
    QCOMPARE(backslash->delimiter, std::optional<char>('\\'));
    QCOMPARE(backslash->name, QStringLiteral("Public\\Shared"));

    const std::optional<ImapListEntry> german
        = ImapListEntry::fromResponse(parse("* LIST (\\Drafts) \"/\" \"Entw&APw-rfe\"\r\n"));
    QVERIFY(german);
    QCOMPARE(german->encodedName, QByteArray("Entw&APw-rfe"));
    QCOMPARE(german->name, QStringLiteral("Entw\u00fcrfe"));
    QVERIFY(german->hasAttribute("\\DRAFTS"));

    const std::optional<ImapListEntry> umlaut
        = ImapListEntry::fromResponse(parse("* LIST () \".\" INBOX.&AOQ-.&-.&2D3eAA-\r\n"));
    QVERIFY(umlaut);
    QCOMPARE(umlaut->name, QString::fromUtf8("INBOX.\xc3\xa4.&.\xf0\x9f\x98\x80"));

    const std::optional<ImapListEntry> gmail = ImapListEntry::fromResponse(
        parse("* LIST (\\HasNoChildren \\Sent) \"/\" \"[Gmail]/Sent Mail\"\r\n"));
    QVERIFY(gmail);
    QVERIFY(gmail->hasAttribute("\\Sent"));
    QCOMPARE(gmail->name, QStringLiteral("[Gmail]/Sent Mail"));
    const std::optional<ImapListEntry> gmailParent = ImapListEntry::fromResponse(
        parse("* XLIST (\\HasChildren \\Noselect) \"/\" [Gmail]\r\n"));
    QVERIFY(gmailParent);
    QCOMPARE(gmailParent->name, QStringLiteral("[Gmail]"));

    // UTF8=ACCEPT servers send UTF-8: not modified UTF-7, so read as UTF-8.
    const std::optional<ImapListEntry> utf8
        = ImapListEntry::fromResponse(parse("* LIST () \"/\" \"Entw\xc3\xbcrfe & Notizen\"\r\n"));
    QVERIFY(utf8);
    QCOMPARE(utf8->name, QString::fromUtf8("Entw\xc3\xbcrfe & Notizen"));
}

void TestImapFetchData::listEntriesMalformed()
{
    QVERIFY(!ImapListEntry::fromResponse(parse("* LIST (\\Noselect) \"/\"\r\n")));
    QVERIFY(!ImapListEntry::fromResponse(parse("* LIST (\\Noselect) \"/\" NIL\r\n")));
    QVERIFY(!ImapListEntry::fromResponse(parse("* LIST \"x\" \"/\" INBOX\r\n")));
    QVERIFY(!ImapListEntry::fromResponse(parse("* LIST () \"//\" INBOX\r\n")));
    QVERIFY(!ImapListEntry::fromResponse(parse("* STATUS INBOX (MESSAGES 1)\r\n")));
}

void TestImapFetchData::status()
{
    const std::optional<ImapStatusData> status = ImapStatusData::fromResponse(
        parse("* STATUS \"INBOX\" (MESSAGES 231 UIDNEXT 44292 uidvalidity 1 UNSEEN 0 "
              "HIGHESTMODSEQ 7011231777 RECENT 2)\r\n"));
    QVERIFY(status);
    QCOMPARE(status->encodedName, QByteArray("INBOX"));
    QCOMPARE(status->messages, std::optional<quint32>(231));
    QCOMPARE(status->uidNext, std::optional<quint32>(44292));
    QCOMPARE(status->uidValidity, std::optional<quint32>(1));
    QCOMPARE(status->unseen, std::optional<quint32>(0));
    QCOMPARE(status->recent, std::optional<quint32>(2));

    const std::optional<ImapStatusData> partial
        = ImapStatusData::fromResponse(parse("* STATUS Entw&APw-rfe (MESSAGES 99999999999)\r\n"));
    QVERIFY(partial);
    QCOMPARE(partial->encodedName, QByteArray("Entw&APw-rfe"));
    QVERIFY(!partial->messages); // beyond 32 bits
    QVERIFY(!partial->uidNext);

    QVERIFY(!ImapStatusData::fromResponse(parse("* STATUS INBOX\r\n")));
    QVERIFY(!ImapStatusData::fromResponse(parse("* STATUS NIL (MESSAGES 1)\r\n")));
    QVERIFY(!ImapStatusData::fromResponse(parse("* LIST () \"/\" INBOX\r\n")));
}

void TestImapFetchData::internalDate_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QDateTime>("utc");
    QTest::addColumn<int>("offset");
    const QDateTime july(QDate(1996, 7, 17), QTime(9, 44, 25), Qt::UTC);
    QTest::newRow("rfc 3501") << QByteArray("17-Jul-1996 02:44:25 -0700") << july << -7 * 3600;
    QTest::newRow("positive zone") << QByteArray("17-Jul-1996 11:14:25 +0130") << july << 5400;
    QTest::newRow("lower-case month") << QByteArray("17-jul-1996 09:44:25 +0000") << july << 0;
    QTest::newRow("space-padded day")
        << QByteArray(" 7-Jul-1996 02:44:25 -0700")
        << QDateTime(QDate(1996, 7, 7), QTime(9, 44, 25), Qt::UTC) << -7 * 3600;
    QTest::newRow("one-digit day")
        << QByteArray("7-Jul-1996 02:44:25 -0700")
        << QDateTime(QDate(1996, 7, 7), QTime(9, 44, 25), Qt::UTC) << -7 * 3600;
    QTest::newRow("leap day") << QByteArray("29-Feb-2024 00:00:00 +0000")
                              << QDateTime(QDate(2024, 2, 29), QTime(0, 0), Qt::UTC) << 0;
    const QDateTime invalid;
    for (const char *garbage : {"", "garbage", "17-Jul-1996", "17-Jul-1996 02:44:25",
             "32-Jul-1996 02:44:25 -0700", "17-Foo-1996 02:44:25 -0700", "17-Jul-96 02:44:25 -0700",
             "17-Jul-1996 25:00:00 -0700", "17-Jul-1996 02:44 -0700", "17-Jul-1996 02:44:25 0700",
             "17-Jul-1996 02:44:25 +2400", "17-Jul-1996 02:44:25 -07:00",
             "29-Feb-2023 00:00:00 +0000", "-1-Jul-1996 02:44:25 +0000",
             "17-Jul-1996 02:44:25 -0700 extra", "17-Jul-1996  02:44:25 -0700"}) {
        QTest::newRow(garbage) << QByteArray(garbage) << invalid << 0;
    }
}

void TestImapFetchData::internalDate()
{
    QFETCH(QByteArray, text);
    QFETCH(QDateTime, utc);
    QFETCH(int, offset);
    const QDateTime parsed = parseImapDateTime(text);
    QCOMPARE(parsed.isValid(), utc.isValid());
    if (!utc.isValid())
        return;
    QCOMPARE(parsed.toUTC(), utc);
    QCOMPARE(parsed.offsetFromUtc(), offset);
}

void TestImapFetchData::mailboxNameRoundTrips_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("encoded");
    QTest::newRow("ascii") << QStringLiteral("INBOX/Sent Items") << QByteArray("INBOX/Sent Items");
    QTest::newRow("umlaut") << QString::fromUtf8("\xc3\xa4") << QByteArray("&AOQ-");
    QTest::newRow("ampersand") << QStringLiteral("&") << QByteArray("&-");
    QTest::newRow("ampersand in text")
        << QStringLiteral("Tom & Jerry") << QByteArray("Tom &- Jerry");
    QTest::newRow("entwuerfe") << QString::fromUtf8("Entw\xc3\xbcrfe")
                               << QByteArray("Entw&APw-rfe");
    QTest::newRow("rfc 3501 example") << QString::fromUtf8(
        "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e")
                                      << QByteArray("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    QTest::newRow("non-bmp") << QString::fromUtf8("\xf0\x9f\x98\x80") << QByteArray("&2D3eAA-");
    QTest::newRow("mixed runs") << QString::fromUtf8("a\xc3\xa4&\xc3\xb6\xf0\x9f\x98\x80z")
                                << QByteArray("a&AOQ-&-&APbYPd4A-z");
    QTest::newRow("control characters are encoded")
        << QStringLiteral("a\r\nb") << QByteArray("a&AA0ACg-b");
    QTest::newRow("empty") << QString() << QByteArray();
}

void TestImapFetchData::mailboxNameRoundTrips()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, encoded);
    QCOMPARE(ImapMailboxName::encode(name), encoded);
    QCOMPARE(ImapMailboxName::decode(encoded), name);
    QCOMPARE(ImapMailboxName::decodeStrict(encoded), std::optional<QString>(name));
}

void TestImapFetchData::mailboxNameRandomRoundTrips()
{
    QRandomGenerator random(20240101);
    for (int round = 0; round < 2000; ++round) {
        QString name;
        const int length = int(random.bounded(12));
        for (int i = 0; i < length; ++i) {
            switch (random.bounded(4)) {
            case 0: name += QChar(char16_t(0x20 + random.bounded(0x5f))); break;
            case 1: name += QLatin1Char('&'); break;
            case 2: name += QChar(char16_t(0xa0 + random.bounded(0xd000))); break;
            default: {
                const char32_t astral = 0x10000 + random.bounded(0xfffff);
                name += QString::fromUcs4(&astral, 1);
            }
            }
        }
        const QByteArray encoded = ImapMailboxName::encode(name);
        for (const char c : encoded)
            QVERIFY(uchar(c) >= 0x20 && uchar(c) < 0x7f);
        QCOMPARE(ImapMailboxName::decode(encoded), name);
    }
    // A lone surrogate is not text: it becomes U+FFFD instead of an unreadable encoding.
    const QString lone = QStringLiteral("a") + QChar(char16_t(0xd800)) + QStringLiteral("b");
    QCOMPARE(ImapMailboxName::decode(ImapMailboxName::encode(lone)),
        QStringLiteral("a") + QChar(QChar::ReplacementCharacter) + QStringLiteral("b"));
}

void TestImapFetchData::mailboxNameInvalid_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QString>("shown");
    QTest::newRow("unterminated") << QByteArray("a&AOQ") << QStringLiteral("a&AOQ");
    QTest::newRow("lone ampersand") << QByteArray("a & b") << QStringLiteral("a & b");
    QTest::newRow("trailing ampersand") << QByteArray("a&") << QStringLiteral("a&");
    QTest::newRow("bad base64") << QByteArray("&A*Q-") << QStringLiteral("&A*Q-");
    QTest::newRow("leftover bits") << QByteArray("&AOR-") << QStringLiteral("&AOR-");
    QTest::newRow("too short") << QByteArray("&AO-") << QStringLiteral("&AO-");
    QTest::newRow("lone high surrogate") << QByteArray("&2D0-") << QStringLiteral("&2D0-");
    QTest::newRow("lone low surrogate") << QByteArray("&3gA-") << QStringLiteral("&3gA-");
    QTest::newRow("utf-8") << QByteArray("Entw\xc3\xbcrfe") << QString::fromUtf8("Entw\xc3\xbcrfe");
    QTest::newRow("latin-1") << QByteArray("Entw\xfcrfe") << QString::fromUtf8("Entw\xc3\xbcrfe");
    QTest::newRow("nul") << QByteArray("a\0b", 3) << QString::fromLatin1("a\0b", 3);
    QTest::newRow("slash base64") << QByteArray("&U/BTFw-") << QStringLiteral("&U/BTFw-");
}

void TestImapFetchData::mailboxNameInvalid()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QString, shown);
    QVERIFY(!ImapMailboxName::decodeStrict(encoded));
    QCOMPARE(ImapMailboxName::decode(encoded), shown);
    // Every prefix of something odd decodes without a crash.
    for (qsizetype i = 0; i <= encoded.size(); ++i)
        (void)ImapMailboxName::decode(encoded.left(i));
}

QTEST_GUILESS_MAIN(TestImapFetchData)
#include "tst_imapfetchdata.moc"
