// Decisions the core can't make alone (trust a certificate or host key, a password, a file that
// exists) are asked through this interface: the GUI answers with dialogs opened with open(),
// the CLI with flags and terminal prompts, tests with scripted answers. Answers may come later;
// each callback must be called exactly once.
#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>

#include <functional>
#include <optional>

struct CertificatePrompt
{
    QString host;
    quint16 port = 0;
    QList<QSslCertificate> chain; // the server's chain, leaf first
    QList<QSslError> errors; // why verification failed
    QByteArray sha256; // fingerprint of the leaf certificate
};

struct HostKeyPrompt
{
    QString host;
    quint16 port = 0;
    QString keyType; // "ssh-ed25519"
    QString sha256; // "SHA256:..." as OpenSSH prints it
    QString knownHostsFile;
};

struct PasswordPrompt
{
    QString host;
    QString user;
    QString what; // "password", "key passphrase", a keyboard-interactive question
    bool echo = false;
};

struct FileExistsPrompt
{
    QString destination;
    qint64 existingSize = -1;
    qint64 incomingSize = -1;
    bool canResume = false;
};

class Prompter
{
public:
    enum class TrustDecision { Reject, AcceptOnce, AcceptAndRemember };
    enum class FileExistsDecision { Overwrite, Resume, Rename, Skip, Cancel };

    Prompter() = default;
    Prompter(const Prompter &) = delete;
    Prompter &operator=(const Prompter &) = delete;
    virtual ~Prompter() = default;

    virtual void askCertificate(
        const CertificatePrompt &prompt, std::function<void(TrustDecision)> answer)
        = 0;
    virtual void askHostKey(const HostKeyPrompt &prompt, std::function<void(TrustDecision)> answer)
        = 0;
    // nullopt: the person declined to answer.
    virtual void askPassword(
        const PasswordPrompt &prompt, std::function<void(std::optional<QString>)> answer)
        = 0;
    virtual void askFileExists(
        const FileExistsPrompt &prompt, std::function<void(FileExistsDecision)> answer)
        = 0;
};
