// The decisions of an IMAP login that need no socket: what a greeting means under the
// account's TLS policy (a PREAUTH before TLS is refused), which command logs in with the
// capabilities offered (AUTHENTICATE PLAIN, with SASL-IR when possible, else LOGIN unless
// LOGINDISABLED), and the sentences a person reads when it goes wrong.
#pragma once

#include "mail/imap/imapcommand.h"
#include "mail/imap/imapresponse.h"
#include "net/error.h"

#include <QCoreApplication>
#include <QSet>

#include <optional>

class ImapLoginSteps
{
    Q_DECLARE_TR_FUNCTIONS(ImapLoginSteps)

public:
    enum class Greeting { LogIn, PreAuthenticated, Refused };

    // encrypted: TLS is up already; plaintextChosen: the person allowed an unencrypted
    // session for this server. Refused sets *error.
    [[nodiscard]] static Greeting judgeGreeting(const ImapResponse &greeting, bool encrypted,
        bool plaintextChosen, const QString &host, Error *error);

    struct Login
    {
        ImapCommand command; // secret: its arguments never reach the log
        // Sent as the answer to the server's "+" (AUTHENTICATE without SASL-IR); empty else.
        QByteArray continuationAnswer;
    };
    // nullopt (and *error) when the server offers no way Wharf can log in.
    [[nodiscard]] static std::optional<Login> loginCommand(const QSet<QByteArray> &capabilities,
        const QString &user, const QString &password, const QString &host, Error *error);

    [[nodiscard]] static Error loginRefused(
        const ImapResponse &tagged, const Error &error, const QString &host, const QString &user);
    [[nodiscard]] static Error noStartTls(const QString &host);
    [[nodiscard]] static Error startTlsRefused(const QString &host, const Error &error);
    // Bytes that came after the OK to STARTTLS and before the handshake: forged, maybe.
    [[nodiscard]] static Error injection(const QString &host, qint64 bytes);
};
