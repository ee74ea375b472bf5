// Moves one file over an open SFTP connection: downloads pipelined with many read requests in
// flight, uploads in large writes, small files in two round trips; .part files, resume and
// modification times as LocalFiles says. Runs on the connection's thread.
#pragma once

#include "files/sftp/sftpconnection.h"
#include "files/sftp/sftptypes.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>

#include <functional>

class QFile;

class SftpTransfer
{
    Q_DECLARE_TR_FUNCTIONS(SftpTransfer)

public:
    using Progress = std::function<void(qint64 done, qint64 total)>;

    SftpTransfer(SftpConnection &connection, const SftpRequest &request, Progress progress);

    [[nodiscard]] Error download(const QString &remotePath);
    [[nodiscard]] Error upload(const QString &remotePath);

private:
    // Files up to smallFileLimit go in two round trips: open, then every read or write with
    // the close (and the time) in one flight. *stale: the file is not what the listing said.
    [[nodiscard]] Error downloadSmall(
        const QString &remotePath, qint64 size, const QDateTime &mtime, bool *stale);
    [[nodiscard]] Error uploadSmall(const QString &remotePath, QFile &local, qint64 size);
    [[nodiscard]] bool cancelled() const { return m_request.cancelled->load(); }
    [[nodiscard]] Error cancelledError() const;
    void report(qint64 done, qint64 total, bool force);

    SftpConnection &m_connection;
    const SftpRequest &m_request;
    Progress m_progress;
    QElapsedTimer m_clock;
    qint64 m_lastReportMs = -1;
};
