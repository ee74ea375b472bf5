// FileZilla's site manager file, read with QXmlStreamReader: <Servers> holds <Server> and
// nested <Folder> elements whose first text is the folder's name.
#include "filezillaimport.h"

#include <QFile>
#include <QXmlStreamReader>

#include <optional>
#include <utility>

namespace {

// What one <Server> says, before it becomes a Site.
struct ServerFields
{
    QString name;
    QString host;
    QString port;
    QString protocol;
    QString logonType;
    QString user;
    QString password;
    QString passwordEncoding;
    bool hasPassword = false;
    QString keyFile;
    QString passiveMode;
    QString remoteDir;
};

// FileZilla's ServerProtocol numbers; false for those Wharf doesn't speak (HTTP, S3...).
bool applyProtocol(const QString &protocol, Site &site)
{
    bool isNumber = true;
    const int number = protocol.isEmpty() ? 0 : protocol.toInt(&isNumber);
    if (!isNumber)
        return false;
    switch (number) {
    case 0: // FTP, TLS when offered
        site.scheme = RemoteUrl::Scheme::Ftp;
        site.ftpTls = QStringLiteral("auto");
        return true;
    case 1: // SFTP
        site.scheme = RemoteUrl::Scheme::Sftp;
        return true;
    case 3: // implicit TLS
        site.scheme = RemoteUrl::Scheme::Ftps;
        return true;
    case 4: // explicit TLS (FTPES)
        site.scheme = RemoteUrl::Scheme::Ftp;
        site.ftpTls = QStringLiteral("require");
        return true;
    case 6: // plain FTP only
        site.scheme = RemoteUrl::Scheme::Ftp;
        site.ftpTls = QStringLiteral("none");
        return true;
    default: // HTTP, S3, WebDAV, cloud storage...
        return false;
    }
}

// Reads one <Server>; the reader is on its start element and ends on its end element.
ServerFields readServer(QXmlStreamReader &xml, bool withPasswords)
{
    ServerFields fields;
    QString ownText; // old FileZilla versions wrote the name as text here
    while (xml.readNext() != QXmlStreamReader::Invalid) {
        if (xml.isEndElement())
            break;
        if (xml.isCharacters()) {
            ownText += xml.text();
            continue;
        }
        if (!xml.isStartElement())
            continue;
        const QStringView tag = xml.name();
        if (tag == QLatin1StringView("Pass")) {
            fields.hasPassword = true;
            if (!withPasswords) {
                xml.skipCurrentElement();
                continue;
            }
            fields.passwordEncoding
                = xml.attributes().value(QLatin1StringView("encoding")).toString();
            fields.password = xml.readElementText(QXmlStreamReader::SkipChildElements);
            continue;
        }
        QString *target = nullptr;
        if (tag == QLatin1StringView("Name"))
            target = &fields.name;
        else if (tag == QLatin1StringView("Host"))
            target = &fields.host;
        else if (tag == QLatin1StringView("Port"))
            target = &fields.port;
        else if (tag == QLatin1StringView("Protocol"))
            target = &fields.protocol;
        else if (tag == QLatin1StringView("Logontype"))
            target = &fields.logonType;
        else if (tag == QLatin1StringView("User"))
            target = &fields.user;
        else if (tag == QLatin1StringView("Keyfile"))
            target = &fields.keyFile;
        else if (tag == QLatin1StringView("PasvMode"))
            target = &fields.passiveMode;
        else if (tag == QLatin1StringView("RemoteDir"))
            target = &fields.remoteDir;
        if (target)
            *target = xml.readElementText(QXmlStreamReader::SkipChildElements).trimmed();
        else
            xml.skipCurrentElement(); // <Comments>, <Colour>, <EncodingType>...
    }
    if (fields.name.isEmpty())
        fields.name = ownText.trimmed();
    return fields;
}

// The Site a <Server> describes, or nullopt with the reason appended to notes.
std::optional<FileZillaImport::Entry> toEntry(
    const ServerFields &fields, const QString &name, bool withPasswords, QStringList *notes)
{
    const auto skip = [&](const QString &why) {
        notes->append(FileZillaImport::tr("%1: %2; skipped.").arg(name, why));
        return std::nullopt;
    };
    if (fields.host.isEmpty())
        return skip(FileZillaImport::tr("no host"));
    FileZillaImport::Entry entry;
    Site &site = entry.site;
    site.name = name;
    site.host = fields.host;
    if (!applyProtocol(fields.protocol, site))
        return skip(FileZillaImport::tr("protocol %1 is not supported").arg(fields.protocol));
    bool portOk = true;
    const uint port = fields.port.isEmpty() ? 0 : fields.port.toUInt(&portOk);
    if (!portOk || port > 65535)
        return skip(FileZillaImport::tr("impossible port %1").arg(fields.port));
    site.port = port == RemoteUrl::defaultPort(site.scheme) ? 0 : static_cast<quint16>(port);
    const bool anonymous = fields.logonType == QLatin1StringView("0");
    site.user = anonymous ? QStringLiteral("anonymous") : fields.user;
    if (site.scheme == RemoteUrl::Scheme::Sftp)
        site.identityFile = fields.keyFile;
    site.ftpActiveMode = fields.passiveMode == QLatin1StringView("MODE_ACTIVE");
    site.initialPath = FileZillaImport::remoteDirToPath(fields.remoteDir);

    // Logon types 1 (normal) and 4 (account) keep a password; 0 is anonymous, 2 and 3 ask.
    if (withPasswords && fields.hasPassword && !anonymous) {
        if (fields.passwordEncoding == QLatin1StringView("base64")) {
            const auto decoded = QByteArray::fromBase64Encoding(
                fields.password.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (decoded)
                entry.password = QString::fromUtf8(*decoded);
            else
                notes->append(FileZillaImport::tr("%1: the password is not valid base64; "
                                                  "the site is imported without it.")
                                  .arg(name));
        } else if (fields.passwordEncoding.isEmpty()) {
            entry.password = fields.password; // FileZilla before 3.26 stored it as is
        } else {
            notes->append(FileZillaImport::tr("%1: the password is encrypted with FileZilla's "
                                              "master password; the site is imported without it.")
                              .arg(name));
        }
    }
    return entry;
}

// Reads the children of <Servers> or of a <Folder> up to its end element. A folder's name is
// its own text (FileZilla writes it before the children), so its servers are named when it ends.
void readContainer(QXmlStreamReader &xml, bool withPasswords,
    QList<std::pair<QString, ServerFields>> &servers, QString *ownText)
{
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isEndElement())
            return;
        if (xml.isCharacters()) {
            if (ownText)
                *ownText += xml.text();
            continue;
        }
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1StringView("Server")) {
            ServerFields fields = readServer(xml, withPasswords);
            QString name = fields.name.isEmpty() ? fields.host : fields.name;
            if (name.isEmpty())
                name = FileZillaImport::tr("(unnamed)");
            servers.append({name, std::move(fields)});
        } else if (xml.name() == QLatin1StringView("Folder")) {
            QString folderName;
            QList<std::pair<QString, ServerFields>> inner;
            readContainer(xml, withPasswords, inner, &folderName);
            folderName = folderName.trimmed();
            for (auto &[name, fields] : inner)
                servers.append({folderName.isEmpty() ? name : folderName + QLatin1Char('/') + name,
                    std::move(fields)});
        } else {
            xml.skipCurrentElement();
        }
    }
}

} // namespace

