#include "protocollog.h"

#include <QMetaMethod>

#include <atomic>

ProtocolLog::ProtocolLog(QObject *parent)
    : QObject(parent)
{ }

void ProtocolLog::add(
    quint64 connectionId, const QString &protocol, Direction direction, const QString &text)
{
    emit entryAdded(Entry {QDateTime::currentDateTime(), connectionId, protocol, direction, text});
}

bool ProtocolLog::isListened() const
{
    return isSignalConnected(QMetaMethod::fromSignal(&ProtocolLog::entryAdded));
}

QString ProtocolLog::format(const Entry &entry)
{
    QLatin1StringView marker;
    switch (entry.direction) {
    case Direction::Sent: marker = QLatin1StringView("> "); break;
    case Direction::Received: marker = QLatin1StringView("< "); break;
    case Direction::Info: marker = QLatin1StringView("* "); break;
    case Direction::Error: marker = QLatin1StringView("! "); break;
    }
    return entry.time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + QLatin1StringView(" [")
        + entry.protocol + QLatin1Char('#') + QString::number(entry.connectionId)
        + QLatin1StringView("] ") + marker + entry.text;
}

quint64 ProtocolLog::nextConnectionId()
{
    static std::atomic<quint64> counter {0};
    return ++counter;
}
