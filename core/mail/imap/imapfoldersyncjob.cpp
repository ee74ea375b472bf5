#include "mail/imap/imapfoldersyncjob.h"

#include "mail/imap/imapfetchdata.h"
#include "mail/imap/imapsession.h"
#include "mail/mime/mimeheaderdecoder.h"

#include <QFile>
#include <QSet>

ImapFolderSyncJob::ImapFolderSyncJob(
    ImapSession *session, MailIndex *index, FolderInfo folder, QObject *parent)
    : ImapJob(session, parent)
    , m_index(index)
    , m_folder(std::move(folder))
{ }

void ImapFolderSyncJob::doStart()
{
    if (!haveSession())
        return;
    if (!m_index || !m_index->isOpen()) {
        finishWithError(Error(Error::Kind::Internal, tr("The mail index is not open.")));
        return;
    }
    if (!m_index->folder(m_folder.path)) {
        Error error;
        if (m_index->upsertFolder(m_folder, &error) == 0) {
            finishWithError(error);
            return;
        }
    }
    // Always selected anew: SELECT is what reports UIDVALIDITY and UIDNEXT now.
    m_session->select(m_folder.encodedPath, false, then([this] { afterSelect(); }));
}

void ImapFolderSyncJob::fail(const Error &error)
{
    if (!isFinished())
        finishWithError(error);
}

void ImapFolderSyncJob::afterSelect()
{
    const MailIndex::FolderStateResult state = m_index->setFolderState(
        m_folder.path, m_session->uidValidity(), m_session->uidNext(), m_session->highestModSeq());
    if (state.error.isError()) {
        fail(state.error);
        return;
    }
    m_cacheReset = state.messagesDropped;
    for (const QString &file : state.droppedBodyFiles)
        QFile::remove(file);
    listUids();
}

void ImapFolderSyncJob::listUids()
{
    if (m_session->messageCount() == 0) {
        reconcile();
        return;
    }
    ImapSession::Handlers handlers = then([this] { reconcile(); });
    QPointer<ImapFolderSyncJob> self(this);
    handlers.untagged = [self](const ImapResponse &response) {
        if (!self || response.name != "FETCH")
            return;
        std::optional<ImapFetchData> data = ImapFetchData::fromResponse(response);
        if (data && data->uid)
            self->m_serverFlags.insert(*data->uid, data->flags.value_or(QByteArrayList()));
    };
    m_session->execute(ImapCommand("UID FETCH 1:* (UID FLAGS)"), std::move(handlers));
}

void ImapFolderSyncJob::reconcile()
{
    const QList<quint32> known = m_index->knownUids(m_folder.path);
    QList<quint32> gone;
    QList<MailIndex::FlagUpdate> flagUpdates;
    QSet<quint32> knownSet;
    knownSet.reserve(known.size());
    for (const quint32 uid : known) {
        knownSet.insert(uid);
        const auto server = m_serverFlags.constFind(uid);
        if (server == m_serverFlags.cend()) {
            gone.append(uid);
            continue;
        }
        QStringList extra;
        const MessageFlags flags = MessageSummary::flagsFromImap(*server, &extra);
        flagUpdates.append({uid, flags, extra});
    }
    QStringList droppedFiles;
    Error error = m_index->removeUids(m_folder.path, gone, &droppedFiles);
    if (!error.isError() && !flagUpdates.isEmpty())
        error = m_index->updateFlags(m_folder.path, flagUpdates);
    if (error.isError()) {
        fail(error);
        return;
    }
    for (const QString &file : droppedFiles)
        QFile::remove(file);
    m_removedCount = int(gone.size());
    m_changedFlagCount = int(flagUpdates.size());
    for (auto it = m_serverFlags.cbegin(); it != m_serverFlags.cend(); ++it) {
        if (!knownSet.contains(it.key()))
            m_toFetch.append(it.key());
    }
    std::sort(m_toFetch.begin(), m_toFetch.end());
    m_serverFlags.clear();
    setProgress(0, m_toFetch.size());
    fetchNextWindow();
}

