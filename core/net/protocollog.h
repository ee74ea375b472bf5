// The protocol conversation (commands, replies, connection events) of every connection, for the
// log view and `wharf-cli --log`. Secrets never reach it: callers pass them masked.
#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>

class ProtocolLog : public QObject
{
    Q_OBJECT

public:
    enum class Direction { Sent, Received, Info, Error };

    struct Entry
    {
        QDateTime time;
        quint64 connectionId = 0;
        QString protocol;
        Direction direction = Direction::Info;
        QString text;
    };

    explicit ProtocolLog(QObject *parent = nullptr);

    void add(
        quint64 connectionId, const QString &protocol, Direction direction, const QString &text);
    // "2026-11-26 06:12:01.123 [ftp#3] > USER alice", as the CLI prints it.
    [[nodiscard]] static QString format(const Entry &entry);
    // Whether anyone reads the log: producers skip building costly texts when nobody does.
    [[nodiscard]] bool isListened() const;
    // Each connection gets its own id, so interleaved conversations stay readable.
    [[nodiscard]] static quint64 nextConnectionId();

signals:
    void entryAdded(const ProtocolLog::Entry &entry);
};
