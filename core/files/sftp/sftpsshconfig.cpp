#include "sftpsshconfig.h"

#include <QRegularExpression>
#include <QStringList>

namespace {

bool hostMatches(const QStringList &patterns, const QString &host)
{
    bool matched = false;
    for (QString pattern : patterns) {
        const bool negated = pattern.startsWith(u'!');
        if (negated)
            pattern.remove(0, 1);
        const QRegularExpression expression(
            QRegularExpression::wildcardToRegularExpression(pattern),
            QRegularExpression::CaseInsensitiveOption);
        if (expression.match(host).hasMatch()) {
            if (negated)
                return false;
            matched = true;
        }
    }
    return matched;
}

} // namespace

QList<SftpSshConfig::Directive> SftpSshConfig::applying(const QString &text, const QString &host)
{
    QList<Directive> result;
    bool inBlock = true; // before the first Host or Match line, everything applies
    const QStringList lines = text.split(u'\n');
    for (int index = 0; index < lines.size(); ++index) {
        const QString line = lines.at(index).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        // "Keyword value", "Keyword=value" or "Keyword = value"
        static const QRegularExpression split(
            QStringLiteral("^([A-Za-z0-9]+)\\s*(?:=\\s*|\\s+)(.*)$"));
        const QRegularExpressionMatch match = split.match(line);
        const QString keyword = match.hasMatch() ? match.captured(1) : line;
        QString value = match.hasMatch() ? match.captured(2).trimmed() : QString();
        if (value.size() >= 2 && value.startsWith(u'"') && value.endsWith(u'"'))
            value = value.mid(1, value.size() - 2);
        if (keyword.compare(QLatin1StringView("Host"), Qt::CaseInsensitive) == 0) {
            inBlock = hostMatches(
                value.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts), host);
            continue;
        }
        if (keyword.compare(QLatin1StringView("Match"), Qt::CaseInsensitive) == 0) {
            result.append({keyword, value, index + 1});
            inBlock = false;
            continue;
        }
        if (inBlock)
            result.append({keyword, value, index + 1});
    }
    return result;
}

bool SftpSshConfig::needsProxy(const QString &keyword)
{
    return keyword.compare(QLatin1StringView("ProxyJump"), Qt::CaseInsensitive) == 0
        || keyword.compare(QLatin1StringView("ProxyCommand"), Qt::CaseInsensitive) == 0;
}

bool SftpSshConfig::isIgnored(const QString &keyword)
{
    static const QStringList ignored {QStringLiteral("Match"), QStringLiteral("LocalForward"),
        QStringLiteral("RemoteForward"), QStringLiteral("DynamicForward"),
        QStringLiteral("ForwardAgent"), QStringLiteral("ForwardX11"),
        QStringLiteral("ForwardX11Trusted"), QStringLiteral("ControlMaster"),
        QStringLiteral("ControlPath"), QStringLiteral("ControlPersist"),
        QStringLiteral("CertificateFile"), QStringLiteral("PKCS11Provider"),
        QStringLiteral("SecurityKeyProvider"), QStringLiteral("RequestTTY"),
        QStringLiteral("RemoteCommand"), QStringLiteral("LocalCommand"),
        QStringLiteral("PermitLocalCommand"), QStringLiteral("IdentityAgent"),
        QStringLiteral("IdentitiesOnly"), QStringLiteral("AddKeysToAgent"),
        QStringLiteral("UserKnownHostsFile"), QStringLiteral("GlobalKnownHostsFile"),
        QStringLiteral("StrictHostKeyChecking"), QStringLiteral("PreferredAuthentications"),
        QStringLiteral("Ciphers")};
    return ignored.contains(keyword, Qt::CaseInsensitive);
}
