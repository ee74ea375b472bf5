// Sends what is due in an Outbox, one message after another, each on its own SMTP connection
// (SmtpSendJob), and records each outcome there: delivered messages leave, recipients that got
// a temporary refusal (4xx, a lost connection, a server that can't be reached) stay for a later
// try with backoff, and a permanent refusal (5xx) marks the message given up, for the person.
#pragma once

#include "mail/smtp/smtpsendjob.h"
#include "mail/store/outbox.h"
#include "net/job.h"

#include <QPointer>

class Prompter;

class OutboxSendJob : public Job
{
    Q_OBJECT

public:
    enum class Outcome { Delivered, Deferred, GivenUp };

    struct Result
    {
        QString id;
        Outcome outcome = Outcome::Delivered;
        QList<SmtpSendJob::RecipientResult> recipients; // each recipient's answer
        Error error; // why it was deferred or given up
    };

    // ids: only these entries (empty: every due one). Sends due entries only, unless force.
    OutboxSendJob(Outbox *outbox, SmtpSendJob::Settings settings, CertificateStore *certificates,
        ProtocolLog *log, QStringList ids = {}, bool force = false, QObject *parent = nullptr);

    // Asked about certificates that fail verification (see SmtpSendJob::setPrompter).
    void setPrompter(Prompter *prompter) { m_prompter = prompter; }

    [[nodiscard]] const QList<Result> &results() const { return m_results; }
    [[nodiscard]] int count(Outcome outcome) const;

    // Whether a failed send may succeed later without anyone changing anything.
    [[nodiscard]] static bool isTemporary(const Error &error, bool smtpSaidTemporary);

protected:
    void doStart() override;
    void doCancel() override;

private:
    void sendNext();
    void record(const Outbox::Entry &entry, SmtpSendJob *job);

    Outbox *m_outbox;
    SmtpSendJob::Settings m_settings;
    CertificateStore *m_certificates;
    ProtocolLog *m_log;
    Prompter *m_prompter = nullptr;
    QStringList m_ids;
    bool m_force;
    QList<Outbox::Entry> m_pending;
    QList<Result> m_results;
    QPointer<SmtpSendJob> m_current;
};
