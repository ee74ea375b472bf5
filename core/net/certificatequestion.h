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
    // The usual reaction to a connection that failed. When the failure is a certificate a
    // person could still accept (a TLS error with the details, a prompter and a store to ask
    // and remember with) and *asked is false: sets *asked, asks, then calls reconnect once
    // the answer is recorded or fail(error) when refused, and returns true. Otherwise returns
    // false and the caller fails as it would have. Nothing is called once guard is gone.
    static bool offer(const Error &error, const LineChannel *channel, Prompter *prompter,
        CertificateStore *store, bool *asked, QObject *guard, std::function<void()> reconnect,
        std::function<void(const Error &)> fail);
};
