// A job that speaks one line protocol (SMTP, POP3) over a connection of its own: the
// LineChannel comes set up with the certificate store and the timeouts, a lost connection
// ends the job, and a certificate that fails verification is asked about once through the
// Prompter; an accepted one means connecting again from the start.
#pragma once

#include "net/job.h"
#include "net/linechannel.h"

#include <QString>

class CertificateStore;
class Prompter;
class ProtocolLog;

class LineChannelJob : public Job
{
    Q_OBJECT

public:
    // Where the job connects, and how long it waits.
    struct Endpoint
    {
        QString host;
        quint16 port = 0;
        bool implicitTls = false;
        int connectTimeoutMs = 20000;
        int readTimeoutMs = 60000;
    };

    // Certificates that fail verification are asked about here (none: such a failure ends the
    // job).
    void setPrompter(Prompter *prompter) { m_prompter = prompter; }

protected:
    LineChannelJob(const QString &protocol, Endpoint endpoint, CertificateStore *certificates,
        ProtocolLog *log, QObject *parent);

    [[nodiscard]] LineChannel *channel() const { return m_channel; }
    [[nodiscard]] const Endpoint &endpoint() const { return m_endpoint; }
    // True once the connection is encrypted: implicit TLS, or after STARTTLS.
    [[nodiscard]] bool isTlsDone() const { return m_tlsDone; }
    // Connects (again): onConnected() follows, or the job fails.
    void connectToServer();
    // Ends the job with this error, once; the connection is dropped.
    void failWith(const Error &error);
    void doCancel() override;

    // The protocol's part. A line arrived; the connection is up (the greeting comes next); TLS
    // is up after STARTTLS (nothing learned before it counts); forget the conversation, as the
    // job ends or connects again.
    virtual void onLine(const QByteArray &line) = 0;
    virtual void onConnected() = 0;
    virtual void onEncrypted() = 0;
    virtual void forgetConversation() = 0;

private:
    void onChannelFailed(const Error &error);

    Endpoint m_endpoint;
    LineChannel *m_channel;
    CertificateStore *m_certificates;
    Prompter *m_prompter = nullptr;
    bool m_tlsDone = false;
    bool m_certificateAsked = false;
};
