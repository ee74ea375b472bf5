#include "ftpstatjob.h"

#include "files/ftp/ftplistinglineparser.h"
#include "files/ftp/ftpsession.h"
#include "files/localfiles.h"
#include "files/remotepath.h"

FtpStatJob::FtpStatJob(FtpSession *session, const QString &path, QObject *parent)
    : RemoteStatJob(parent)
    , FtpOperation(session, this)
{
    m_path = path;
}

void FtpStatJob::runOnSession()
{
    m_path = session()->resolvePath(m_path);
    m_entry.name = RemotePath::fileName(m_path);
    if (session()->features().has("MLST") && !session()->features().isRefused("MLST"))
        statWithMlst();
    else
        statWithSize();
}

void FtpStatJob::statWithMlst()
{
    session()->command("MLST", session()->encodePath(m_path), [this](const NumericReply &reply) {
        if (reply.code() == 500 || reply.code() == 502) {
            session()->features().markRefused("MLST");
            statWithSize();
            return;
        }
        if (!reply.isCompletion()) {
            notFound(reply);
            return;
        }
        // 250-Listing /path / " type=file;size=3;modify=...; /path" / 250 End
        for (const QByteArray &line : reply.lines()) {
            if (!line.startsWith(' '))
                continue;
            const FtpListingLineParser::ParsedLine parsed
                = FtpListingLineParser::parseMlsdLine(NumericReply::decodeServerText(line.mid(1)));
            if (parsed.kind == FtpListingLineParser::ParsedLine::Kind::Unparsed)
                continue;
            const QString name = m_entry.name;
            m_entry = parsed.entry;
            m_entry.name = name;
            if (parsed.kind == FtpListingLineParser::ParsedLine::Kind::Skip)
                m_entry.type = RemoteEntry::Type::Directory; // cdir: the folder itself
            finishWithSuccess();
            return;
        }
        finishWithError(Error(Error::Kind::Protocol,
            tr("The server's answer about %1 could not be read.").arg(m_path),
            reply.toDisplayString()));
    });
}

void FtpStatJob::statWithSize()
{
    session()->command("SIZE", session()->encodePath(m_path), [this](const NumericReply &reply) {
        bool ok = false;
        const qint64 size = reply.text().trimmed().toLongLong(&ok);
        if (reply.code() == 213 && ok) {
            m_entry.type = RemoteEntry::Type::File;
            m_entry.size = size;
            queryModificationTime();
            return;
        }
        // SIZE refuses folders and missing files alike; CWD tells them apart.
        session()->command(
            "CWD", session()->encodePath(m_path), [this, reply](const NumericReply &cwdReply) {
                if (!cwdReply.isCompletion()) {
                    notFound(reply);
                    return;
                }
                m_entry.type = RemoteEntry::Type::Directory;
                queryModificationTime();
            });
    });
}

void FtpStatJob::queryModificationTime()
{
    if (!session()->features().supportsMdtm()) {
        finishWithSuccess();
        return;
    }
    session()->command("MDTM", session()->encodePath(m_path), [this](const NumericReply &reply) {
        if (reply.code() == 213) {
            m_entry.mtime = LocalFiles::parseFtpTimestamp(reply.text());
            if (m_entry.mtime.isValid())
                m_entry.mtimePrecision = RemoteEntry::TimePrecision::Second;
        }
        finishWithSuccess();
    });
}

void FtpStatJob::notFound(const NumericReply &reply)
{
    finishWithError(Error(Error::Kind::NotFound, tr("%1 does not exist on the server.").arg(m_path),
        reply.toDisplayString()));
}

void FtpStatJob::doCancel()
{
    unscheduleIfWaiting();
    Job::doCancel();
}
