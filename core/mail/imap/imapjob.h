// What every IMAP job shares: the session it runs on, command results that either end the job
// with the server's refusal or go on to the next step, and selecting the folder it works in.
#pragma once

#include "mail/imap/imapsession.h"
#include "net/job.h"

#include <QPointer>

#include <functional>

class ImapJob : public Job
{
    Q_OBJECT

public:
    explicit ImapJob(ImapSession *session, QObject *parent = nullptr);

protected:
    // Handlers whose result ends the job on an error and otherwise calls next. Safe when the
    // job is gone or finished by the time the result arrives.
    [[nodiscard]] ImapSession::Handlers then(std::function<void()> next);
    // Runs next once mailbox is selected (read-write when writable), selecting it if needed.
    void selectThen(const QByteArray &mailbox, bool writable, std::function<void()> next);
    // Finishes with an error when the session is gone; true when it is there.
    [[nodiscard]] bool haveSession();
    // Finishes with an error unless every flag is an atom (nothing that could end the list or
    // the command); true when they all are.
    [[nodiscard]] bool checkFlags(const QByteArrayList &flags);

    QPointer<ImapSession> m_session;
};
