#include "mail/imap/imapjob.h"

#include "mail/store/messagesummary.h"

ImapJob::ImapJob(ImapSession *session, QObject *parent)
    : Job(parent)
    , m_session(session)
{ }

ImapSession::Handlers ImapJob::then(std::function<void()> next)
{
    QPointer<ImapJob> self(this);
    ImapSession::Handlers handlers;
    handlers.completed = [self, next = std::move(next)](const ImapResponse &, const Error &error) {
        if (!self || self->isFinished())
            return;
        if (error.isError())
            self->finishWithError(error);
        else
            next();
    };
    return handlers;
}

void ImapJob::selectThen(const QByteArray &mailbox, bool writable, std::function<void()> next)
{
    if (m_session->selectedMailbox() == mailbox
        && (!writable || !m_session->isSelectedReadOnly())) {
        next();
        return;
    }
    m_session->select(mailbox, false, then(std::move(next)));
}

bool ImapJob::haveSession()
{
    if (m_session)
        return true;
    finishWithError(Error(Error::Kind::Internal, tr("No IMAP connection.")));
    return false;
}

bool ImapJob::checkFlags(const QByteArrayList &flags)
{
    for (const QByteArray &flag : flags) {
        if (!MessageSummary::isValidFlagAtom(flag)) {
            finishWithError(Error(Error::Kind::UnsafeName,
                tr("\"%1\" is not a valid IMAP flag.").arg(QString::fromUtf8(flag))));
            return false;
        }
    }
    return true;
}
