#include "knownhostsfile.h"

#include <QFile>
#include <QMessageAuthenticationCode>

namespace {

// OpenSSH's HashKnownHosts form: |1|base64(salt)|base64(HMAC-SHA1(salt, name)).
bool hashedMatch(const QByteArray &field, const QByteArray &name)
{
    const QList<QByteArray> parts = field.split('|');
    if (parts.size() != 4 || parts.at(1) != "1")
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts.at(2));
    return QMessageAuthenticationCode::hash(name, salt, QCryptographicHash::Sha1)
        == QByteArray::fromBase64(parts.at(3));
}

bool plainMatch(const QByteArray &field, const QByteArray &name)
{
    // Comma-separated names; "!" negations and wildcards are for patterns, not lookups.
    for (const QByteArray &candidate : field.split(',')) {
        if (candidate.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

QString KnownHostsFile::entryName(const QString &host, quint16 port)
{
    return port == 22 ? host : QStringLiteral("[%1]:%2").arg(host).arg(port);
}

QList<int> KnownHostsFile::linesFor(const QString &path, const QString &host, quint16 port)
{
    QList<int> lines;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    const QByteArray name = entryName(host, port).toUtf8();
    int number = 0;
    while (!file.atEnd()) {
        ++number;
        QByteArray line = file.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        if (line.startsWith('@')) // @cert-authority / @revoked markers come first
            line = line.mid(line.indexOf(' ') + 1).trimmed();
        const QByteArray field = line.left(line.indexOf(' '));
        if (field.startsWith('|') ? hashedMatch(field, name) : plainMatch(field, name))
            lines.append(number);
    }
    return lines;
}