FileZillaImport::Result FileZillaImport::read(QIODevice *device, bool withPasswords, Error *error)
{
    QXmlStreamReader xml(device);
    QList<std::pair<QString, ServerFields>> servers;
    bool sawServers = false;
    if (xml.readNextStartElement()) {
        if (xml.name() != QLatin1StringView("FileZilla3")) {
            *error = Error(Error::Kind::Unsupported,
                tr("Not a FileZilla site manager file (it starts with <%1>, not <FileZilla3>).")
                    .arg(xml.name()));
            return {};
        }
        while (xml.readNextStartElement()) {
            if (xml.name() == QLatin1StringView("Servers")) {
                sawServers = true;
                readContainer(xml, withPasswords, servers, nullptr);
            } else {
                xml.skipCurrentElement();
            }
        }
    }
    if (!xml.hasError()) {
        // Also check that nothing broken follows the root element.
        while (!xml.atEnd())
            xml.readNext();
    }
    if (xml.hasError()) {
        *error = Error(Error::Kind::Protocol,
            tr("Not well-formed XML at line %1, column %2: %3")
                .arg(xml.lineNumber())
                .arg(xml.columnNumber())
                .arg(xml.errorString()));
        return {};
    }
    if (!sawServers) {
        *error = Error(Error::Kind::Unsupported,
            tr("Not a FileZilla site manager file (no <FileZilla3><Servers>)."));
        return {};
    }
    Result result;
    for (const auto &[name, fields] : servers) {
        if (auto entry = toEntry(fields, name, withPasswords, &result.skipped))
            result.entries.append(*entry);
    }
    *error = {};
    return result;
}

FileZillaImport::Result FileZillaImport::readFile(
    const QString &fileName, bool withPasswords, Error *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = Error(
            Error::Kind::LocalIo, tr("Could not read %1: %2").arg(fileName, file.errorString()));
        return {};
    }
    Result result = read(&file, withPasswords, error);
    if (error->isError())
        *error = Error(error->kind(), tr("%1: %2").arg(fileName, error->message()));
    return result;
}

QString FileZillaImport::remoteDirToPath(const QString &safePath)
{
    // "<type> <prefix length> [<prefix>] (<segment length> <segment>)*", lengths in characters.
    const QList<uint> text = safePath.trimmed().toUcs4();
    qsizetype at = 0;
    const auto readNumber = [&]() -> std::optional<qsizetype> {
        qsizetype value = 0;
        const qsizetype start = at;
        while (at < text.size() && text.at(at) >= '0' && text.at(at) <= '9')
            value = value * 10 + static_cast<qsizetype>(text.at(at++) - '0');
        if (at == start || value > text.size())
            return std::nullopt;
        return value;
    };
    const auto skipSpace = [&]() {
        if (at < text.size() && text.at(at) == ' ')
            ++at;
    };
    const std::optional<qsizetype> type = readNumber();
    // 0: default (Unix-style), 1: Unix. VMS, DOS, MVS... paths are not mapped.
    if (!type || *type > 1)
        return {};
    skipSpace();
    const std::optional<qsizetype> prefixLength = readNumber();
    if (!prefixLength || *prefixLength != 0)
        return {};
    QStringList segments;
    while (at < text.size()) {
        skipSpace();
        const std::optional<qsizetype> length = readNumber();
        if (!length)
            return {};
        skipSpace();
        if (at + *length > text.size())
            return {};
        QString segment;
        for (const qsizetype end = at + *length; at < end; ++at)
            segment.append(QChar::fromUcs4(text.at(at)));
        segments.append(segment);
    }
    if (segments.isEmpty())
        return {};
    return QLatin1Char('/') + segments.join(QLatin1Char('/'));
}
