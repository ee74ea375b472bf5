// Fetches new mail from a POP3 server (RFC 1939, 2449, 2595) into a local Maildir: implicit TLS
// or STLS, CAPA, USER/PASS (APOP on plaintext connections that offer it), STAT, UIDL, then RETR
// of each message whose UID isn't known yet. Each message is in the Maildir and fsync'ed before
// its UID is reported and before any DELE; deletions take effect only at QUIT, so a dropped
// connection loses nothing and, with the UIDs persisted, duplicates nothing.
#pragma once

#include "mail/pop3/pop3replyparser.h"
#include "mail/store/maildir.h"
#include "net/linechanneljob.h"

#include <QByteArrayList>
#include <QHash>
#include <QList>
#include <QSet>

#include <functional>

class CertificateStore;
class ProtocolLog;

class Pop3FetchJob : public LineChannelJob
{
    Q_OBJECT

public:
    enum class Security {
        ImplicitTls, // pop3s://, port 995: the default for new accounts
        StartTls, // port 110 with STLS: TLS before anything else is said
        Plain, // only when the person chose it for this server
    };

    struct Settings
    {
        QString host;
        quint16 port = 995;
        Security security = Security::ImplicitTls;
        QString user;
        QString password;
        bool deleteAfterDownload = false;
        // Stored earlier and now old enough to go ("delete from the server after N days", see
        // Pop3UidStore::downloadedBefore): deleted at the end of the session, like
        // deleteAfterDownload does for what this run stores.
        QSet<QByteArray> expiredUids;
        // Only these UIDs (mail show by UIDL); empty: every UID not known yet.
        QSet<QByteArray> onlyUids;
        // List instead of download: LIST for sizes, then TOP n 0 for each message's header,
        // reported by headerReceived(); nothing is stored or deleted.
        bool headersOnly = false;
        int connectTimeoutMs = 20000;
        int readTimeoutMs = 60000;
    };

    // knownUids: the UIDs downloaded by earlier runs (see Pop3UidStore); those are skipped.
    Pop3FetchJob(Settings settings, QString maildirPath, QSet<QByteArray> knownUids,
        CertificateStore *certificates, ProtocolLog *log, QObject *parent = nullptr);

    // UIDs stored by this run, in order; the caller adds them to its Pop3UidStore.
    [[nodiscard]] const QByteArrayList &newUids() const { return m_newUids; }
    // The server's message count from STAT.
    [[nodiscard]] int serverMessageCount() const { return m_serverCount; }

signals:
    // headersOnly: one message's header block (LF line ends) and its size on the server.
    void headerReceived(const QByteArray &uid, qint64 size, const QByteArray &header);
    // The message is in the Maildir (new/fileName) and on disk. Emitted before its DELE, so a
    // directly connected slot that records uid (Pop3UidStore::add) runs before the server can
    // forget the message.
    void messageStored(const QByteArray &uid, const QString &fileName);

protected:
    void doStart() override;
    void onLine(const QByteArray &line) override;
    void onConnected() override;
    void onEncrypted() override;
    void forgetConversation() override;

private:
    using ReplyHandler = std::function<void(const Pop3ReplyParser::Reply &)>;

    void send(const QByteArray &verb, const QByteArray &argument, bool multiLine,
        ReplyHandler onReply, LineChannel::LogMode logMode = LineChannel::LogMode::Plain);
    void onGreeting(const Pop3ReplyParser::Reply &reply);
    void askCapabilities();
    void afterCapabilities();
    void authenticate();
    void sendPassword();
    void afterLogin();
    void listUids();
    void retrieveNext();
    void listSizes();
    void headerNext();
    void deleteStoredEarlier();
    void quit();
    void fail(const Pop3ReplyParser::Reply &reply, Error::Kind kind, const QString &what);

    struct Pending
    {
        int number = 0;
        QByteArray uid;
    };

    Settings m_settings;
    Maildir m_maildir;
    QSet<QByteArray> m_knownUids;
    Pop3ReplyParser m_parser;
    ReplyHandler m_pending;
    QSet<QByteArray> m_capabilities; // upper-case capability names
    bool m_capaAnswered = false;
    QByteArray m_apopTimestamp;
    QList<Pending> m_toFetch;
    QHash<int, qint64> m_sizes; // message number -> octets, from LIST
    // Stored by an earlier run whose DELE never took effect (the connection dropped before QUIT).
    QList<int> m_storedEarlier;
    qsizetype m_fetched = 0;
    QByteArrayList m_newUids;
    int m_serverCount = 0;
};
