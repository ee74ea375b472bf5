#include "net/certificatequestion.h"

#include "net/linechannel.h"
#include "net/prompter.h"
#include "security/certificatestore.h"

#include <QPointer>

bool CertificateQuestion::canAsk(const Error &error, const LineChannel *channel,
    const Prompter *prompter, const CertificateStore *store)
{
    return error.kind() == Error::Kind::Tls && channel && channel->certificateFailure() && prompter
        && store;
}

void CertificateQuestion::ask(const LineChannel *channel, Prompter *prompter,
    CertificateStore *store, QObject *guard, std::function<void(bool accepted)> answer)
{
    const CertificatePrompt prompt = *channel->certificateFailure();
    QPointer<QObject> alive(guard);
    prompter->askCertificate(
        prompt, [alive, store, prompt, answer](Prompter::TrustDecision decision) {
            if (!alive)
                return;
            if (decision == Prompter::TrustDecision::Reject) {
                answer(false);
                return;
            }
            const QSslCertificate leaf
                = prompt.chain.isEmpty() ? QSslCertificate() : prompt.chain.constFirst();
            if (decision == Prompter::TrustDecision::AcceptAndRemember)
                store->acceptPermanently(prompt.host, prompt.port, leaf);
            else
                store->acceptForSession(prompt.host, prompt.port, leaf);
            answer(true);
        });
}
