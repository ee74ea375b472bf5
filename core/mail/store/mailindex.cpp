#include "mailindex.h"

#include "mail/store/mailindexschema.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <array>

namespace {

Q_LOGGING_CATEGORY(lcMailStore, "wharf.mail.store")

QString tr(const char *text)
{
    return QCoreApplication::translate("MailIndex", text);
}

// Large UID lists go to SQLite in slices, well under its limit on statement length.
constexpr qsizetype uidsPerStatement = 10000;

// Runs a DELETE ... RETURNING body_file and keeps the non-empty names.
bool deleteReturningBodies(QSqlQuery &query, QStringList *bodyFiles)
{
    if (!query.exec())
        return false;
    while (query.next()) {
        const QString file = query.value(0).toString();
        if (bodyFiles && !file.isEmpty())
            bodyFiles->append(file);
    }
    return true;
}

// Rolls back unless committed: every early return of a writing method leaves no trace.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase &db)
        : m_db(db)
        , m_open(db.transaction())
    { }
    ~Transaction()
    {
        if (m_open)
            m_db.rollback();
    }
    Q_DISABLE_COPY_MOVE(Transaction)

    [[nodiscard]] bool commit()
    {
        m_open = !m_db.commit();
        return !m_open;
    }

private:
    QSqlDatabase &m_db;
    bool m_open;
};

} // namespace

MailIndex::MailIndex()
{
    static QAtomicInt counter;
    m_connectionName = QStringLiteral("wharf-mailindex-%1").arg(counter.fetchAndAddRelaxed(1));
}

MailIndex::~MailIndex()
{
    const bool added = m_db.isValid();
    m_db.close();
    m_db = QSqlDatabase(); // removeDatabase() wants no copy of the connection alive
    if (added)
        QSqlDatabase::removeDatabase(m_connectionName);
}

Error MailIndex::open(const QString &filePath)
{
    m_folderIds.clear();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    m_filePath = filePath;
    const QString shownPath = QDir::toNativeSeparators(filePath);
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        return Error(Error::Kind::Unsupported,
            tr("Qt's SQLite driver (QSQLITE) is not installed: the mail index can't be opened."));
    }
    if (!QDir().mkpath(QFileInfo(filePath).absolutePath())) {
        return Error(Error::Kind::LocalIo,
            tr("Could not create the folder for the mail index %1.").arg(shownPath));
    }
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(filePath);
    // Another Wharf process (the CLI) may hold a write lock for a moment.
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_db.open()) {
        return Error(Error::Kind::LocalIo,
            tr("Could not open the mail index %1: %2").arg(shownPath, m_db.lastError().text()));
    }
    QSqlQuery query(m_db);
    // WAL: readers never wait for a writer; NORMAL sync is safe with WAL (a crash can lose the
    // last transactions, never corrupt the file) and the index is a cache of the server. A
    // page cache of up to 16 MB (grown on demand) keeps a large first sync from spilling.
    for (const char *pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
             "PRAGMA foreign_keys = ON", "PRAGMA cache_size = -16000", "PRAGMA user_version"}) {
        if (!query.exec(QLatin1String(pragma))) {
            Error error(Error::Kind::LocalIo,
                tr("Could not open the mail index %1: %2")
                    .arg(shownPath, query.lastError().text()));
            m_db.close();
            return error;
        }
    }
    const int version = query.next() ? query.value(0).toInt() : 0;
    query.finish();
    if (version > SchemaVersion) {
        m_db.close();
        return Error(Error::Kind::Unsupported,
            tr("The mail index %1 was written by a newer version of Wharf (schema %2).")
                .arg(shownPath)
                .arg(version));
    }
    if (version == 0) {
        Error error = createSchema();
        if (error.isError()) {
            m_db.close();
            return error;
        }
    }
    return {};
}

bool MailIndex::isOpen() const
{
    return m_db.isOpen();
}

Error MailIndex::createSchema()
{
    Transaction transaction(m_db);
    QSqlQuery query(m_db);
    for (const QLatin1String &statement : MailIndexSchema::createStatements()) {
        if (!query.exec(statement))
            return failure(query, QStringLiteral("create schema"));
    }
    if (!transaction.commit())
        return failure(query, QStringLiteral("commit schema"));
    return {};
}

Error MailIndex::failure(const QSqlQuery &query, const QString &what) const
{
    const QString reason
        = query.lastError().isValid() ? query.lastError().text() : m_db.lastError().text();
    qCWarning(lcMailStore) << "mail index" << m_filePath << what << "failed:" << reason;
    if (!m_db.isOpen()) {
        return Error(Error::Kind::Internal,
            tr("The mail index %1 is not open.").arg(QDir::toNativeSeparators(m_filePath)));
    }
    return Error(Error::Kind::LocalIo,
        tr("Could not update the mail index %1: %2")
            .arg(QDir::toNativeSeparators(m_filePath), reason));
}

