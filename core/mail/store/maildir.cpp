#include "maildir.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHostInfo>

#include <atomic>
#include <utility>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace {

std::atomic<quint64> deliveryCounter {0};

// '/' and ':' can't be in a Maildir name part; the spec encodes them as octal escapes.
QString safeHostName()
{
    QString host = QHostInfo::localHostName();
    if (host.isEmpty())
        host = QStringLiteral("localhost");
    host.replace(QLatin1Char('/'), QStringLiteral("\\057"));
    host.replace(QLatin1Char(':'), QStringLiteral("\\072"));
    return host;
}

Error ioError(const QFile &file, const QString &what)
{
    const Error::Kind kind
        = file.error() == QFileDevice::ResourceError ? Error::Kind::DiskFull : Error::Kind::LocalIo;
    return Error(kind, what.arg(QDir::toNativeSeparators(file.fileName()), file.errorString()));
}

} // namespace

Maildir::Maildir(QString path)
    : m_path(std::move(path))
{ }

Error Maildir::create() const
{
    QDir dir;
    for (const QString &sub :
        {QStringLiteral("cur"), QStringLiteral("new"), QStringLiteral("tmp")}) {
        const QString folder = m_path + QLatin1Char('/') + sub;
        if (!dir.mkpath(folder)) {
            return Error(Error::Kind::LocalIo,
                QCoreApplication::translate("Maildir", "Could not create the folder %1.")
                    .arg(QDir::toNativeSeparators(folder)));
        }
    }
    return {};
}

QString Maildir::uniqueName()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    static const QString host = safeHostName();
    return QStringLiteral("%1.M%2P%3Q%4.%5")
        .arg(now / 1000)
        .arg((now % 1000) * 1000)
        .arg(QCoreApplication::applicationPid())
        .arg(++deliveryCounter)
        .arg(host);
}

bool Maildir::syncFile(QFile &file)
{
    if (!file.flush())
        return false;
#ifdef Q_OS_WIN
    return ::_commit(file.handle()) == 0;
#else
    return ::fsync(file.handle()) == 0;
#endif
}

bool Maildir::renameAtomically(const QString &from, const QString &to)
{
#ifdef Q_OS_WIN
    return QFile::rename(from, to);
#else
    return ::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0;
#endif
}

bool Maildir::syncDirectory(const QString &directory)
{
#ifdef Q_OS_WIN
    Q_UNUSED(directory)
    return true; // NTFS journals renames; there is no directory handle to flush
#else
    const int fd = ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
#endif
}

Error Maildir::deliver(const QByteArray &message, QString *fileName) const
{
    const QString tmpDir = m_path + QStringLiteral("/tmp");
    const QString newDir = m_path + QStringLiteral("/new");
    QString name;
    QFile file;
    // A name already in tmp/ belongs to another delivery: take the next one, never overwrite.
    for (int attempt = 0; attempt < 100 && !file.isOpen(); ++attempt) {
        name = uniqueName();
        file.setFileName(tmpDir + QLatin1Char('/') + name);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) && !file.exists())
            return ioError(file, QCoreApplication::translate("Maildir", "Could not create %1: %2"));
    }
    if (!file.isOpen()) {
        return Error(Error::Kind::LocalIo,
            QCoreApplication::translate("Maildir", "Could not find a free file name in %1.")
                .arg(QDir::toNativeSeparators(tmpDir)));
    }
    const bool written = file.write(message) == message.size() && syncFile(file);
    if (!written) {
        Error error
            = ioError(file, QCoreApplication::translate("Maildir", "Could not write %1: %2"));
        file.close();
        file.remove();
        return error;
    }
    file.close();
    // rename() within one file system is atomic: new/ shows the whole message or nothing.
    const QString target = newDir + QLatin1Char('/') + name;
    if (!renameAtomically(file.fileName(), target)) {
        QFile::remove(file.fileName());
        return Error(Error::Kind::LocalIo,
            QCoreApplication::translate("Maildir", "Could not move %1 into %2.")
                .arg(QDir::toNativeSeparators(file.fileName()), QDir::toNativeSeparators(newDir)));
    }
    if (!syncDirectory(newDir)) {
        return Error(Error::Kind::LocalIo,
            QCoreApplication::translate("Maildir", "Could not write the folder %1 to disk.")
                .arg(QDir::toNativeSeparators(newDir)));
    }
    if (fileName)
        *fileName = name;
    return {};
}
