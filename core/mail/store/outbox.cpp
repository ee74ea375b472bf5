#include "mail/store/outbox.h"

#include "mail/store/maildir.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

Outbox::Outbox(QString directory)
    : m_directory(std::move(directory))
{ }

QString Outbox::messagePath(const QString &id) const
{
    return m_directory + QStringLiteral("/cur/") + id;
}

QString Outbox::statePath(const QString &id) const
{
    return m_directory + QStringLiteral("/.wharf-outbox/") + id + QStringLiteral(".json");
}

qint64 Outbox::backoffSeconds(int attempts)
{
    static constexpr qint64 steps[] = {60, qint64(5) * 60, qint64(15) * 60, qint64(60) * 60};
    if (attempts <= 0)
        return 0;
    if (attempts <= int(std::size(steps)))
        return steps[attempts - 1];
    return qint64(4) * 60 * 60;
}

Error Outbox::enqueue(const QByteArray &message, const QString &from, const QStringList &recipients,
    QString *id, const QDateTime &now)
{
    const Maildir maildir(m_directory);
    Error error = maildir.create();
    if (error.isError())
        return error;
    if (!QDir().mkpath(m_directory + QStringLiteral("/.wharf-outbox")))
        return Error(
            Error::Kind::LocalIo, tr("Could not create the Outbox in %1.").arg(m_directory));
    QString name;
    error = maildir.deliver(message, &name);
    if (error.isError())
        return error;
    // Delivered to new/; the Outbox keeps its messages in cur/ (already "seen" by Wharf).
    const QString target = messagePath(name);
    if (!Maildir::renameAtomically(m_directory + QStringLiteral("/new/") + name, target))
        return Error(Error::Kind::LocalIo, tr("Could not file the message in the Outbox."));
    Entry entry;
    entry.id = name;
    entry.from = from;
    entry.recipients = recipients;
    entry.queued = now;
    entry.nextAttempt = now;
    error = writeState(entry);
    if (error.isError()) {
        QFile::remove(target);
        return error;
    }
    if (id)
        *id = name;
    return {};
}

Error Outbox::writeState(const Entry &entry) const
{
    const QJsonObject object {
        {QStringLiteral("from"), entry.from},
        {QStringLiteral("recipients"), QJsonArray::fromStringList(entry.recipients)},
        {QStringLiteral("queued"), entry.queued.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("nextAttempt"), entry.nextAttempt.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("attempts"), entry.attempts},
        {QStringLiteral("lastError"), entry.lastError},
        {QStringLiteral("givenUp"), entry.givenUp},
    };
    const QString path = statePath(entry.id);
    QFile file(path + QStringLiteral(".tmp"));
    const QByteArray bytes = QJsonDocument(object).toJson();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size()
        || !Maildir::syncFile(file)) {
        file.remove();
        return Error(Error::Kind::LocalIo,
            tr("Could not write %1: %2").arg(file.fileName(), file.errorString()));
    }
    file.close();
    if (!Maildir::renameAtomically(file.fileName(), path)) {
        file.remove();
        return Error(Error::Kind::LocalIo, tr("Could not replace %1.").arg(path));
    }
    return {};
}

std::optional<Outbox::Entry> Outbox::readState(const QString &id, QString *problem) const
{
    QFile file(statePath(id));
    if (!file.open(QIODevice::ReadOnly)) {
        *problem = tr("%1 has no envelope (%2); it can't be sent.").arg(id, file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError {};
    const QJsonObject object = QJsonDocument::fromJson(file.readAll(), &parseError).object();
    const QStringList recipients
        = object.value(QStringLiteral("recipients")).toVariant().toStringList();
    if (parseError.error != QJsonParseError::NoError || recipients.isEmpty()) {
        *problem = tr("The envelope of %1 is damaged; it can't be sent.").arg(id);
        return std::nullopt;
    }
    Entry entry;
    entry.id = id;
    entry.from = object.value(QStringLiteral("from")).toString();
    entry.recipients = recipients;
    entry.queued
        = QDateTime::fromString(object.value(QStringLiteral("queued")).toString(), Qt::ISODate);
    entry.nextAttempt = QDateTime::fromString(
        object.value(QStringLiteral("nextAttempt")).toString(), Qt::ISODate);
    entry.attempts = object.value(QStringLiteral("attempts")).toInt();
    entry.lastError = object.value(QStringLiteral("lastError")).toString();
    entry.givenUp = object.value(QStringLiteral("givenUp")).toBool();
    return entry;
}

QList<Outbox::Entry> Outbox::entries(QStringList *problems) const
{
    QList<Entry> result;
    const QDir cur(m_directory + QStringLiteral("/cur"));
    for (const QString &id : cur.entryList(QDir::Files, QDir::Name)) {
        QString problem;
        if (std::optional<Entry> entry = readState(id, &problem))
            result.append(*entry);
        else if (problems)
            problems->append(problem);
    }
    std::stable_sort(result.begin(), result.end(),
        [](const Entry &a, const Entry &b) { return a.queued < b.queued; });
    return result;
}

QList<Outbox::Entry> Outbox::due(const QDateTime &now) const
{
    QList<Entry> result;
    for (const Entry &entry : entries()) {
        if (!entry.givenUp && (!entry.nextAttempt.isValid() || entry.nextAttempt <= now))
            result.append(entry);
    }
    return result;
}

Error Outbox::readMessage(const QString &id, QByteArray *message) const
{
    QFile file(messagePath(id));
    if (!file.open(QIODevice::ReadOnly))
        return Error(Error::Kind::NotFound,
            tr("The Outbox has no message %1: %2").arg(id, file.errorString()));
    *message = file.readAll();
    return {};
}

Error Outbox::recordDelivered(const QString &id)
{
    return remove(id);
}

Error Outbox::recordDeferred(
    const QString &id, const QStringList &remaining, const QString &error, const QDateTime &now)
{
    QString problem;
    std::optional<Entry> entry = readState(id, &problem);
    if (!entry)
        return Error(Error::Kind::NotFound, problem);
    entry->recipients = remaining;
    entry->attempts += 1;
    entry->lastError = error;
    entry->nextAttempt = now.addSecs(backoffSeconds(entry->attempts));
    if (entry->queued.isValid() && entry->queued.secsTo(now) >= giveUpAfterSeconds) {
        entry->givenUp = true;
        entry->lastError = tr("Given up after five days of temporary failures: %1").arg(error);
    }
    return writeState(*entry);
}

Error Outbox::recordGivenUp(const QString &id, const QString &error)
{
    QString problem;
    std::optional<Entry> entry = readState(id, &problem);
    if (!entry)
        return Error(Error::Kind::NotFound, problem);
    entry->attempts += 1;
    entry->givenUp = true;
    entry->lastError = error;
    return writeState(*entry);
}

Error Outbox::remove(const QString &id)
{
    if (id.contains(QLatin1Char('/')) || id.startsWith(QLatin1Char('.')))
        return Error(Error::Kind::UnsafeName, tr("\"%1\" is not an Outbox message.").arg(id));
    if (QFile::exists(messagePath(id)) && !QFile::remove(messagePath(id)))
        return Error(Error::Kind::LocalIo, tr("Could not remove %1 from the Outbox.").arg(id));
    QFile::remove(statePath(id));
    return {};
}