Error MailIndex::notFound(const QString &folderPath) const
{
    return Error(
        Error::Kind::NotFound, tr("The folder %1 is not in the mail index.").arg(folderPath));
}

qint64 MailIndex::folderId(const QString &path) const
{
    const auto cached = m_folderIds.constFind(path);
    if (cached != m_folderIds.constEnd())
        return *cached;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT id FROM folders WHERE path = ?"));
    query.addBindValue(path);
    if (!query.exec() || !query.next())
        return 0;
    const qint64 id = query.value(0).toLongLong();
    m_folderIds.insert(path, id);
    return id;
}

QList<FolderInfo> MailIndex::folders() const
{
    QList<FolderInfo> result;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(
            QStringLiteral("SELECT %1 FROM folders").arg(MailIndexSchema::folderColumns()))) {
        (void)failure(query, QStringLiteral("list folders"));
        return result;
    }
    while (query.next())
        result.append(MailIndexSchema::readFolder(query));
    return result;
}

std::optional<FolderInfo> MailIndex::folder(const QString &path) const
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT %1 FROM folders WHERE path = ?")
                      .arg(MailIndexSchema::folderColumns()));
    query.addBindValue(path);
    if (!query.exec()) {
        (void)failure(query, QStringLiteral("read folder"));
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return MailIndexSchema::readFolder(query);
}

qint64 MailIndex::upsertFolder(const FolderInfo &info, Error *error)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "INSERT INTO folders (path, encoded_path, delimiter, special_use, selectable)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET"
        " encoded_path = excluded.encoded_path, delimiter = excluded.delimiter,"
        " special_use = excluded.special_use, selectable = excluded.selectable"
        " RETURNING id"));
    query.addBindValue(MailIndexSchema::text(info.path));
    query.addBindValue(MailIndexSchema::bytes(info.encodedPath));
    query.addBindValue(
        MailIndexSchema::text(info.delimiter.isNull() ? QString() : QString(info.delimiter)));
    query.addBindValue(static_cast<int>(info.specialUse));
    query.addBindValue(info.selectable);
    if (!query.exec() || !query.next()) {
        const Error failed = failure(query, QStringLiteral("store folder"));
        if (error)
            *error = failed;
        return 0;
    }
    const qint64 id = query.value(0).toLongLong();
    m_folderIds.insert(info.path, id);
    if (error)
        *error = Error();
    return id;
}

Error MailIndex::removeFolder(const QString &path, QStringList *droppedBodyFiles)
{
    const qint64 id = folderId(path);
    if (id == 0)
        return notFound(path);
    Transaction transaction(m_db);
    QStringList bodies;
    Error error = dropMessages(id, &bodies);
    if (error.isError())
        return error;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("DELETE FROM folders WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !transaction.commit())
        return failure(query, QStringLiteral("remove folder"));
    m_folderIds.remove(path);
    if (droppedBodyFiles)
        droppedBodyFiles->append(bodies);
    return {};
}

Error MailIndex::dropMessages(qint64 folderId, QStringList *droppedBodyFiles)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("DELETE FROM messages WHERE folder_id = ? RETURNING body_file"));
    query.addBindValue(folderId);
    if (!deleteReturningBodies(query, droppedBodyFiles))
        return failure(query, QStringLiteral("drop messages"));
    return {};
}

MailIndex::FolderStateResult MailIndex::setFolderState(
    const QString &path, quint32 uidValidity, quint32 uidNext, quint64 highestModSeq)
{
    FolderStateResult result;
    const qint64 id = folderId(path);
    if (id == 0) {
        result.error = notFound(path);
        return result;
    }
    Transaction transaction(m_db);
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT uid_validity FROM folders WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next()) {
        result.error = failure(query, QStringLiteral("read folder state"));
        return result;
    }
    const quint32 stored = query.value(0).toUInt();
    query.finish();
    // A server without UIDVALIDITY (0) no longer vouches for the UIDs either.
    if (stored != 0 && stored != uidValidity) {
        result.error = dropMessages(id, &result.droppedBodyFiles);
        if (result.error.isError())
            return result;
        result.messagesDropped = true;
        qCInfo(lcMailStore) << "UIDVALIDITY of" << path << "changed from" << stored << "to"
                            << uidValidity << "- cached messages dropped";
    }
    query.prepare(QStringLiteral("UPDATE folders SET uid_validity = ?, uid_next = ?,"
                                 " highest_modseq = ? WHERE id = ?"));
    query.addBindValue(uidValidity);
    query.addBindValue(uidNext);
    query.addBindValue(static_cast<qint64>(highestModSeq)); // SQLite integers are signed
    query.addBindValue(id);
    if (!query.exec() || !transaction.commit()) {
        result.error = failure(query, QStringLiteral("store folder state"));
        result.messagesDropped = false;
        result.droppedBodyFiles.clear();
    }
    return result;
}

