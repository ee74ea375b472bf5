#include "ftplistjob.h"

#include "files/ftp/ftpdataconnection.h"
#include "files/ftp/ftpsession.h"

FtpListJob::FtpListJob(FtpSession *session, const QString &path, QObject *parent)
    : RemoteListJob(parent)
    , FtpOperation(session, this)
{
    m_path = path;
}

void FtpListJob::runOnSession()
{
    m_path = session()->resolvePath(m_path);
    // CWD first: listing commands disagree on how they take a path ("LIST -a dir" is a path
    // named "-a dir" to some servers), but every server lists its current folder.
    session()->command("CWD", session()->encodePath(m_path), [this](const NumericReply &reply) {
        if (!reply.isCompletion()) {
            finishWithError(Error(Error::Kind::NotFound,
                tr("Could not open the folder %1: %2").arg(m_path, reply.text()),
                reply.toDisplayString()));
            return;
        }
        requestListing();
    });
}

QByteArray FtpListJob::listCommand() const
{
    const FtpFeatures &features = session()->features();
    if (features.supportsMlsd() && !features.isRefused("MLSD"))
        return "MLSD";
    // -a shows dot files on Unix servers; a server that refuses it gets a plain LIST.
    return features.isRefused("LIST -a") ? QByteArray("LIST") : QByteArray("LIST -a");
}

void FtpListJob::requestListing()
{
    m_received.close();
    m_received.setData(QByteArray());
    m_received.open(QIODevice::WriteOnly);
    m_finalReply.reset();
    session()->openDataConnection(
        [this](FtpDataConnection *data, const Error &error) { onDataReady(data, error); });
}

void FtpListJob::onDataReady(FtpDataConnection *data, const Error &error)
{
    if (error.isError()) {
        finishWithError(error);
        return;
    }
    m_data = data;
    data->setDevice(FtpDataConnection::Direction::Receive, &m_received);
    connect(data, &FtpDataConnection::done, this, &FtpListJob::completeIfDone);
    const QByteArray verb = listCommand();
    session()->command(
        verb, {}, [this](const NumericReply &reply) { onFinalReply(reply); },
        [data](const NumericReply &) { data->start(); });
}

void FtpListJob::onFinalReply(const NumericReply &reply)
{
    if (!reply.isCompletion()) {
        const QByteArray verb = listCommand();
        const bool notUnderstood = reply.code() == 500 || reply.code() == 501 || reply.code() == 502
            || reply.code() == 504;
        if (notUnderstood && verb != "LIST") {
            session()->features().markRefused(verb);
            session()->logInfo(tr("The server refused %1; trying a simpler listing.")
                                   .arg(QString::fromLatin1(verb)));
            m_data->abort();
            m_data->deleteLater();
            m_data = nullptr;
            requestListing();
            return;
        }
        m_data->abort();
        finishWithError(Error(reply.code() == 550 ? Error::Kind::NotFound : Error::Kind::Protocol,
            tr("Could not list %1: %2").arg(m_path, reply.text()), reply.toDisplayString()));
        return;
    }
    m_finalReply = reply;
    m_data->start(); // for servers that skip the 150 of an empty listing
    completeIfDone();
}

void FtpListJob::completeIfDone()
{
    if (isFinished() || !m_data || !m_data->isDone())
        return;
    if (m_data->error().isError()) {
        finishWithError(m_data->error());
        return;
    }
    if (!m_finalReply) {
        session()->expectReplySoon();
        return;
    }
    FtpListingParser parser(
        listCommand() == "MLSD" ? FtpListingParser::Format::Mlsd : FtpListingParser::Format::Auto);
    parser.addData(m_received.data());
    parser.finish();
    m_entries = parser.takeEntries();
    m_rejectedNames = parser.rejectedNames();
    m_unparsedLines = parser.unparsedLines();
    for (const QString &name : std::as_const(m_rejectedNames))
        session()->logInfo(tr("Skipped an entry with an unsafe name: %1").arg(name));
    for (const QString &line : std::as_const(m_unparsedLines))
        session()->logInfo(tr("Did not understand the listing line: %1").arg(line));
    setProgress(m_entries.size(), m_entries.size());
    finishWithSuccess();
}

void FtpListJob::sessionFailed(const Error &error)
{
    finishWithError(error);
}

void FtpListJob::doCancel()
{
    if (unscheduleIfWaiting() || !m_data || m_finalReply) {
        Job::doCancel();
        return;
    }
    session()->abortTransfer(m_data, [this] { Job::doCancel(); });
}
