#include "mail/imap/imapappendjob.h"

#include "mail/imap/imapcommand.h"
#include "mail/imap/imapsession.h"

#include <QLocale>

ImapAppendJob::ImapAppendJob(ImapSession *session, QByteArray encodedMailbox,
    const QByteArray &message, QByteArrayList flags, QDateTime internalDate, QObject *parent)
    : ImapJob(session, parent)
    , m_mailbox(std::move(encodedMailbox))
    , m_message(withCrLf(message))
    , m_flags(std::move(flags))
    , m_internalDate(std::move(internalDate))
{ }

QByteArray ImapAppendJob::withCrLf(const QByteArray &message)
{
    QByteArray out;
    out.reserve(message.size() + message.size() / 40);
    for (qsizetype i = 0; i < message.size(); ++i) {
        const char c = message.at(i);
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < message.size() && message.at(i + 1) == '\n')
                ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

void ImapAppendJob::doStart()
{
    if (!haveSession())
        return;
    if (!checkFlags(m_flags))
        return;
    ImapCommand command("APPEND");
    command.appendString(m_mailbox);
    if (!m_flags.isEmpty())
        command.append('(' + m_flags.join(' ') + ')');
    if (m_internalDate.isValid()) {
        // RFC 3501 date-time: "17-Jul-1996 02:44:25 -0700", English month names.
        const QDateTime local = m_internalDate.toOffsetFromUtc(m_internalDate.offsetFromUtc());
        const int offset = local.offsetFromUtc() / 60;
        const QString zone = QString::asprintf(
            "%c%02d%02d", offset < 0 ? '-' : '+', std::abs(offset) / 60, std::abs(offset) % 60);
        const QString text
            = QLocale::c().toString(local, QStringLiteral("dd-MMM-yyyy HH:mm:ss ")) + zone;
        command.append('"' + text.toLatin1() + '"');
    }
    command.appendLiteral(m_message);
    setProgress(0, m_message.size());
    QPointer<ImapAppendJob> self(this);
    ImapSession::Handlers handlers;
    handlers.completed = [self](const ImapResponse &tagged, const Error &error) {
        if (!self || self->isFinished())
            return;
        if (error.isError()) {
            self->finishWithError(error);
            return;
        }
        if (tagged.code == "APPENDUID" && tagged.codeArguments.size() >= 2) {
            self->m_uidValidity = quint32(tagged.codeArguments.at(0).toNumber().value_or(0));
            self->m_uid = quint32(tagged.codeArguments.at(1).toNumber().value_or(0));
        }
        self->setProgress(self->m_message.size(), self->m_message.size());
        self->finishWithSuccess();
    };
    m_session->execute(command, std::move(handlers));
}
