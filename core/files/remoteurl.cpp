#include "remoteurl.h"

#include <QUrl>

quint16 RemoteUrl::defaultPort(Scheme scheme)
{
    switch (scheme) {
    case Scheme::Ftp: return 21;
    case Scheme::Ftps: return 990;
    case Scheme::Sftp: return 22;
    }
    return 21;
}

QString RemoteUrl::schemeName(Scheme scheme)
{
    switch (scheme) {
    case Scheme::Ftp: return QStringLiteral("ftp");
    case Scheme::Ftps: return QStringLiteral("ftps");
    case Scheme::Sftp: return QStringLiteral("sftp");
    }
    return {};
}

RemoteUrl RemoteUrl::parse(const QString &text, Error *error)
{
    const QUrl url(text, QUrl::StrictMode);
    auto invalid = [error, &text](const QString &why) {
        if (error)
            *error = Error(Error::Kind::Unsupported, tr("Invalid URL \"%1\": %2").arg(text, why));
        return RemoteUrl();
    };
    if (!url.isValid())
        return invalid(url.errorString());
    RemoteUrl result;
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1StringView("ftp"))
        result.m_scheme = Scheme::Ftp;
    else if (scheme == QLatin1StringView("ftps"))
        result.m_scheme = Scheme::Ftps;
    else if (scheme == QLatin1StringView("sftp"))
        result.m_scheme = Scheme::Sftp;
    else
        return invalid(tr("use ftp://, ftps:// or sftp://"));
    if (!url.password().isEmpty())
        return invalid(tr("a password in a URL is visible to other programs; use "
                          "--password-stdin or the prompt instead"));
    if (url.host().isEmpty())
        return invalid(tr("no host name"));
    result.m_host = url.host();
    const int port = url.port(defaultPort(result.m_scheme));
    if (port <= 0 || port > 65535)
        return invalid(tr("the port must be between 1 and 65535"));
    result.m_port = quint16(port);
    result.m_user = url.userName();
    result.m_path = url.path(QUrl::FullyDecoded);
    // "host/~/x" is x in the home folder (as curl and OpenSSH write it).
    if (result.m_path == QLatin1StringView("/~")
        || result.m_path.startsWith(QLatin1StringView("/~/")))
        result.m_path.remove(0, 1);
    if (result.m_path.contains(QLatin1Char('\r')) || result.m_path.contains(QLatin1Char('\n'))
        || result.m_path.contains(QChar(0)))
        return invalid(tr("the path contains a line break or NUL"));
    return result;
}
