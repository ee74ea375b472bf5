// One file (or folder) in the transfer queue, as the queue's views show it.
#pragma once

#include "net/error.h"

#include <QDateTime>
#include <QString>

struct TransferItem
{
    enum class Direction { Download, Upload };
    enum class State { Queued, Running, Done, Failed, Skipped };

    Direction direction = Direction::Download;
    QString remotePath;
    QString localPath;
    qint64 size = -1; // -1 until known
    QDateTime remoteModified; // from the listing, when exact to the second
    qint64 transferred = 0;
    State state = State::Queued;
    int attempts = 0;
    Error error; // why it failed or was skipped

    [[nodiscard]] bool isFinished() const
    {
        return state == State::Done || state == State::Failed || state == State::Skipped;
    }
};