Error MailIndex::storeSummaries(const QString &folderPath, const QList<MessageSummary> &summaries)
{
    const qint64 id = folderId(folderPath);
    if (id == 0)
        return notFound(folderPath);
    if (summaries.isEmpty())
        return {};
    Transaction transaction(m_db);
    QSqlQuery query(m_db);
    if (!query.prepare(MailIndexSchema::upsertSummaryStatement()))
        return failure(query, QStringLiteral("prepare storing messages"));
    query.bindValue(0, id);
    for (const MessageSummary &summary : summaries) {
        if (summary.uid == 0) {
            qCWarning(lcMailStore) << "skipped a summary without a UID in" << folderPath;
            continue;
        }
        MailIndexSchema::bindSummary(query, summary);
        if (!query.exec())
            return failure(query, QStringLiteral("store messages"));
    }
    if (!transaction.commit())
        return failure(query, QStringLiteral("commit messages"));
    return {};
}

Error MailIndex::updateFlags(
    const QString &folderPath, quint32 uid, MessageFlags flags, const QStringList &extraFlags)
{
    const qint64 id = folderId(folderPath);
    if (id == 0)
        return notFound(folderPath);
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "UPDATE messages SET flags = ?, extra_flags = ? WHERE folder_id = ? AND uid = ?"));
    query.addBindValue(flags.toInt());
    query.addBindValue(MailIndexSchema::text(extraFlags.join(QLatin1Char(' '))));
    query.addBindValue(id);
    query.addBindValue(uid);
    if (!query.exec())
        return failure(query, QStringLiteral("update flags"));
    if (query.numRowsAffected() == 0) {
        return Error(Error::Kind::NotFound,
            tr("Message %1 of %2 is not in the mail index.").arg(uid).arg(folderPath));
    }
    return {};
}

Error MailIndex::updateFlags(const QString &folderPath, const QList<FlagUpdate> &updates)
{
    const qint64 id = folderId(folderPath);
    if (id == 0)
        return notFound(folderPath);
    Transaction transaction(m_db);
    QSqlQuery query(m_db);
    // A sync hands over the flags of every message; most haven't changed and cost no write.
    query.prepare(QStringLiteral(
        "UPDATE messages SET flags = ?, extra_flags = ? WHERE folder_id = ? AND uid = ?"
        " AND (flags != ? OR extra_flags != ?)"));
    query.bindValue(2, id);
    for (const FlagUpdate &update : updates) {
        const QString extra = MailIndexSchema::text(update.extraFlags.join(QLatin1Char(' ')));
        query.bindValue(0, update.flags.toInt());
        query.bindValue(1, extra);
        query.bindValue(3, update.uid);
        query.bindValue(4, update.flags.toInt());
        query.bindValue(5, extra);
        if (!query.exec())
            return failure(query, QStringLiteral("update flags"));
    }
    if (!transaction.commit())
        return failure(query, QStringLiteral("commit flags"));
    return {};
}

Error MailIndex::removeUids(
    const QString &folderPath, const QList<quint32> &uids, QStringList *droppedBodyFiles)
{
    const qint64 id = folderId(folderPath);
    if (id == 0)
        return notFound(folderPath);
    Transaction transaction(m_db);
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    QStringList bodies;
    for (qsizetype from = 0; from < uids.size(); from += uidsPerStatement) {
        const qsizetype count = std::min(uidsPerStatement, uids.size() - from);
        // The list is made of numbers only: nothing to quote.
        query.prepare(QStringLiteral("DELETE FROM messages WHERE folder_id = ? AND uid IN (%1)"
                                     " RETURNING body_file")
                          .arg(MailIndexSchema::joinedUids(uids, from, count)));
        query.addBindValue(id);
        if (!deleteReturningBodies(query, &bodies))
            return failure(query, QStringLiteral("remove messages"));
    }
    if (!transaction.commit())
        return failure(query, QStringLiteral("commit removal"));
    if (droppedBodyFiles)
        droppedBodyFiles->append(bodies);
    return {};
}

