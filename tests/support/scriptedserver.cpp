#include "scriptedserver.h"

ScriptedServer::ScriptedServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &ScriptedServer::onNewConnection);
    m_server.listen(QHostAddress::LocalHost, 0);
}

void ScriptedServer::onNewConnection()
{
    m_client = m_server.nextPendingConnection();
    connect(m_client, &QTcpSocket::readyRead, this, &ScriptedServer::onReadyRead);
    for (const QByteArray &chunk : std::as_const(m_greeting)) {
        m_client->write(chunk);
        m_client->flush();
    }
}

void ScriptedServer::onReadyRead()
{
    m_buffer += m_client->readAll();
    qsizetype newline = 0;
    while ((newline = m_buffer.indexOf("\r\n")) >= 0) {
        const QByteArray line = m_buffer.left(newline);
        m_buffer.remove(0, newline + 2);
        m_lines.append(line);
        emit lineReceived(line);
        if (m_responder && m_client)
            send(m_responder(line));
    }
}

void ScriptedServer::send(const QByteArray &bytes)
{
    if (m_client && !bytes.isEmpty()) {
        m_client->write(bytes);
        m_client->flush();
    }
}

void ScriptedServer::hangUp()
{
    if (m_client)
        m_client->disconnectFromHost();
}
