#include "terminalprompter.h"

#include <QMetaObject>
#include <QSslCertificate>
#include <QTimer>

#include <cstdio>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace {

// Answers go through the event loop, as a dialog's would, so the core never sees a reentrant
// call.
template<typename Answer, typename Value>
void answerLater(Answer answer, Value value)
{
    QTimer::singleShot(0, [answer = std::move(answer), value] { answer(value); });
}

QString describeCertificate(const CertificatePrompt &prompt)
{
    QString text = QStringLiteral("The certificate of %1 port %2 is not trusted:\n")
                       .arg(prompt.host)
                       .arg(prompt.port);
    for (const QSslError &error : prompt.errors)
        text += QStringLiteral("  - %1\n").arg(error.errorString());
    if (!prompt.chain.isEmpty()) {
        const QSslCertificate &leaf = prompt.chain.constFirst();
        text += QStringLiteral("  subject: %1\n  issuer:  %2\n  expires: %3\n")
                    .arg(leaf.subjectDisplayName(), leaf.issuerDisplayName(),
                        leaf.expiryDate().toString(Qt::ISODate));
    }
    text += QStringLiteral("  SHA-256: %1\n").arg(QString::fromLatin1(prompt.sha256.toHex(':')));
    return text;
}

} // namespace

bool TerminalPrompter::isInteractive()
{
    return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

std::optional<QString> TerminalPrompter::readLine(const QString &question)
{
    std::fputs(qPrintable(question), stderr);
    std::fflush(stderr);
    std::string line;
    if (!std::getline(std::cin, line))
        return std::nullopt;
    return QString::fromStdString(line);
}

std::optional<QString> TerminalPrompter::readSecret(const QString &question)
{
    termios saved {};
    const bool terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    }
    std::optional<QString> line = readLine(question);
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fputs("\n", stderr);
    }
    return line;
}

void TerminalPrompter::askCertificate(
    const CertificatePrompt &prompt, std::function<void(TrustDecision)> answer)
{
    std::fputs(qPrintable(describeCertificate(prompt)), stderr);
    if (!isInteractive()) {
        std::fputs(
            "Refused (not interactive). Pass the issuing CA with --ca-file to trust it.\n", stderr);
        answerLater(std::move(answer), TrustDecision::Reject);
        return;
    }
    const QString reply
        = readLine(QStringLiteral("Trust it? [y]es once, [a]lways, [N]o: ")).value_or(QString());
    TrustDecision decision = TrustDecision::Reject;
    if (reply.startsWith(QLatin1Char('y'), Qt::CaseInsensitive))
        decision = TrustDecision::AcceptOnce;
    else if (reply.startsWith(QLatin1Char('a'), Qt::CaseInsensitive))
        decision = TrustDecision::AcceptAndRemember;
    answerLater(std::move(answer), decision);
}

void TerminalPrompter::askHostKey(
    const HostKeyPrompt &prompt, std::function<void(TrustDecision)> answer)
{
    std::fprintf(stderr, "The host key of %s port %u is not known.\n  %s key fingerprint %s\n",
        qPrintable(prompt.host), unsigned(prompt.port), qPrintable(prompt.keyType),
        qPrintable(prompt.sha256));
    if (!isInteractive()) {
        std::fputs(
            "Refused (not interactive). Use --accept-new-hostkey to accept new keys.\n", stderr);
        answerLater(std::move(answer), TrustDecision::Reject);
        return;
    }
    const QString reply = readLine(QStringLiteral("Connect and remember it in %1? [y]es, "
                                                  "[o]nce, [N]o: ")
                                       .arg(prompt.knownHostsFile))
                              .value_or(QString());
    TrustDecision decision = TrustDecision::Reject;
    if (reply.startsWith(QLatin1Char('y'), Qt::CaseInsensitive))
        decision = TrustDecision::AcceptAndRemember;
    else if (reply.startsWith(QLatin1Char('o'), Qt::CaseInsensitive))
        decision = TrustDecision::AcceptOnce;
    answerLater(std::move(answer), decision);
}

void TerminalPrompter::askPassword(
    const PasswordPrompt &prompt, std::function<void(std::optional<QString>)> answer)
{
    if (!isInteractive()) {
        answerLater(std::move(answer), std::optional<QString>());
        return;
    }
    // Servers end their own questions with ": " (PAM's "Password: "); the terminal adds its.
    QString what = prompt.what.trimmed();
    while (what.endsWith(QLatin1Char(':')))
        what.chop(1);
    const QString question = QStringLiteral("%1 for %2@%3: ").arg(what, prompt.user, prompt.host);
    answerLater(std::move(answer), prompt.echo ? readLine(question) : readSecret(question));
}

void TerminalPrompter::askFileExists(
    const FileExistsPrompt &prompt, std::function<void(FileExistsDecision)> answer)
{
    // Scripts get the safe choice: never overwrite what is there.
    std::fprintf(stderr, "%s exists; skipped (use --resume to continue a partial file).\n",
        qPrintable(prompt.destination));
    answerLater(std::move(answer), FileExistsDecision::Skip);
}
