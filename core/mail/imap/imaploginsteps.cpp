#include "mail/imap/imaploginsteps.h"

ImapLoginSteps::Greeting ImapLoginSteps::judgeGreeting(const ImapResponse &greeting, bool encrypted,
    bool plaintextChosen, const QString &host, Error *error)
{
    const QString words = QString::fromUtf8(greeting.text).trimmed();
    if (greeting.kind != ImapResponse::Kind::Untagged || !greeting.isStatus()) {
        *error = Error(Error::Kind::Protocol, tr("%1 did not greet like an IMAP server.").arg(host),
            greeting.toLogText());
        return Greeting::Refused;
    }
    switch (greeting.status) {
    case ImapResponse::Status::Ok: return Greeting::LogIn;
    case ImapResponse::Status::Bye:
        *error = Error(
            Error::Kind::ConnectionRefused, tr("%1 refused the connection.").arg(host), words);
        return Greeting::Refused;
    case ImapResponse::Status::PreAuth:
        // A PREAUTH greeting skips login: over plaintext, TLS can then never start (RFC 9051
        // §6.2.1 and the "NO STARTTLS" attacks), so it is refused unless the person chose
        // plaintext.
        if (!encrypted && !plaintextChosen) {
            *error = Error(Error::Kind::Tls,
                tr("%1 skipped login before TLS was started (PREAUTH); the connection was "
                   "closed because it would not be encrypted.")
                    .arg(host),
                words);
            return Greeting::Refused;
        }
        return Greeting::PreAuthenticated;
    default:
        *error = Error(
            Error::Kind::Protocol, tr("%1 did not greet like an IMAP server.").arg(host), words);
        return Greeting::Refused;
    }
}

std::optional<ImapLoginSteps::Login> ImapLoginSteps::loginCommand(
    const QSet<QByteArray> &capabilities, const QString &user, const QString &password,
    const QString &host, Error *error)
{
    const QByteArray userBytes = user.toUtf8();
    const QByteArray passwordBytes = password.toUtf8();
    Login login;
    if (capabilities.contains("AUTH=PLAIN")) {
        const QByteArray response
            = QByteArray(QByteArray(1, '\0') + userBytes + '\0' + passwordBytes).toBase64();
        if (capabilities.contains("SASL-IR")) {
            login.command = ImapCommand("AUTHENTICATE PLAIN").append(response).setSecret(true);
        } else {
            login.command = ImapCommand("AUTHENTICATE PLAIN");
            login.continuationAnswer = response;
        }
        return login;
    }
    if (capabilities.contains("LOGINDISABLED")) {
        *error = Error(Error::Kind::Authentication,
            tr("%1 does not allow logging in on this connection (LOGINDISABLED) and offers no "
               "method Wharf supports.")
                .arg(host));
        return std::nullopt;
    }
    login.command
        = ImapCommand("LOGIN").appendString(userBytes).appendString(passwordBytes).setSecret(true);
    return login;
}

Error ImapLoginSteps::loginRefused(
    const ImapResponse &tagged, const Error &error, const QString &host, const QString &user)
{
    if (tagged.status != ImapResponse::Status::No)
        return error; // BAD, or the connection went: not a verdict on the password
    return Error(Error::Kind::Authentication,
        tr("%1 rejected the user name or password for %2.").arg(host, user), error.serverReply());
}

Error ImapLoginSteps::noStartTls(const QString &host)
{
    return Error(Error::Kind::Tls,
        tr("%1 does not offer STARTTLS, and this account requires TLS. Use imaps:// (port 993) "
           "if the server has it.")
            .arg(host));
}

Error ImapLoginSteps::startTlsRefused(const QString &host, const Error &error)
{
    return Error(Error::Kind::Tls, tr("%1 refused to start TLS.").arg(host), error.serverReply());
}

Error ImapLoginSteps::injection(const QString &host, qint64 bytes)
{
    return Error(Error::Kind::Tls,
        tr("%1 sent %2 bytes right after agreeing to STARTTLS, before encryption started; the "
           "connection was closed because they could be forged.")
            .arg(host)
            .arg(bytes));
}
