// IMAP against the lab's Dovecot: implicit TLS and STARTTLS logins, the folder list with its
// special uses and counts, a header sync of alice's INBOX into a mail index (decoded subjects
// and names, attachments detected), a second sync that fetches nothing, a body fetched byte
// for byte, flags stored and seen by a second connection (and by curl), APPEND, MOVE and
// IDLE, and a wrong password.
#include "jobwaiter.h"
#include "labenvironment.h"
#include "mail/imap/imapappendjob.h"
#include "mail/imap/imapfetchmessagejob.h"
#include "mail/imap/imapfoldersyncjob.h"
#include "mail/imap/imapidlewatcher.h"
#include "mail/imap/imaplistfoldersjob.h"
#include "mail/imap/imapmovejob.h"
#include "mail/imap/imapsession.h"
#include "mail/imap/imapstoreflagsjob.h"
#include "mail/mime/mimemessage.h"
#include "mail/store/mailindex.h"
#include "net/protocollog.h"
#include "security/certificatestore.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

ImapSession::Settings labSettings(const char *portVariable, ImapSession::Security security)
{
    return LabEnvironment::aliceMailSettings<ImapSession::Settings>(portVariable, security);
}

FolderInfo inbox()
{
    FolderInfo folder;
    folder.path = QStringLiteral("INBOX");
    folder.encodedPath = "INBOX";
    folder.specialUse = FolderInfo::SpecialUse::Inbox;
    return folder;
}

// The file Dovecot keeps for the message with this Message-ID.
QByteArray storedMessage(const QByteArray &messageId)
{
    QDirIterator files(
        LabEnvironment::value("WHARF_LAB_DIR") + QStringLiteral("/mail/alice/Maildir"), QDir::Files,
        QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        QByteArray content = file.readAll();
        if (content.contains(QByteArray("Message-ID: " + messageId + '\n')))
            return content;
    }
    return {};
}

} // namespace

class TestImapSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_certificates.addCaFile(LabEnvironment::value("WHARF_LAB_CA")));
        QVERIFY(m_directory.isValid());
    }

    void listsFoldersOverImplicitTls()
    {
        ImapSession session(labSettings("WHARF_LAB_IMAPS_PORT", ImapSession::Security::ImplicitTls),
            &m_certificates, nullptr, nullptr);
        ImapListFoldersJob job(&session, nullptr);
        job.setWithCounts(true);
        const Error error = JobWaiter::run(&job);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QHash<QString, FolderInfo> byName;
        for (const FolderInfo &folder : job.folders())
            byName.insert(folder.path, folder);
        QVERIFY(byName.contains(QStringLiteral("INBOX")));
        QCOMPARE(byName.value(QStringLiteral("INBOX")).specialUse, FolderInfo::SpecialUse::Inbox);
        QVERIFY(byName.value(QStringLiteral("INBOX")).messageCount >= 40);
        QCOMPARE(byName.value(QStringLiteral("Sent")).specialUse, FolderInfo::SpecialUse::Sent);
        QCOMPARE(byName.value(QStringLiteral("Drafts")).specialUse, FolderInfo::SpecialUse::Drafts);
        QCOMPARE(byName.value(QStringLiteral("Trash")).specialUse, FolderInfo::SpecialUse::Trash);
        QCOMPARE(byName.value(QStringLiteral("Junk")).specialUse, FolderInfo::SpecialUse::Junk);
        QCOMPARE(byName.value(QStringLiteral("INBOX")).delimiter, QLatin1Char('/'));
    }

    void startTlsThenLoginWithSecretsMasked()
    {
        ProtocolLog log;
        QStringList logged;
        connect(&log, &ProtocolLog::entryAdded,
            [&logged](const ProtocolLog::Entry &entry) { logged.append(entry.text); });
        ImapSession session(labSettings("WHARF_LAB_IMAP_PORT", ImapSession::Security::StartTls),
            &m_certificates, nullptr, &log);
        ImapListFoldersJob job(&session, nullptr);
        const Error error = JobWaiter::run(&job);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        const QString all = logged.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QLatin1StringView("STARTTLS")), qPrintable(all));
        QVERIFY(!all.contains(LabEnvironment::value("WHARF_LAB_MAIL_PASSWORD")));
        // Capabilities learned before TLS are void: they are asked again once encrypted.
        qsizetype startTls = -1, capabilityAfter = -1;
        for (qsizetype i = 0; i < logged.size(); ++i) {
            if (logged.at(i).endsWith(QLatin1StringView(" STARTTLS")))
                startTls = i;
            if (startTls >= 0 && logged.at(i).endsWith(QLatin1StringView(" CAPABILITY")))
                capabilityAfter = i;
        }
        QVERIFY2(startTls >= 0 && capabilityAfter > startTls, qPrintable(all));
        QVERIFY(session.hasCapability("IMAP4rev1"));
    }

    void syncsInboxHeadersIntoTheIndex()
    {
        MailIndex index;
        QVERIFY(!index.open(m_directory.filePath(QStringLiteral("index.sqlite"))).isError());
        ImapSession session(labSettings("WHARF_LAB_IMAPS_PORT", ImapSession::Security::ImplicitTls),
            &m_certificates, nullptr, nullptr);
        ImapFolderSyncJob job(&session, &index, inbox());
        const Error error = JobWaiter::run(&job);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QVERIFY(job.newMessages() >= 40);
        const QList<quint32> uids = index.knownUids(QStringLiteral("INBOX"));
        QVERIFY(uids.size() >= 40);
        QSet<QString> subjects, senders;
        int withAttachments = 0;
        for (const MessageSummary &summary : index.summaries(QStringLiteral("INBOX"), uids)) {
            subjects.insert(summary.subject);
            senders.insert(summary.fromName);
            QVERIFY(summary.size > 0);
            QVERIFY(summary.internalDate.isValid());
            if (summary.messageId.startsWith("<sample-")) {
                QVERIFY2(summary.date.isValid(), summary.messageId.constData());
                QCOMPARE(summary.to, QStringLiteral("Alice Example"));
            }
            if (summary.hasAttachments)
                ++withAttachments;
        }
        for (const char *subject : {"Grüße aus dem Hafen", "会議のお知らせ", "Привет from the quay",
                 "Café meeting ☕", "Manifest attached 📎"})
            QVERIFY2(subjects.contains(QString::fromUtf8(subject)), subject);
        QVERIFY(senders.contains(QStringLiteral("Jürgen Müller")));
        QVERIFY(senders.contains(QStringLiteral("山田 太郎")));
        QVERIFY(withAttachments >= 1);

        ImapFolderSyncJob again(&session, &index, inbox());
        QVERIFY(!JobWaiter::run(&again).isError());
        QCOMPARE(again.newMessages(), 0);
        QCOMPARE(again.removedMessages(), 0);
        session.logout();
    }

    void fetchesTheExactMessage()
    {
        MailIndex index;
        QVERIFY(!index.open(m_directory.filePath(QStringLiteral("index.sqlite"))).isError());
        quint32 uid = 0;
        QByteArray messageId;
        const QList<quint32> uids = index.knownUids(QStringLiteral("INBOX"));
        for (const MessageSummary &summary : index.summaries(QStringLiteral("INBOX"), uids)) {
            if (summary.subject == QString::fromUtf8("Manifest attached 📎")) {
                uid = summary.uid;
                messageId = summary.messageId;
            }
        }
        QVERIFY2(uid != 0, "run after syncsInboxHeadersIntoTheIndex");
        ImapSession::Settings settings
            = labSettings("WHARF_LAB_IMAPS_PORT", ImapSession::Security::ImplicitTls);
        settings.spoolDirectory = m_directory.path();
        ImapSession session(settings, &m_certificates, nullptr, nullptr);
        const QString destination = m_directory.filePath(QStringLiteral("manifest.eml"));
        ImapFetchMessageJob job(&session, "INBOX", uid, destination);
        const Error error = JobWaiter::run(&job);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QFile file(destination);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray fetched = file.readAll();
        QVERIFY(!QFile::exists(destination + QStringLiteral(".part")));
        // Dovecot stores LF and serves CRLF (RFC 3501 requires it).
        fetched.replace("\r\n", "\n");
        const QByteArray stored = storedMessage(messageId);
        QVERIFY(!stored.isEmpty());
        QCOMPARE(fetched, stored);

        // One part alone: section 2 is the PDF, base64 as stored; decoded, it is the attachment.
        const QString partFile = m_directory.filePath(QStringLiteral("manifest-part2"));
        ImapFetchMessageJob part(&session, "INBOX", uid, partFile);
        part.setSection("2");
        QVERIFY(!JobWaiter::run(&part).isError());
        QFile partContent(partFile);
        QVERIFY(partContent.open(QIODevice::ReadOnly));
        const QByteArray pdf = QByteArray::fromBase64(partContent.readAll());
        QVERIFY(pdf.startsWith("%PDF-1.4"));
        Error parseError;
        const MimeMessage whole = MimeMessage::fromFile(destination, &parseError);
        QVERIFY(!parseError.isError());
        QCOMPARE(whole.attachments().size(), 1);
        const QString saved = m_directory.filePath(QStringLiteral("manifest.pdf"));
        QVERIFY(!whole.saveAttachment(0, saved).isError());
        QFile savedFile(saved);
        QVERIFY(savedFile.open(QIODevice::ReadOnly));
        QCOMPARE(pdf, savedFile.readAll());
        ImapFetchMessageJob hostile(&session, "INBOX", uid, partFile + QStringLiteral("x"));
        hostile.setSection("1] BODY[2");
        QCOMPARE(JobWaiter::run(&hostile).kind(), Error::Kind::UnsafeName);

        // Fetching again onto an existing file is refused, not overwritten.
        ImapFetchMessageJob twice(&session, "INBOX", uid, destination);
        QCOMPARE(JobWaiter::run(&twice).kind(), Error::Kind::AlreadyExists);
        ImapFetchMessageJob missing(
            &session, "INBOX", 999999, m_directory.filePath(QStringLiteral("missing.eml")));
        QCOMPARE(JobWaiter::run(&missing).kind(), Error::Kind::NotFound);
    }

    void storedFlagsAreSeenByAnotherConnection()
    {
        ImapSession writer(labSettings("WHARF_LAB_IMAPS_PORT", ImapSession::Security::ImplicitTls),
            &m_certificates, nullptr, nullptr);
        ImapStoreFlagsJob flag(
            &writer, "INBOX", {3}, ImapStoreFlagsJob::Change::Add, {"\\Flagged", "$WharfTest"});
        QVERIFY(!JobWaiter::run(&flag).isError());

        // Another client entirely: curl's IMAP sees the flags on the server.
        QProcess curl;
        curl.start(QStringLiteral("curl"),
            {QStringLiteral("--silent"), QStringLiteral("--max-time"), QStringLiteral("20"),
                QStringLiteral("--cacert"), LabEnvironment::value("WHARF_LAB_CA"),
                QStringLiteral("--user"),
                LabEnvironment::value("WHARF_LAB_MAIL_USER") + QLatin1Char(':')
                    + LabEnvironment::value("WHARF_LAB_MAIL_PASSWORD"),
                QStringLiteral("imaps://%1:%2/INBOX")
                    .arg(LabEnvironment::value("WHARF_LAB_HOST"),
                        LabEnvironment::value("WHARF_LAB_IMAPS_PORT")),
                QStringLiteral("-X"), QStringLiteral("UID FETCH 3 (FLAGS)")});
        QVERIFY(curl.waitForFinished(30000));
        const QByteArray seen = curl.readAllStandardOutput();
        QVERIFY2(seen.contains("\\Flagged") && seen.contains("$WharfTest"), seen.constData());

        MailIndex index;
        QVERIFY(!index.open(m_directory.filePath(QStringLiteral("flags.sqlite"))).isError());
        ImapSession reader(labSettings("WHARF_LAB_IMAPS_PORT", ImapSession::Security::ImplicitTls),
            &m_certificates, nullptr, nullptr);
        ImapFolderSyncJob sync(&reader, &index, inbox());
        QVERIFY(!JobWaiter::run(&sync).isError());
        std::optional<MessageSummary> summary = index.summary(QStringLiteral("INBOX"), 3);
        QVERIFY(summary);
        QVERIFY(summary->flags.testFlag(MessageFlag::Flagged));
        QVERIFY(summary->extraFlags.contains(QStringLiteral("$WharfTest")));

        ImapStoreFlagsJob unflag(
            &writer, "INBOX", {3}, ImapStoreFlagsJob::Change::Remove, {"\\Flagged", "$WharfTest"});
        QVERIFY(!JobWaiter::run(&unflag).isError());
        ImapFolderSyncJob resync(&reader, &index, inbox());
        QVERIFY(!JobWaiter::run(&resync).isError());
        summary = index.summary(QStringLiteral("INBOX"), 3);
        QVERIFY(!summary->flags.testFlag(MessageFlag::Flagged));
        QVERIFY(!summary->extraFlags.contains(QStringLiteral("$WharfTest")));
    }

    void appendsMovesAndWatchesWithIdle()
    {
        const QByteArray marker
            = "wharf-imap-" + QByteArray::number(QCoreApplication::applicationPid());
        const QByteArray message = "From: Alice <alice@wharf.test>\nTo: alice@wharf.test\n"
                                   "Subject: draft "
            + marker + "\nMessage-ID: <" + marker + "@wharf.test>\n\nA draft.\n";
        ImapSession session(labSettings("WHARF_LAB_IMAPS_PORT", ImapSession::Security::ImplicitTls),
            &m_certificates, nullptr, nullptr);
        ImapAppendJob append(&session, "Drafts", message, {"\\Draft", "\\Seen"});
        Error error = JobWaiter::run(&append);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QVERIFY(append.appendedUid() != 0); // Dovecot has UIDPLUS

        // A second connection idles on Junk and hears about the message moving in.
        ImapSession watcherSession(
            labSettings("WHARF_LAB_IMAPS_PORT", ImapSession::Security::ImplicitTls),
            &m_certificates, nullptr, nullptr);
        ImapIdleWatcher watcher(&watcherSession, "Junk");
        QSignalSpy counts(&watcher, &ImapIdleWatcher::messageCountChanged);
        watcher.start();
        QVERIFY(QTest::qWaitFor([&watcher] { return watcher.isIdling(); }, 10000));
        counts.clear();

        ImapMoveJob move(&session, "Drafts", {append.appendedUid()}, "Junk");
        error = JobWaiter::run(&move);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QVERIFY(!move.leftDeletedInSource());
        QVERIFY(counts.wait(10000));

        MailIndex index;
        QVERIFY(!index.open(m_directory.filePath(QStringLiteral("move.sqlite"))).isError());
        FolderInfo junk;
        junk.path = QStringLiteral("Junk");
        junk.encodedPath = "Junk";
        ImapFolderSyncJob sync(&session, &index, junk);
        QVERIFY(!JobWaiter::run(&sync).isError());
        bool found = false;
        for (const MessageSummary &summary :
            index.summaries(junk.path, index.knownUids(junk.path))) {
            if (summary.messageId == "<" + marker + "@wharf.test>") {
                found = true;
                QVERIFY(summary.flags.testFlag(MessageFlag::Draft));
            }
        }
        QVERIFY(found);
        FolderInfo drafts = junk;
        drafts.path = QStringLiteral("Drafts");
        drafts.encodedPath = "Drafts";
        ImapFolderSyncJob draftsSync(&session, &index, drafts);
        QVERIFY(!JobWaiter::run(&draftsSync).isError());
        for (const MessageSummary &summary :
            index.summaries(drafts.path, index.knownUids(drafts.path)))
            QVERIFY(summary.messageId != "<" + marker + "@wharf.test>");
        watcher.stop();
    }

    void wrongPasswordIsAnAuthenticationError()
    {
        ImapSession::Settings settings
            = labSettings("WHARF_LAB_IMAPS_PORT", ImapSession::Security::ImplicitTls);
        settings.password = QStringLiteral("not the password");
        ImapSession session(settings, &m_certificates, nullptr, nullptr);
        ImapListFoldersJob job(&session, nullptr);
        const Error error = JobWaiter::run(&job);
        QCOMPARE(error.kind(), Error::Kind::Authentication);
        QVERIFY(error.message().contains(LabEnvironment::value("WHARF_LAB_MAIL_USER")));
    }

private:
    CertificateStore m_certificates;
    QTemporaryDir m_directory;
};

QTEST_GUILESS_MAIN(TestImapSession)
#include "tst_imapsession.moc"
