#include "mail/sentcopyjob.h"

#include "mail/imap/imapappendjob.h"
#include "mail/imap/imaplistfoldersjob.h"
#include "mail/imap/imapsession.h"
#include "mail/store/mailaccountstorage.h"
#include "mail/store/maildir.h"

SentCopyJob::SentCopyJob(
    MailAccountStorage *storage, ImapSession *session, QByteArray message, QObject *parent)
    : Job(parent)
    , m_storage(storage)
    , m_session(session)
    , m_message(std::move(message))
{ }

void SentCopyJob::doStart()
{
    if (m_session)
        findSentFolder();
    else
        storeLocally();
}

void SentCopyJob::storeLocally()
{
    const Maildir sent(m_storage->sentPath());
    Error error = sent.create();
    QString name;
    if (!error.isError())
        error = sent.deliver(m_message, &name);
    if (error.isError()) {
        finishWithError(error);
        return;
    }
    // Delivered as new; a copy of one's own message is already read (Maildir "S" flag).
    const QString from = sent.path() + QStringLiteral("/new/") + name;
    const QString to = sent.path() + QStringLiteral("/cur/") + name + QStringLiteral(":2,S");
    if (!Maildir::renameAtomically(from, to)) {
        finishWithError(
            Error(Error::Kind::LocalIo, tr("Could not file the copy in %1.").arg(sent.path())));
        return;
    }
    m_folder = sent.path();
    finishWithSuccess();
}

void SentCopyJob::findSentFolder()
{
    const auto sentFolder = [this]() -> std::optional<FolderInfo> {
        for (const FolderInfo &folder : m_storage->index().folders()) {
            if (folder.specialUse == FolderInfo::SpecialUse::Sent)
                return folder;
        }
        return std::nullopt;
    };
    if (const std::optional<FolderInfo> known = sentFolder()) {
        m_folder = known->path;
        append(known->encodedPath);
        return;
    }
    // Not known yet: ask the server for its folders (this also fills the index).
    auto *list = new ImapListFoldersJob(m_session, &m_storage->index(), this);
    connect(list, &Job::finished, this, [this, list, sentFolder] {
        list->deleteLater();
        if (list->error().isError()) {
            finishWithError(list->error());
            return;
        }
        if (const std::optional<FolderInfo> found = sentFolder()) {
            m_folder = found->path;
            append(found->encodedPath);
            return;
        }
        for (const FolderInfo &folder : list->folders()) {
            if (folder.path.compare(QLatin1StringView("Sent"), Qt::CaseInsensitive) == 0) {
                m_folder = folder.path;
                append(folder.encodedPath);
                return;
            }
        }
        if (!m_session) {
            finishWithError(Error(Error::Kind::ConnectionLost, tr("The IMAP connection is gone.")));
            return;
        }
        // No Sent folder at all: create one, as other clients do.
        ImapSession::Handlers handlers;
        QPointer<SentCopyJob> self(this);
        handlers.completed = [self](const ImapResponse &, const Error &error) {
            if (!self || self->isFinished())
                return;
            if (error.isError()) {
                self->finishWithError(error);
                return;
            }
            self->m_folder = QStringLiteral("Sent");
            self->append("Sent");
        };
        m_session->execute(ImapCommand("CREATE Sent"), std::move(handlers));
    });
    list->start();
}

void SentCopyJob::append(const QByteArray &encodedMailbox)
{
    if (!m_session) {
        finishWithError(Error(Error::Kind::ConnectionLost, tr("The IMAP connection is gone.")));
        return;
    }
    auto *job = new ImapAppendJob(
        m_session, encodedMailbox, m_message, {"\\Seen"}, QDateTime::currentDateTime(), this);
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (job->error().isError())
            finishWithError(job->error());
        else
            finishWithSuccess();
    });
    job->start();
}
