// The one way every TLS protocol (FTPS, IMAP, POP3, SMTP) asks a person about a certificate
// that failed verification: the Prompter shows the reason and fingerprint, and the answer is
// recorded in the CertificateStore (for this run, or for good) before the caller reconnects.
#pragma once

#include "net/error.h"

#include <QObject>

#include <functional>

class CertificateStore;
class LineChannel;
class Prompter;

class CertificateQuestion
{
public:
    // Whether the channel's failure is a certificate a person could still accept: a TLS error
    // with the failure details, and a prompter and store to ask and remember with.
    [[nodiscard]] static bool canAsk(const Error &error, const LineChannel *channel,
        const Prompter *prompter, const CertificateStore *store);
    // Asks about the channel's failed certificate. answer(true) once the decision is recorded
    // (accept once or always), answer(false) when refused. Nothing is called when guard is
    // destroyed before the person answers.
    static void ask(const LineChannel *channel, Prompter *prompter, CertificateStore *store,
        QObject *guard, std::function<void(bool accepted)> answer);
};
