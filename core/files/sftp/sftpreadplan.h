// Which stretches of a remote file are still to be read, shared by the connections that
// download it together. Each takes the next request's stretch in turn, so they read side by
// side: the gaps in the .part never reach further back than what is in flight.
#pragma once

#include <QtGlobal>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

class SftpReadPlan
{
public:
    struct Stretch
    {
        qint64 offset = 0;
        qint64 length = 0;
    };

    // From `from` to `promisedSize` (-1: unknown, read until the end) in requests of `chunk`.
    SftpReadPlan(qint64 from, qint64 promisedSize, qint64 chunk);

    // The next stretch to ask for: one given back first, then the next chunk up to the promised
    // size, then one chunk past it (in the same flight, no extra round trip: it finds the end,
    // or that the file grew). Nothing once the end was found.
    [[nodiscard]] std::optional<Stretch> take();
    // A reader that stopped hands back what it had asked for and not received.
    void giveBack(const Stretch &stretch);
    // A read answered nothing at `offset`: the file ends there, and no more is taken.
    void foundEnd(qint64 offset);
    // A read brought data at `offset`: past the promised size, that means the file grew, and
    // the reading goes on to its end.
    void dataAt(qint64 offset);
    [[nodiscard]] bool reachedEnd() const;
    [[nodiscard]] bool hasWork() const;
    // The first byte no reader has received for sure: nothing at or past it is taken, or it
    // was given back. (Bytes being read by a reader still running are that reader's to say.)
    [[nodiscard]] qint64 firstUnclaimed() const;

    // Readers besides the first register while they run, so it can wait for them.
    void readerStarted();
    void readerStopped();
    [[nodiscard]] int otherReaders() const;
    // Blocks until something was given back, a reader stopped, or the timeout passed.
    void waitForChange(int timeoutMs);

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Stretch> m_givenBack;
    qint64 m_next;
    qint64 m_target; // the promised size, or the largest offset once it grew or is unknown
    qint64 m_chunk;
    qint64 m_end; // where a read found the end
    bool m_probed = false;
    int m_otherReaders = 0;
};
