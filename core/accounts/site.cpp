#include "site.h"

#include <QUrl>

QString Site::url() const
{
    QUrl url;
    url.setScheme(RemoteUrl::schemeName(scheme));
    url.setHost(host);
    if (port != 0 && port != RemoteUrl::defaultPort(scheme))
        url.setPort(port);
    url.setUserName(user);
    // "~/docs" (inside the home folder) is written "/~/docs" in a URL, as curl does.
    url.setPath(initialPath.isEmpty() || initialPath.startsWith(QLatin1Char('/'))
            ? initialPath
            : QLatin1Char('/') + initialPath);
    return url.toString();
}

RemoteUrl Site::remoteUrl(const QString &path, Error *error) const
{
    QUrl url(this->url());
    QString full = initialPath;
    if (!path.isEmpty()) {
        if (!full.isEmpty() && !full.endsWith(QLatin1Char('/'))
            && !path.startsWith(QLatin1Char('/')))
            full += QLatin1Char('/');
        full += path;
    }
    url.setPath(
        full.startsWith(QLatin1Char('/')) || full.isEmpty() ? full : QLatin1Char('/') + full);
    return RemoteUrl::parse(url.toString(), error);
}

Site Site::fromUrl(const RemoteUrl &url)
{
    Site site;
    site.scheme = url.scheme();
    site.host = url.host();
    site.port = url.port() == RemoteUrl::defaultPort(url.scheme()) ? 0 : url.port();
    site.user = url.user();
    site.initialPath = url.path();
    return site;
}
