// Saved sites as a JSON file without secrets: the writer and the strict-but-tolerant reader.
#include "sitetransfer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <optional>

namespace {

const QString formatName = QStringLiteral("wharf-sites");

std::optional<RemoteUrl::Scheme> schemeNamed(const QString &name)
{
    for (const RemoteUrl::Scheme scheme :
        {RemoteUrl::Scheme::Ftp, RemoteUrl::Scheme::Ftps, RemoteUrl::Scheme::Sftp}) {
        if (RemoteUrl::schemeName(scheme) == name)
            return scheme;
    }
    return std::nullopt;
}

} // namespace

QByteArray SiteTransfer::toJson(const QList<Site> &sites)
{
    QJsonArray array;
    for (const Site &site : sites) {
        array.append(QJsonObject {{QStringLiteral("name"), site.name},
            {QStringLiteral("scheme"), RemoteUrl::schemeName(site.scheme)},
            {QStringLiteral("host"), site.host}, {QStringLiteral("port"), site.port},
            {QStringLiteral("user"), site.user}, {QStringLiteral("path"), site.initialPath},
            {QStringLiteral("ftpTls"), site.ftpTls},
            {QStringLiteral("ftpActive"), site.ftpActiveMode},
            {QStringLiteral("identityFile"), site.identityFile}});
    }
    return QJsonDocument(
        QJsonObject {{QStringLiteral("format"), formatName},
            {QStringLiteral("version"), formatVersion}, {QStringLiteral("sites"), array}})
        .toJson(QJsonDocument::Indented);
}

Error SiteTransfer::exportToFile(const QList<Site> &sites, const QString &fileName)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson(sites)) < 0 || !file.commit())
        return Error(
            Error::Kind::LocalIo, tr("Could not write %1: %2").arg(fileName, file.errorString()));
    return {};
}

QList<Site> SiteTransfer::fromJson(const QByteArray &json, Error *error)
{
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull()) {
        *error = Error(Error::Kind::Protocol,
            tr("Not valid JSON (at byte %1: %2).")
                .arg(parseError.offset)
                .arg(parseError.errorString()));
        return {};
    }
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value(QStringLiteral("format")).toString() != formatName) {
        *error = Error(Error::Kind::Unsupported,
            tr(R"(Not a Wharf sites file (its "format" is not "%1").)").arg(formatName));
        return {};
    }
    const int version = root.value(QStringLiteral("version")).toInt(0);
    if (version < 1 || version > formatVersion) {
        *error = Error(Error::Kind::Unsupported,
            tr("Wharf sites file version %1 is not supported (this Wharf reads version %2).")
                .arg(root.value(QStringLiteral("version")).toVariant().toString())
                .arg(formatVersion));
        return {};
    }
    if (!root.value(QStringLiteral("sites")).isArray()) {
        *error = Error(Error::Kind::Unsupported, tr("The file has no \"sites\" list."));
        return {};
    }
    QList<Site> sites;
    int number = 0;
    for (const auto &value : root.value(QStringLiteral("sites")).toArray()) {
        ++number;
        const QJsonObject object = value.toObject();
        const auto invalid = [&](const QString &why) {
            *error = Error(Error::Kind::Unsupported, tr("Site %1: %2").arg(number).arg(why));
            return QList<Site>();
        };
        Site site;
        site.name = object.value(QStringLiteral("name")).toString().trimmed();
        site.host = object.value(QStringLiteral("host")).toString().trimmed();
        if (site.name.isEmpty())
            return invalid(tr("it has no name."));
        if (site.host.isEmpty())
            return invalid(tr("\"%1\" has no host.").arg(site.name));
        const std::optional<RemoteUrl::Scheme> scheme
            = schemeNamed(object.value(QStringLiteral("scheme")).toString(QStringLiteral("sftp")));
        if (!scheme)
            return invalid(tr("\"%1\" has an unknown scheme.").arg(site.name));
        site.scheme = *scheme;
        const int port = object.value(QStringLiteral("port")).toInt(0);
        if (port < 0 || port > 65535)
            return invalid(tr("\"%1\" has an impossible port.").arg(site.name));
        site.port = static_cast<quint16>(port);
        site.user = object.value(QStringLiteral("user")).toString();
        site.initialPath = object.value(QStringLiteral("path")).toString();
        site.ftpTls = object.value(QStringLiteral("ftpTls")).toString(QStringLiteral("auto"));
        if (site.ftpTls != QLatin1StringView("auto") && site.ftpTls != QLatin1StringView("require")
            && site.ftpTls != QLatin1StringView("none"))
            return invalid(tr("\"%1\": ftpTls must be auto, require or none.").arg(site.name));
        site.ftpActiveMode = object.value(QStringLiteral("ftpActive")).toBool(false);
        site.identityFile = object.value(QStringLiteral("identityFile")).toString();
        sites.append(site);
    }
    *error = {};
    return sites;
}

QList<Site> SiteTransfer::importFromFile(const QString &fileName, Error *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = Error(
            Error::Kind::LocalIo, tr("Could not read %1: %2").arg(fileName, file.errorString()));
        return {};
    }
    QList<Site> sites = fromJson(file.readAll(), error);
    if (error->isError())
        *error = Error(error->kind(), tr("%1: %2").arg(fileName, error->message()));
    return sites;
}
