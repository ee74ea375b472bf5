#include "mail/imap/imapstoreflagsjob.h"

#include "mail/imap/imapcommand.h"

ImapStoreFlagsJob::ImapStoreFlagsJob(ImapSession *session, QByteArray encodedMailbox,
    QList<quint32> uids, Change change, QByteArrayList flags, QObject *parent)
    : ImapJob(session, parent)
    , m_mailbox(std::move(encodedMailbox))
    , m_sets(ImapCommand::uidSets(std::move(uids)))
    , m_change(change)
    , m_flags(std::move(flags))
{ }

void ImapStoreFlagsJob::doStart()
{
    if (!haveSession())
        return;
    if (!checkFlags(m_flags))
        return;
    if (m_sets.isEmpty() || m_flags.isEmpty()) {
        finishWithSuccess();
        return;
    }
    selectThen(m_mailbox, true, [this] { storeNext(); });
}

void ImapStoreFlagsJob::storeNext()
{
    if (m_nextSet >= m_sets.size()) {
        finishWithSuccess();
        return;
    }
    const QByteArray set = m_sets.at(m_nextSet++);
    m_session->execute(ImapCommand("UID STORE")
                           .append(set)
                           .append(m_change == Change::Add ? "+FLAGS.SILENT" : "-FLAGS.SILENT")
                           .append('(' + m_flags.join(' ') + ')'),
        then([this] { storeNext(); }));
}
