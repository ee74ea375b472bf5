#include "sftpreadplan.h"

#include <algorithm>
#include <chrono>
#include <limits>

namespace {
constexpr qint64 unbounded = std::numeric_limits<qint64>::max();
}

SftpReadPlan::SftpReadPlan(qint64 from, qint64 promisedSize, qint64 chunk)
    : m_next(from)
    , m_target(promisedSize >= 0 ? promisedSize : unbounded)
    , m_chunk(chunk)
    , m_end(unbounded)
{ }

std::optional<SftpReadPlan::Stretch> SftpReadPlan::take()
{
    const std::lock_guard lock(m_mutex);
    if (!m_givenBack.empty()) {
        const Stretch stretch = m_givenBack.front();
        m_givenBack.pop_front();
        return stretch;
    }
    if (m_end != unbounded)
        return std::nullopt;
    qint64 length = std::min(m_chunk, m_target - m_next);
    if (length <= 0) {
        if (m_probed)
            return std::nullopt;
        m_probed = true;
        length = m_chunk;
    }
    const Stretch stretch {m_next, length};
    m_next += length;
    return stretch;
}

void SftpReadPlan::giveBack(const Stretch &stretch)
{
    {
        const std::lock_guard lock(m_mutex);
        // Past the end nothing is missing; before it, the oldest goes first.
        if (stretch.offset < m_end) {
            const auto at = std::lower_bound(m_givenBack.begin(), m_givenBack.end(), stretch,
                [](const Stretch &a, const Stretch &b) { return a.offset < b.offset; });
            m_givenBack.insert(at, stretch);
        }
    }
    m_changed.notify_all();
}

void SftpReadPlan::foundEnd(qint64 offset)
{
    const std::lock_guard lock(m_mutex);
    m_end = std::min(m_end, offset);
    // What was given back past the end is not missing.
    while (!m_givenBack.empty() && m_givenBack.back().offset >= m_end)
        m_givenBack.pop_back();
}

void SftpReadPlan::dataAt(qint64 offset)
{
    const std::lock_guard lock(m_mutex);
    if (offset >= m_target)
        m_target = unbounded;
}

bool SftpReadPlan::reachedEnd() const
{
    const std::lock_guard lock(m_mutex);
    return m_end != unbounded;
}

bool SftpReadPlan::hasWork() const
{
    const std::lock_guard lock(m_mutex);
    return !m_givenBack.empty() || (m_end == unbounded && (m_next < m_target || !m_probed));
}

qint64 SftpReadPlan::firstUnclaimed() const
{
    const std::lock_guard lock(m_mutex);
    const qint64 next = std::min(m_next, m_end);
    return m_givenBack.empty() ? next : std::min(next, m_givenBack.front().offset);
}

void SftpReadPlan::readerStarted()
{
    const std::lock_guard lock(m_mutex);
    ++m_otherReaders;
}

void SftpReadPlan::readerStopped()
{
    {
        const std::lock_guard lock(m_mutex);
        --m_otherReaders;
    }
    m_changed.notify_all();
}

int SftpReadPlan::otherReaders() const
{
    const std::lock_guard lock(m_mutex);
    return m_otherReaders;
}

void SftpReadPlan::waitForChange(int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, std::chrono::milliseconds(timeoutMs));
}
