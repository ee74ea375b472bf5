#include "mail/imap/imapfetchmessagejob.h"

#include "mail/imap/imapfetchdata.h"
#include "mail/imap/imapsession.h"
#include "mail/store/maildir.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

ImapFetchMessageJob::ImapFetchMessageJob(ImapSession *session, QByteArray encodedMailbox,
    quint32 uid, QString destination, QObject *parent)
    : ImapJob(session, parent)
    , m_mailbox(std::move(encodedMailbox))
    , m_uid(uid)
    , m_destination(std::move(destination))
{ }

void ImapFetchMessageJob::doStart()
{
    if (!haveSession())
        return;
    for (const char c : std::as_const(m_section)) {
        // Section numbers and names only ("1.2", "2.HEADER", "TEXT"): nothing else may go out.
        if (!QByteArrayView("0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZ").contains(c)) {
            finishWithError(Error(Error::Kind::UnsafeName,
                tr("\"%1\" is not a message section.").arg(QString::fromLatin1(m_section))));
            return;
        }
    }
    if (QFileInfo::exists(m_destination)) {
        finishWithError(Error(Error::Kind::AlreadyExists,
            tr("%1 already exists; it was not overwritten.").arg(m_destination)));
        return;
    }
    selectThen(m_mailbox, false, [this] { fetch(); });
}

void ImapFetchMessageJob::fetch()
{
    // The body is the one literal in flight while this command runs: its bytes are progress.
    connect(
        m_session, &ImapSession::literalProgress, this, [this](qint64 received, qint64 expected) {
            if (!isFinished())
                setProgress(received, expected);
        });
    ImapSession::Handlers handlers = then([this] {
        if (m_storeError.isError())
            finishWithError(m_storeError);
        else if (!m_received)
            finishWithError(Error(
                Error::Kind::NotFound, tr("Message %1 is no longer on the server.").arg(m_uid)));
        else
            finishWithSuccess();
    });
    QPointer<ImapFetchMessageJob> self(this);
    handlers.untagged = [self](const ImapResponse &response) {
        if (!self || self->isFinished() || response.name != "FETCH")
            return;
        const std::optional<ImapFetchData> data = ImapFetchData::fromResponse(response);
        if (!data || data->uid != self->m_uid)
            return;
        const auto body = data->sections.constFind(QByteArray("BODY[" + self->m_section + ']'));
        if (body != data->sections.cend())
            self->store(*body);
    };
    m_session->execute(ImapCommand("UID FETCH")
                           .append(QByteArray::number(m_uid))
                           .append("(UID BODY.PEEK[" + m_section + "])"),
        std::move(handlers));
}

void ImapFetchMessageJob::store(const ImapValue &body)
{
    if (m_received)
        return;
    m_received = true;
    if (body.isNil()) {
        m_storeError = Error(
            Error::Kind::NotFound, tr("The server has no content for message %1.").arg(m_uid));
        return;
    }
    const QString partPath = m_destination + QStringLiteral(".part");
    QFile::remove(partPath);
    bool written = false;
    if (const std::shared_ptr<QTemporaryFile> &spooled = body.spoolFile()) {
        // The parser already wrote the literal to disk as it arrived: move it, don't copy.
        spooled->setAutoRemove(false);
        if (spooled->isOpen() || spooled->open())
            written = Maildir::syncFile(*spooled);
        spooled->close();
        written = written
            && (Maildir::renameAtomically(spooled->fileName(), partPath)
                || QFile::copy(spooled->fileName(), partPath));
        if (!written)
            spooled->setAutoRemove(true);
    } else {
        QFile file(partPath);
        written = file.open(QIODevice::WriteOnly) && file.write(body.bytes()) == body.bytes().size()
            && Maildir::syncFile(file);
    }
    if (!written || !Maildir::renameAtomically(partPath, m_destination)) {
        QFile::remove(partPath);
        m_storeError = Error(Error::Kind::LocalIo,
            tr("Could not write the message to %1 (is the disk full?).").arg(m_destination));
        return;
    }
    m_size = body.size();
    setProgress(m_size, m_size);
}
