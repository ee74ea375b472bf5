#include "linechanneljob.h"

#include "net/certificatequestion.h"

#include <utility>

LineChannelJob::LineChannelJob(const QString &protocol, Endpoint endpoint,
    CertificateStore *certificates, ProtocolLog *log, QObject *parent)
    : Job(parent)
    , m_endpoint(std::move(endpoint))
    , m_channel(new LineChannel(protocol, log, this))
    , m_certificates(certificates)
{
    m_channel->setCertificateStore(certificates);
    m_channel->setConnectTimeout(m_endpoint.connectTimeoutMs);
    m_channel->setReadTimeout(m_endpoint.readTimeoutMs);
    // Virtual calls go through lambdas: the protocol's overrides exist once construction ends,
    // long before the first signal.
    connect(m_channel, &LineChannel::lineReceived, this,
        [this](const QByteArray &line) { onLine(line); });
    connect(m_channel, &LineChannel::failed, this, &LineChannelJob::onChannelFailed);
    connect(m_channel, &LineChannel::disconnected, this, [this] {
        failWith(Error(
            Error::Kind::ConnectionLost, tr("%1 closed the connection.").arg(m_endpoint.host)));
    });
    connect(m_channel, &LineChannel::connected, this, [this] {
        m_tlsDone = m_endpoint.implicitTls;
        onConnected();
    });
    connect(m_channel, &LineChannel::encrypted, this, [this] { // after STARTTLS only
        m_tlsDone = true;
        onEncrypted();
    });
}

void LineChannelJob::connectToServer()
{
    m_channel->connectToHost(m_endpoint.host, m_endpoint.port,
        m_endpoint.implicitTls ? LineChannel::Security::ImplicitTls : LineChannel::Security::Plain);
}

void LineChannelJob::onChannelFailed(const Error &error)
{
    // A certificate that fails verification goes to the person (once per job), as for FTPS.
    const auto reconnect = [this] {
        if (isFinished())
            return;
        forgetConversation();
        m_tlsDone = false;
        connectToServer();
    };
    if (!CertificateQuestion::offer(error, m_channel, m_prompter, m_certificates,
            &m_certificateAsked, this, reconnect,
            [this](const Error &refused) { failWith(refused); }))
        failWith(error);
}

void LineChannelJob::failWith(const Error &error)
{
    if (isFinished())
        return;
    forgetConversation();
    m_channel->abort();
    finishWithError(error);
}

void LineChannelJob::doCancel()
{
    forgetConversation();
    m_channel->abort();
    Job::doCancel();
}
