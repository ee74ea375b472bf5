#include "localfiles.h"

#include "files/remotepath.h"

#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>
#include <QTimeZone>

#include <cstdio>

QString LocalFiles::partPath(const QString &localPath)
{
    return localPath + QStringLiteral(".part");
}

Error LocalFiles::replaceWith(const QString &from, const QString &to)
{
    // rename(2) replaces the target atomically; QFile::rename refuses an existing target.
    if (std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
        return Error(
            Error::Kind::LocalIo, tr("Could not move the finished download to %1.").arg(to));
    return {};
}

bool LocalFiles::setModificationTime(const QString &path, const QDateTime &utc)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite | QIODevice::Append))
        return false;
    return file.setFileTime(utc, QFileDevice::FileModificationTime);
}

Error LocalFiles::writeError(const QFile &file)
{
    const QStorageInfo storage(QFileInfo(file.fileName()).absolutePath());
    if (storage.isValid() && storage.bytesAvailable() < qint64(64) * 1024)
        return Error(Error::Kind::DiskFull,
            tr("The disk is full: could not write %1.").arg(file.fileName()));
    return Error(Error::Kind::LocalIo,
        tr("Could not write %1: %2").arg(file.fileName(), file.errorString()));
}

bool LocalFiles::isSafeName(const QString &name)
{
    if (name.isEmpty() || name == QLatin1StringView(".") || name == QLatin1StringView(".."))
        return false;
    bool onlyDotsAndSpaces = true;
    for (const QChar c : name) {
        if (c == QLatin1Char('/') || c == QLatin1Char('\\') || c == QChar(0)
            || c == QLatin1Char('\r') || c == QLatin1Char('\n'))
            return false;
        if (c != QLatin1Char('.') && c != QLatin1Char(' '))
            onlyDotsAndSpaces = false;
    }
    return !onlyDotsAndSpaces;
}

Error LocalFiles::childPath(const QString &dir, const QString &name, QString *path)
{
    if (!isSafeName(name)) {
        QString shown = name;
        shown.replace(QLatin1Char('\r'), QStringLiteral("\\r"))
            .replace(QLatin1Char('\n'), QStringLiteral("\\n"))
            .replace(QChar(0), QStringLiteral("\\0"));
        return Error(Error::Kind::UnsafeName,
            tr("Skipped \"%1\": the server sent a name that can't be a local file name.")
                .arg(shown));
    }
    *path = RemotePath::join(dir, name); // Qt writes local paths with "/" too
    return {};
}

QDateTime LocalFiles::parseFtpTimestamp(const QString &text)
{
    const QString trimmed = text.trimmed();
    const QString whole = trimmed.section(QLatin1Char('.'), 0, 0);
    if (whole.size() != 14)
        return {};
    QDateTime time = QDateTime::fromString(whole, QStringLiteral("yyyyMMddHHmmss"));
    if (!time.isValid())
        return {};
    time.setTimeZone(QTimeZone::utc());
    const QString fraction = trimmed.section(QLatin1Char('.'), 1, 1);
    if (!fraction.isEmpty())
        time = time.addMSecs(fraction.left(3).leftJustified(3, QLatin1Char('0')).toInt());
    return time;
}

QString LocalFiles::formatFtpTimestamp(const QDateTime &utc)
{
    return utc.toUTC().toString(QStringLiteral("yyyyMMddHHmmss"));
}
