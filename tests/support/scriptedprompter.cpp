#include "scriptedprompter.h"

#include <QCoreApplication>

namespace {

// Answers after the question returns, as a dialog opened with open() would.
template<typename Answer, typename Value>
void answerLater(Answer answer, Value value)
{
    QMetaObject::invokeMethod(
        qApp, [answer = std::move(answer), value] { answer(value); }, Qt::QueuedConnection);
}

} // namespace

void ScriptedPrompter::askCertificate(
    const CertificatePrompt &prompt, std::function<void(TrustDecision)> answer)
{
    certificateQuestions.append(prompt);
    answerLater(std::move(answer), certificateAnswer);
}

void ScriptedPrompter::askHostKey(
    const HostKeyPrompt &prompt, std::function<void(TrustDecision)> answer)
{
    hostKeyQuestions.append(prompt);
    answerLater(std::move(answer), hostKeyAnswer);
}

void ScriptedPrompter::askPassword(
    const PasswordPrompt &prompt, std::function<void(std::optional<QString>)> answer)
{
    passwordQuestions.append(prompt);
    answerLater(std::move(answer), passwordAnswer);
}

void ScriptedPrompter::askFileExists(
    const FileExistsPrompt &prompt, std::function<void(FileExistsDecision)> answer)
{
    fileExistsQuestions.append(prompt);
    answerLater(std::move(answer), fileExistsAnswer);
}
