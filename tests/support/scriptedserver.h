// A TCP server on 127.0.0.1 that plays a script, for faults real servers won't produce on
// demand: replies split across reads, injected bytes, silence, over-long lines, hang-ups.
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>

class ScriptedServer : public QObject
{
    Q_OBJECT

public:
    explicit ScriptedServer(QObject *parent = nullptr);

    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    // Sent to each client as soon as it connects, one write per chunk.
    void setGreeting(QList<QByteArray> chunks) { m_greeting = std::move(chunks); }
    // Called with each complete line (CRLF stripped) the client sends; returns what to answer.
    void setResponder(std::function<QByteArray(const QByteArray &line)> responder)
    {
        m_responder = std::move(responder);
    }

    [[nodiscard]] const QList<QByteArray> &receivedLines() const { return m_lines; }
    [[nodiscard]] QTcpSocket *client() const { return m_client; }
    void send(const QByteArray &bytes);
    void hangUp();

signals:
    void lineReceived(const QByteArray &line);

private:
    void onNewConnection();
    void onReadyRead();

    QTcpServer m_server;
    QPointer<QTcpSocket> m_client;
    QList<QByteArray> m_greeting;
    std::function<QByteArray(const QByteArray &)> m_responder;
    QByteArray m_buffer;
    QList<QByteArray> m_lines;
};
