// The messages of one account still to be sent: a Maildir (mutt reads it as a folder) holding
// the exact bytes, and beside it one small JSON file per message with its envelope and retry
// state. A temporary refusal (4xx, a lost connection) leaves a message here for a later try,
// backing off from a minute to a few hours; after five days it is given up, never dropped.
#pragma once

#include "net/error.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

class Outbox
{
    Q_DECLARE_TR_FUNCTIONS(Outbox)

public:
    struct Entry
    {
        QString id; // the message's file name in the Maildir
        QString from;
        QStringList recipients; // those still to be delivered
        QDateTime queued;
        QDateTime nextAttempt;
        int attempts = 0;
        QString lastError;
        bool givenUp = false; // a permanent refusal, or five days of temporary ones
    };

    // directory: the Outbox Maildir (e.g. <account>/Outbox); created on first use.
    explicit Outbox(QString directory);

    [[nodiscard]] const QString &directory() const { return m_directory; }
    [[nodiscard]] Error enqueue(const QByteArray &message, const QString &from,
        const QStringList &recipients, QString *id = nullptr,
        const QDateTime &now = QDateTime::currentDateTimeUtc());
    // Oldest first. Entries whose state file is unreadable are reported in *problems.
    [[nodiscard]] QList<Entry> entries(QStringList *problems = nullptr) const;
    // Entries to try now: not given up, and their next attempt has come.
    [[nodiscard]] QList<Entry> due(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    [[nodiscard]] Error readMessage(const QString &id, QByteArray *message) const;

    // Every remaining recipient took it: the message leaves the Outbox.
    [[nodiscard]] Error recordDelivered(const QString &id);
    // Some recipients are still to be tried (a 4xx for them, or for the whole connection).
    [[nodiscard]] Error recordDeferred(const QString &id, const QStringList &remaining,
        const QString &error, const QDateTime &now = QDateTime::currentDateTimeUtc());
    // A 5xx for the message: kept, marked given up, for the person to see and decide.
    [[nodiscard]] Error recordGivenUp(const QString &id, const QString &error);
    [[nodiscard]] Error remove(const QString &id);

    // The wait before attempt number attempts + 1: 1, 5, 15, 60 minutes, then every 4 hours.
    [[nodiscard]] static qint64 backoffSeconds(int attempts);
    static constexpr qint64 giveUpAfterSeconds = qint64(5) * 24 * 3600;

private:
    [[nodiscard]] QString messagePath(const QString &id) const;
    [[nodiscard]] QString statePath(const QString &id) const;
    [[nodiscard]] Error writeState(const Entry &entry) const;
    [[nodiscard]] std::optional<Entry> readState(const QString &id, QString *problem) const;

    QString m_directory;
};
