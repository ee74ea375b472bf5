#include "mail/smtp/outboxsendjob.h"

OutboxSendJob::OutboxSendJob(Outbox *outbox, SmtpSendJob::Settings settings,
    CertificateStore *certificates, ProtocolLog *log, QStringList ids, bool force, QObject *parent)
    : Job(parent)
    , m_outbox(outbox)
    , m_settings(std::move(settings))
    , m_certificates(certificates)
    , m_log(log)
    , m_ids(std::move(ids))
    , m_force(force)
{ }

int OutboxSendJob::count(Outcome outcome) const
{
    return int(std::count_if(m_results.cbegin(), m_results.cend(),
        [outcome](const Result &result) { return result.outcome == outcome; }));
}

bool OutboxSendJob::isTemporary(const Error &error, bool smtpSaidTemporary)
{
    if (smtpSaidTemporary)
        return true;
    switch (error.kind()) {
    case Error::Kind::HostNotFound:
    case Error::Kind::ConnectionRefused:
    case Error::Kind::ConnectionLost:
    case Error::Kind::Timeout:
    // A password or certificate problem is fixed by the person, not by the message: keep it.
    case Error::Kind::Authentication:
    case Error::Kind::Tls:
    case Error::Kind::LocalIo: return true;
    default: return false;
    }
}

void OutboxSendJob::doStart()
{
    const QList<Outbox::Entry> candidates = m_force ? m_outbox->entries() : m_outbox->due();
    for (const Outbox::Entry &entry : candidates) {
        if ((m_ids.isEmpty() || m_ids.contains(entry.id)) && !entry.givenUp)
            m_pending.append(entry);
    }
    setProgress(0, m_pending.size());
    sendNext();
}

void OutboxSendJob::doCancel()
{
    if (m_current)
        m_current->cancel();
    else
        finishWithError(Error(Error::Kind::Cancelled, tr("Cancelled.")));
}

void OutboxSendJob::sendNext()
{
    if (isCancelRequested()) {
        finishWithError(Error(Error::Kind::Cancelled, tr("Cancelled.")));
        return;
    }
    if (m_pending.isEmpty()) {
        finishWithSuccess();
        return;
    }
    const Outbox::Entry entry = m_pending.takeFirst();
    QByteArray message;
    const Error readError = m_outbox->readMessage(entry.id, &message);
    if (readError.isError()) {
        m_results.append({entry.id, Outcome::GivenUp, {}, readError});
        sendNext();
        return;
    }
    auto *job = new SmtpSendJob(
        m_settings, entry.from, entry.recipients, message, m_certificates, m_log, this);
    job->setPrompter(m_prompter);
    m_current = job;
    connect(job, &Job::finished, this, [this, job, entry] {
        job->deleteLater();
        record(entry, job);
        setProgress(m_results.size(), m_results.size() + m_pending.size());
        sendNext();
    });
    job->start();
}

void OutboxSendJob::record(const Outbox::Entry &entry, SmtpSendJob *job)
{
    Result result;
    result.id = entry.id;
    result.recipients = job->recipientResults();
    QStringList deferred;
    if (!job->error().isError()) {
        for (const SmtpSendJob::RecipientResult &recipient : job->recipientResults()) {
            if (recipient.code / 100 == 4)
                deferred.append(recipient.address);
        }
        // 5xx recipients are refused for good: reported in the result, not retried.
    } else if (job->error().kind() == Error::Kind::Cancelled) {
        deferred = entry.recipients;
        result.error = job->error();
    } else if (isTemporary(job->error(), job->isTemporaryFailure())) {
        // Nothing was delivered: the server took the message only if it said 250 to DATA.
        deferred = entry.recipients;
        result.error = job->error();
    } else {
        result.outcome = Outcome::GivenUp;
        result.error = job->error();
        const Error recorded = m_outbox->recordGivenUp(entry.id, job->error().message());
        if (recorded.isError())
            result.error = recorded;
        m_results.append(result);
        return;
    }
    Error recorded;
    if (deferred.isEmpty()) {
        recorded = m_outbox->recordDelivered(entry.id);
    } else {
        result.outcome = Outcome::Deferred;
        QString reason = result.error.message();
        if (reason.isEmpty()) {
            QStringList replies;
            for (const SmtpSendJob::RecipientResult &recipient : job->recipientResults()) {
                if (recipient.code / 100 == 4)
                    replies.append(recipient.address + QStringLiteral(": ") + recipient.reply);
            }
            reason = replies.join(QStringLiteral("; "));
        }
        if (!result.error.isError())
            result.error = Error(Error::Kind::ConnectionLost, reason);
        recorded = m_outbox->recordDeferred(entry.id, deferred, reason);
    }
    if (recorded.isError())
        result.error = recorded;
    m_results.append(result);
}
