// Answers the core's questions on a terminal, or refuses them when there is none (scripts):
// wharf-cli never trusts anything silently.
#pragma once

#include "net/prompter.h"

class TerminalPrompter : public Prompter
{
public:
    void askCertificate(
        const CertificatePrompt &prompt, std::function<void(TrustDecision)> answer) override;
    void askHostKey(
        const HostKeyPrompt &prompt, std::function<void(TrustDecision)> answer) override;
    void askPassword(
        const PasswordPrompt &prompt, std::function<void(std::optional<QString>)> answer) override;
    void askFileExists(
        const FileExistsPrompt &prompt, std::function<void(FileExistsDecision)> answer) override;

    [[nodiscard]] static bool isInteractive();
    // Reads a line from the terminal with echo off; nullopt on end of input.
    [[nodiscard]] static std::optional<QString> readSecret(const QString &question);
    [[nodiscard]] static std::optional<QString> readLine(const QString &question);
};
