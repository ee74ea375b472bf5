// A Prompter for tests: answers each kind of question as told (later, from the event loop,
// as a person would) and keeps every question asked, so a test can check what was shown.
#pragma once

#include "net/prompter.h"

#include <QList>

class ScriptedPrompter : public Prompter
{
public:
    TrustDecision certificateAnswer = TrustDecision::Reject;
    TrustDecision hostKeyAnswer = TrustDecision::Reject;
    std::optional<QString> passwordAnswer; // nullopt: the person declines
    FileExistsDecision fileExistsAnswer = FileExistsDecision::Skip;

    QList<CertificatePrompt> certificateQuestions;
    QList<HostKeyPrompt> hostKeyQuestions;
    QList<PasswordPrompt> passwordQuestions;
    QList<FileExistsPrompt> fileExistsQuestions;

    void askCertificate(
        const CertificatePrompt &prompt, std::function<void(TrustDecision)> answer) override;
    void askHostKey(
        const HostKeyPrompt &prompt, std::function<void(TrustDecision)> answer) override;
    void askPassword(
        const PasswordPrompt &prompt, std::function<void(std::optional<QString>)> answer) override;
    void askFileExists(
        const FileExistsPrompt &prompt, std::function<void(FileExistsDecision)> answer) override;
};
