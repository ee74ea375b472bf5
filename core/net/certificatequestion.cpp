#include "net/certificatequestion.h"

#include "net/linechannel.h"
#include "net/prompter.h"
#include "security/certificatestore.h"

#include <QPointer>

bool CertificateQuestion::offer(const Error &error, const LineChannel *channel, Prompter *prompter,
    CertificateStore *store, bool *asked, QObject *guard, std::function<void()> reconnect,
    std::function<void(const Error &)> fail)
{
    if (*asked || error.kind() != Error::Kind::Tls || !channel || !channel->certificateFailure()
        || !prompter || !store)
        return false;
    *asked = true;
    const CertificatePrompt prompt = *channel->certificateFailure();
    QPointer<QObject> alive(guard);
    prompter->askCertificate(prompt,
        [alive, store, prompt, error, reconnect = std::move(reconnect), fail = std::move(fail)](
            Prompter::TrustDecision decision) {
            if (!alive)
                return;
            if (decision == Prompter::TrustDecision::Reject) {
                fail(error);
                return;
            }
            const QSslCertificate leaf
                = prompt.chain.isEmpty() ? QSslCertificate() : prompt.chain.constFirst();
            if (decision == Prompter::TrustDecision::AcceptAndRemember)
                store->acceptPermanently(prompt.host, prompt.port, leaf);
            else
                store->acceptForSession(prompt.host, prompt.port, leaf);
            reconnect();
        });
    return true;
}
