#include "remotepath.h"

QString RemotePath::join(const QString &dir, const QString &relative)
{
    if (relative.isEmpty())
        return dir;
    if (dir.isEmpty() || dir.endsWith(QLatin1Char('/')))
        return QString(dir + relative);
    return QString(dir + QLatin1Char('/') + relative);
}

QString RemotePath::parent(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    if (slash < 0)
        return {};
    return slash == 0 ? QStringLiteral("/") : path.left(slash);
}

QString RemotePath::fileName(const QString &path)
{
    const QString trimmed = path.endsWith(QLatin1Char('/')) ? path.chopped(1) : path;
    return trimmed.section(QLatin1Char('/'), -1);
}