void ImapFolderSyncJob::fetchNextWindow()
{
    // Up to three windows are on the wire at once: the session pipelines them, so the server
    // prepares the next while this side parses and stores the last.
    static constexpr int maxWindowsInFlight = 3;
    if (m_fetched >= m_toFetch.size() && m_windowsInFlight == 0) {
        finishWithSuccess();
        return;
    }
    while (m_fetched < m_toFetch.size() && m_windowsInFlight < maxWindowsInFlight)
        fetchWindow();
}

void ImapFolderSyncJob::fetchWindow()
{
    const QList<quint32> window = m_toFetch.mid(m_fetched, m_windowSize);
    m_fetched += window.size();
    ++m_windowsInFlight;
    auto summaries = std::make_shared<QList<MessageSummary>>();
    summaries->reserve(window.size());
    QPointer<ImapFolderSyncJob> self(this);
    ImapSession::Handlers handlers;
    handlers.untagged = [summaries](const ImapResponse &response) {
        if (response.name != "FETCH")
            return;
        const std::optional<ImapFetchData> data = ImapFetchData::fromResponse(response);
        if (data && data->uid && data->envelope)
            summaries->append(summaryFromFetch(*data));
    };
    handlers.completed = [self, summaries](const ImapResponse &, const Error &error) {
        if (!self || self->isFinished())
            return;
        --self->m_windowsInFlight;
        if (error.isError()) {
            self->fail(error);
            return;
        }
        const Error stored = self->m_index->storeSummaries(self->m_folder.path, *summaries);
        if (stored.isError()) {
            self->fail(stored);
            return;
        }
        self->m_newCount += int(summaries->size());
        self->m_stored += int(summaries->size());
        emit self->summariesStored(*summaries);
        self->setProgress(self->m_stored, self->m_toFetch.size());
        self->fetchNextWindow();
    };
    // One window is a contiguous slice of sorted UIDs, so its set is short; several sets
    // would only come from a hostile gap pattern and are joined as one list anyway.
    m_session->execute(ImapCommand("UID FETCH")
                           .append(ImapCommand::uidSets(window).join(','))
                           .append("(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)"),
        std::move(handlers));
}

namespace {

bool hasAttachment(const ImapBodyPart &part)
{
    if (part.disposition == "attachment")
        return true;
    if (part.isMultipart()) {
        for (const ImapBodyPart &child : part.children) {
            if (hasAttachment(child))
                return true;
        }
        return false;
    }
    if (part.type == "message" && part.subtype == "rfc822")
        return true;
    return part.type != "text" && !part.rawFileName().isEmpty() && part.disposition != "inline";
}

QString addressList(const QList<ImapAddress> &addresses)
{
    QStringList parts;
    for (const ImapAddress &address : addresses) {
        const QString name = MimeHeaderDecoder::decodeText(address.name);
        parts.append(name.isEmpty() ? QString::fromUtf8(address.addrSpec()) : name);
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

MessageSummary ImapFolderSyncJob::summaryFromFetch(const ImapFetchData &data)
{
    MessageSummary summary;
    summary.uid = data.uid.value_or(0);
    if (data.flags)
        summary.flags = MessageSummary::flagsFromImap(*data.flags, &summary.extraFlags);
    if (data.internalDate)
        summary.internalDate = *data.internalDate;
    summary.size = qint64(data.rfc822Size.value_or(0));
    if (data.envelope) {
        const ImapEnvelope &envelope = *data.envelope;
        summary.subject = MimeHeaderDecoder::decodeText(envelope.subject);
        summary.date = MimeHeaderDecoder::parseDate(envelope.date);
        if (!envelope.from.isEmpty()) {
            summary.fromName = MimeHeaderDecoder::decodeText(envelope.from.constFirst().name);
            summary.fromAddress = QString::fromUtf8(envelope.from.constFirst().addrSpec());
        }
        summary.to = addressList(envelope.to);
        summary.messageId = envelope.messageId;
    }
    if (data.bodyStructure)
        summary.hasAttachments = hasAttachment(*data.bodyStructure);
    return summary;
}
