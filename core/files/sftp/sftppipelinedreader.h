// Reads what an SftpReadPlan hands out over one connection, with many requests in flight
// (few at first, more as the file goes on), into the local file at the same offsets. A short
// read is not the end: the rest is asked for again. Runs on the connection's thread; several
// readers on several connections may share one plan and one counter of bytes done.
#pragma once

#include "files/sftp/sftpreadplan.h"
#include "net/error.h"

#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <deque>
#include <functional>

class QFile;
class SftpConnection;
struct sftp_file_struct;

class SftpPipelinedReader
{
    Q_DECLARE_TR_FUNCTIONS(SftpPipelinedReader)

public:
    static constexpr int maxReadsInFlight = 32;

    SftpPipelinedReader(SftpConnection &connection, sftp_file_struct *file, QFile &local,
        SftpReadPlan &plan, std::atomic<qint64> &done, QString remotePath);

    // Reads until the plan has nothing left and every answer is in, or stop() says so (checked
    // after each answer, then Cancelled is returned), or a request fails. afterEachRead runs
    // after every answer. What was asked for and not received stays this reader's, for
    // firstMissing() or giveBackUnread().
    [[nodiscard]] Error run(
        const std::function<bool()> &stop, const std::function<void()> &afterEachRead);
    // The first byte this reader asked for and has not written (INT64_MAX: none).
    [[nodiscard]] qint64 firstMissing() const;
    // Hands what is still outstanding back to the plan, for another reader.
    void giveBackUnread();

private:
    struct Request
    {
        quint32 id = 0;
        SftpReadPlan::Stretch stretch;
    };
    [[nodiscard]] bool issue(const SftpReadPlan::Stretch &stretch);

    SftpConnection &m_connection;
    sftp_file_struct *m_file;
    QFile &m_local;
    SftpReadPlan &m_plan;
    std::atomic<qint64> &m_done;
    QString m_remotePath;
    std::deque<Request> m_pending;
    // A short read's rest that could not be asked for again.
    std::deque<SftpReadPlan::Stretch> m_lost;
    int m_inFlight = 4; // start small and grow: small files need no deep pipeline
};