Error MailIndex::setBodyFile(const QString &folderPath, quint32 uid, const QString &path)
{
    const qint64 id = folderId(folderPath);
    if (id == 0)
        return notFound(folderPath);
    QSqlQuery query(m_db);
    query.prepare(
        QStringLiteral("UPDATE messages SET body_file = ? WHERE folder_id = ? AND uid = ?"));
    query.addBindValue(MailIndexSchema::text(path));
    query.addBindValue(id);
    query.addBindValue(uid);
    if (!query.exec())
        return failure(query, QStringLiteral("store body file"));
    if (query.numRowsAffected() == 0) {
        return Error(Error::Kind::NotFound,
            tr("Message %1 of %2 is not in the mail index.").arg(uid).arg(folderPath));
    }
    return {};
}

QList<quint32> MailIndex::knownUids(const QString &folderPath) const
{
    return orderedUids(folderPath, SortColumn::Uid, Qt::AscendingOrder);
}

quint32 MailIndex::highestUid(const QString &folderPath) const
{
    const qint64 id = folderId(folderPath);
    if (id == 0)
        return 0;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT max(uid) FROM messages WHERE folder_id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next()) {
        (void)failure(query, QStringLiteral("read highest UID"));
        return 0;
    }
    return query.value(0).toUInt(); // NULL (no messages) reads as 0
}

MailIndex::Counts MailIndex::counts(const QString &folderPath) const
{
    const qint64 id = folderId(folderPath);
    if (id == 0)
        return {};
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT message_count, unread_count FROM folders WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next()) {
        (void)failure(query, QStringLiteral("read counts"));
        return {};
    }
    return {query.value(0).toInt(), query.value(1).toInt()};
}

std::optional<MessageSummary> MailIndex::summary(const QString &folderPath, quint32 uid) const
{
    const qint64 id = folderId(folderPath);
    if (id == 0)
        return std::nullopt;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT %1 FROM messages WHERE folder_id = ? AND uid = ?")
                      .arg(MailIndexSchema::summaryColumns()));
    query.addBindValue(id);
    query.addBindValue(uid);
    if (!query.exec()) {
        (void)failure(query, QStringLiteral("read message"));
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return MailIndexSchema::readSummary(query);
}

QList<MessageSummary> MailIndex::summaries(
    const QString &folderPath, const QList<quint32> &uids) const
{
    QList<MessageSummary> result;
    const qint64 id = folderId(folderPath);
    if (id == 0 || uids.isEmpty())
        return result;
    QHash<quint32, MessageSummary> found;
    found.reserve(uids.size());
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    for (qsizetype from = 0; from < uids.size(); from += uidsPerStatement) {
        const qsizetype count = std::min(uidsPerStatement, uids.size() - from);
        query.prepare(QStringLiteral("SELECT %1 FROM messages WHERE folder_id = ? AND uid IN (%2)")
                          .arg(MailIndexSchema::summaryColumns(),
                              MailIndexSchema::joinedUids(uids, from, count)));
        query.addBindValue(id);
        if (!query.exec()) {
            (void)failure(query, QStringLiteral("read messages"));
            return result;
        }
        while (query.next()) {
            MessageSummary summary = MailIndexSchema::readSummary(query);
            const quint32 uid = summary.uid;
            found.emplace(uid, std::move(summary));
        }
    }
    result.reserve(found.size());
    for (const quint32 uid : uids) {
        auto it = found.find(uid);
        if (it != found.end()) {
            result.append(std::move(*it));
            found.erase(it); // a UID asked twice is answered once
        }
    }
    return result;
}

QList<quint32> MailIndex::orderedUids(
    const QString &folderPath, SortColumn column, Qt::SortOrder order) const
{
    QList<quint32> result;
    const qint64 id = folderId(folderPath);
    if (id == 0)
        return result;
    QLatin1String key;
    switch (column) {
    case SortColumn::Uid: break;
    case SortColumn::Date: key = QLatin1String("date_ms"); break;
    case SortColumn::Subject: key = QLatin1String("sort_subject"); break;
    case SortColumn::From: key = QLatin1String("sort_from"); break;
    case SortColumn::To: key = QLatin1String("sort_to"); break;
    case SortColumn::Size: key = QLatin1String("size"); break;
    }
    const QLatin1String direction(order == Qt::AscendingOrder ? "ASC" : "DESC");
    QString orderBy = QStringLiteral("uid ") + direction;
    if (!key.isEmpty())
        orderBy = key + QLatin1Char(' ') + direction + QStringLiteral(", ") + orderBy;
    result.reserve(counts(folderPath).total);
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT uid FROM messages WHERE folder_id = ? ORDER BY ") + orderBy);
    query.addBindValue(id);
    if (!query.exec()) {
        (void)failure(query, QStringLiteral("list messages"));
        return {};
    }
    while (query.next())
        result.append(query.value(0).toUInt());
    return result;
}
