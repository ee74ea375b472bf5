#include "sftppipelinedreader.h"

#include "files/localfiles.h"
#include "files/sftp/sftpconnection.h"

#include <QByteArray>
#include <QFile>

#include <algorithm>
#include <libssh/sftp.h>
#include <limits>

SftpPipelinedReader::SftpPipelinedReader(SftpConnection &connection, sftp_file_struct *file,
    QFile &local, SftpReadPlan &plan, std::atomic<qint64> &done, QString remotePath)
    : m_connection(connection)
    , m_file(file)
    , m_local(local)
    , m_plan(plan)
    , m_done(done)
    , m_remotePath(std::move(remotePath))
{ }

bool SftpPipelinedReader::issue(const SftpReadPlan::Stretch &stretch)
{
    sftp_seek64(m_file, quint64(stretch.offset));
    const int id = sftp_async_read_begin(m_file, uint32_t(stretch.length));
    if (id < 0)
        return false;
    m_pending.push_back({quint32(id), stretch});
    return true;
}

Error SftpPipelinedReader::run(
    const std::function<bool()> &stop, const std::function<void()> &afterEachRead)
{
    QByteArray buffer;
    while (true) {
        while (int(m_pending.size()) < m_inFlight) {
            const std::optional<SftpReadPlan::Stretch> stretch = m_plan.take();
            if (!stretch)
                break;
            if (!issue(*stretch)) {
                m_lost.push_back(*stretch);
                return m_connection.failure(tr("download %1").arg(m_remotePath));
            }
        }
        if (m_pending.empty())
            return {};
        const Request read = m_pending.front();
        if (buffer.size() < read.stretch.length)
            buffer.resize(read.stretch.length);
        const int got = sftp_async_read(
            m_file, buffer.data(), uint32_t(read.stretch.length), uint32_t(read.id));
        if (got < 0)
            return m_connection.failure(tr("download %1").arg(m_remotePath));
        m_pending.pop_front();
        if (got == 0) {
            // Before the promised size the end came early; at it, this confirms the end.
            // Later requests answer the same.
            m_plan.foundEnd(read.stretch.offset);
            continue;
        }
        if (m_local.pos() != read.stretch.offset)
            m_local.seek(read.stretch.offset);
        if (m_local.write(buffer.constData(), got) != got) {
            m_lost.push_back(read.stretch);
            return LocalFiles::writeError(m_local);
        }
        m_done += got;
        if (got < read.stretch.length) {
            // A short read is not the end: ask for the rest.
            const SftpReadPlan::Stretch rest {read.stretch.offset + got, read.stretch.length - got};
            if (!issue(rest)) {
                m_lost.push_back(rest);
                return m_connection.failure(tr("download %1").arg(m_remotePath));
            }
        }
        m_plan.dataAt(read.stretch.offset);
        if (m_inFlight < maxReadsInFlight)
            ++m_inFlight;
        afterEachRead();
        if (stop())
            return Error(Error::Kind::Cancelled, tr("Cancelled."));
    }
}

qint64 SftpPipelinedReader::firstMissing() const
{
    qint64 first = std::numeric_limits<qint64>::max();
    for (const Request &request : m_pending)
        first = std::min(first, request.stretch.offset);
    for (const SftpReadPlan::Stretch &stretch : m_lost)
        first = std::min(first, stretch.offset);
    return first;
}

void SftpPipelinedReader::giveBackUnread()
{
    for (const Request &request : m_pending)
        m_plan.giveBack(request.stretch);
    for (const SftpReadPlan::Stretch &stretch : m_lost)
        m_plan.giveBack(stretch);
    m_pending.clear();
    m_lost.clear();
}
