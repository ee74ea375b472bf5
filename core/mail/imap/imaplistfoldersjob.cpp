#include "mail/imap/imaplistfoldersjob.h"

#include "mail/imap/imapfetchdata.h"
#include "mail/imap/imapsession.h"
#include "mail/store/mailindex.h"

ImapListFoldersJob::ImapListFoldersJob(ImapSession *session, MailIndex *index, QObject *parent)
    : ImapJob(session, parent)
    , m_index(index)
{ }

FolderInfo ImapListFoldersJob::folderFromListEntry(const ImapListEntry &entry)
{
    FolderInfo info;
    info.path = entry.name;
    info.encodedPath = entry.encodedName;
    if (entry.delimiter)
        info.delimiter = QChar::fromLatin1(*entry.delimiter);
    info.selectable = !entry.hasAttribute("\\Noselect") && !entry.hasAttribute("\\NonExistent");
    static const QList<QPair<QByteArrayView, FolderInfo::SpecialUse>> uses = {
        {"\\Sent", FolderInfo::SpecialUse::Sent},
        {"\\Drafts", FolderInfo::SpecialUse::Drafts},
        {"\\Trash", FolderInfo::SpecialUse::Trash},
        {"\\Junk", FolderInfo::SpecialUse::Junk},
        {"\\Archive", FolderInfo::SpecialUse::Archive},
        {"\\All", FolderInfo::SpecialUse::All},
        {"\\Flagged", FolderInfo::SpecialUse::Flagged},
    };
    for (const auto &[attribute, use] : uses) {
        if (entry.hasAttribute(attribute))
            info.specialUse = use;
    }
    // INBOX is case-insensitive and always the inbox (RFC 3501 §5.1).
    if (entry.encodedName.compare("INBOX", Qt::CaseInsensitive) == 0) {
        info.specialUse = FolderInfo::SpecialUse::Inbox;
        info.path = QStringLiteral("INBOX");
    }
    return info;
}

void ImapListFoldersJob::doStart()
{
    if (!haveSession())
        return;
    ImapSession::Handlers handlers = then([this] { afterList(); });
    QPointer<ImapListFoldersJob> self(this);
    handlers.untagged = [self](const ImapResponse &response) {
        if (!self || response.name != "LIST")
            return;
        if (const std::optional<ImapListEntry> entry = ImapListEntry::fromResponse(response))
            self->m_folders.append(folderFromListEntry(*entry));
    };
    ImapCommand command(R"(LIST "" "*")");
    if (m_session->hasCapability("SPECIAL-USE") && m_session->hasCapability("LIST-EXTENDED"))
        command.append("RETURN (SPECIAL-USE)");
    m_session->execute(command, std::move(handlers));
}

void ImapListFoldersJob::afterList()
{
    if (m_index) {
        for (const FolderInfo &folder : std::as_const(m_folders)) {
            Error error;
            if (m_index->upsertFolder(folder, &error) == 0) {
                finishWithError(error);
                return;
            }
        }
    }
    if (!m_withCounts) {
        finishWithSuccess();
        return;
    }
    setProgress(0, m_folders.size());
    askNextStatus();
}

void ImapListFoldersJob::askNextStatus()
{
    while (m_nextStatus < m_folders.size() && !m_folders.at(m_nextStatus).selectable)
        ++m_nextStatus;
    if (m_nextStatus >= m_folders.size()) {
        finishWithSuccess();
        return;
    }
    const qsizetype index = m_nextStatus++;
    QPointer<ImapListFoldersJob> self(this);
    ImapSession::Handlers handlers;
    handlers.untagged = [self, index](const ImapResponse &response) {
        if (!self || response.name != "STATUS")
            return;
        const std::optional<ImapStatusData> status = ImapStatusData::fromResponse(response);
        FolderInfo &folder = self->m_folders[index];
        if (!status || status->encodedName != folder.encodedPath)
            return;
        folder.messageCount = int(status->messages.value_or(0));
        folder.unreadCount = int(status->unseen.value_or(0));
        folder.uidNext = status->uidNext.value_or(0);
    };
    handlers.completed = [self](const ImapResponse &, const Error &error) {
        if (!self || self->isFinished())
            return;
        // A folder that can't be asked (gone meanwhile, no rights) just has no counts.
        if (error.isError() && error.kind() != Error::Kind::Protocol) {
            self->finishWithError(error);
            return;
        }
        self->setProgress(self->m_nextStatus, self->m_folders.size());
        self->askNextStatus();
    };
    m_session->execute(ImapCommand("STATUS")
                           .appendString(m_folders.at(index).encodedPath)
                           .append("(MESSAGES UNSEEN UIDNEXT)"),
        std::move(handlers));
}
