#include "mail/imap/imapstoreflagsjob.h"

#include "mail/imap/imapcommand.h"
#include "mail/imap/imapsession.h"

ImapStoreFlagsJob::ImapStoreFlagsJob(ImapSession *session, QByteArray encodedMailbox,
    QList<quint32> uids, Change change, QByteArrayList flags, QObject *parent)
    : Job(parent)
    , m_session(session)
    , m_mailbox(std::move(encodedMailbox))
    , m_sets(ImapCommand::uidSets(std::move(uids)))
    , m_change(change)
    , m_flags(std::move(flags))
{ }

void ImapStoreFlagsJob::doStart()
{
    if (!m_session) {
        finishWithError(Error(Error::Kind::Internal, tr("No IMAP connection.")));
        return;
    }
    for (const QByteArray &flag : std::as_const(m_flags)) {
        for (const char c : flag) {
            // A flag is an atom: nothing that could end the list or the command.
            if (c <= ' ' || c == '(' || c == ')' || c == '{' || c == '"' || c == '%' || c == '*'
                || c == ']' || c == 0x7f) {
                finishWithError(Error(Error::Kind::UnsafeName,
                    tr("\"%1\" is not a valid IMAP flag.").arg(QString::fromUtf8(flag))));
                return;
            }
        }
    }
    if (m_sets.isEmpty() || m_flags.isEmpty()) {
        finishWithSuccess();
        return;
    }
    if (m_session->selectedMailbox() == m_mailbox && !m_session->isSelectedReadOnly()) {
        storeNext();
        return;
    }
    QPointer<ImapStoreFlagsJob> self(this);
    ImapSession::Handlers handlers;
    handlers.completed = [self](const ImapResponse &, const Error &error) {
        if (!self || self->isFinished())
            return;
        if (error.isError())
            self->finishWithError(error);
        else
            self->storeNext();
    };
    m_session->select(m_mailbox, false, std::move(handlers));
}

void ImapStoreFlagsJob::storeNext()
{
    if (m_nextSet >= m_sets.size()) {
        finishWithSuccess();
        return;
    }
    const QByteArray set = m_sets.at(m_nextSet++);
    QPointer<ImapStoreFlagsJob> self(this);
    ImapSession::Handlers handlers;
    handlers.completed = [self](const ImapResponse &, const Error &error) {
        if (!self || self->isFinished())
            return;
        if (error.isError())
            self->finishWithError(error);
        else
            self->storeNext();
    };
    m_session->execute(ImapCommand("UID STORE")
                           .append(set)
                           .append(m_change == Change::Add ? "+FLAGS.SILENT" : "-FLAGS.SILENT")
                           .append('(' + m_flags.join(' ') + ')'),
        std::move(handlers));
}
