// The SQLite side of the mail index: its schema, and the conversions between its rows and
// the plain structs (MessageSummary, FolderInfo), sort keys included.
#pragma once

#include "mail/store/folderinfo.h"
#include "mail/store/messagesummary.h"

#include <QLatin1String>
#include <QList>
#include <QString>

class QSqlQuery;

namespace MailIndexSchema {

// The statements that create the current schema, in order; the last sets PRAGMA user_version.
[[nodiscard]] QList<QLatin1String> createStatements();

// The column lists readSummary() and readFolder() expect, for "SELECT %1 FROM ...".
[[nodiscard]] QLatin1String summaryColumns();
[[nodiscard]] QLatin1String folderColumns();
[[nodiscard]] MessageSummary readSummary(const QSqlQuery &query);
[[nodiscard]] FolderInfo readFolder(const QSqlQuery &query);

// INSERT ... ON CONFLICT DO UPDATE of one summary: bind the folder id at position 0, then
// bindSummary(). A summary without a body file keeps the one recorded.
[[nodiscard]] QLatin1String upsertSummaryStatement();
void bindSummary(QSqlQuery &query, const MessageSummary &summary);

// "Re: Fwd: Hello" -> "hello": reply and forward prefixes stripped, case folded.
[[nodiscard]] QString subjectSortKey(const QString &subject);
// "1,5,9" for uids[from, from + count): SQL text made of numbers only, nothing to quote.
[[nodiscard]] QString joinedUids(const QList<quint32> &uids, qsizetype from, qsizetype count);
// QtSql binds a null QString or QByteArray as NULL; the columns hold empty text instead.
[[nodiscard]] QString text(const QString &value);
[[nodiscard]] QByteArray bytes(const QByteArray &value);

} // namespace MailIndexSchema
