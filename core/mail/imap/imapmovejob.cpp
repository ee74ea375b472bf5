#include "mail/imap/imapmovejob.h"

#include "mail/imap/imapcommand.h"

ImapMoveJob::ImapMoveJob(ImapSession *session, QByteArray fromMailbox, QList<quint32> uids,
    QByteArray toMailbox, QObject *parent)
    : ImapJob(session, parent)
    , m_from(std::move(fromMailbox))
    , m_sets(ImapCommand::uidSets(std::move(uids)))
    , m_to(std::move(toMailbox))
{ }

void ImapMoveJob::doStart()
{
    if (!haveSession())
        return;
    if (m_sets.isEmpty()) {
        finishWithSuccess();
        return;
    }
    selectThen(m_from, true, [this] { runSteps(); });
}

void ImapMoveJob::runSteps()
{
    // The steps are built once the session is logged in and its capabilities are known.
    const QByteArray destination = ImapCommand().appendString(m_to).pieces().value(0).text;
    const bool literalNeeded = ImapCommand().appendString(m_to).pieces().value(0).hasLiteral;
    if (literalNeeded) {
        finishWithError(Error(Error::Kind::Unsupported,
            tr("Moving into a folder whose name needs a literal is not supported.")));
        return;
    }
    for (const QByteArray &set : std::as_const(m_sets)) {
        if (m_session->hasCapability("MOVE")) {
            m_steps.append("UID MOVE " + set + ' ' + destination);
            continue;
        }
        m_steps.append("UID COPY " + set + ' ' + destination);
        m_steps.append("UID STORE " + set + " +FLAGS.SILENT (\\Deleted)");
        if (m_session->hasCapability("UIDPLUS"))
            m_steps.append("UID EXPUNGE " + set);
        else if (m_plainExpungeAllowed)
            m_steps.append("EXPUNGE");
        else
            m_leftDeleted = true;
    }
    setProgress(0, m_steps.size());
    next();
}

void ImapMoveJob::next()
{
    if (m_nextStep >= m_steps.size()) {
        finishWithSuccess();
        return;
    }
    const QByteArray step = m_steps.at(m_nextStep++);
    m_session->execute(ImapCommand(step), then([this] {
        setProgress(m_nextStep, m_steps.size());
        next();
    }));
}
