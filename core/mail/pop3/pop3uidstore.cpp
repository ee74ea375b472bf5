#include "pop3uidstore.h"

#include "mail/store/maildir.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <utility>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Pop3UidStore", text);
}

} // namespace

Pop3UidStore::Pop3UidStore(QString filePath)
    : m_filePath(std::move(filePath))
{ }

QString Pop3UidStore::defaultFilePath(const QString &maildirPath)
{
    return maildirPath + QStringLiteral("/.wharf-pop3-uids");
}

Error Pop3UidStore::load()
{
    m_uids.clear();
    m_downloaded.clear();
    QFile file(m_filePath);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(Error::Kind::LocalIo,
            tr("Could not read %1: %2")
                .arg(QDir::toNativeSeparators(m_filePath), file.errorString()));
    }
    const QByteArray content = file.readAll();
    file.close();
    QByteArrayList lines = content.split('\n');
    const bool cut = !lines.constLast().isEmpty();
    lines.removeLast(); // what follows the last newline: empty, or a line cut short
    for (const QByteArray &line : std::as_const(lines)) {
        const qsizetype space = line.indexOf(' ');
        const QByteArray uid = space < 0 ? line : line.left(space);
        if (uid.isEmpty())
            continue;
        m_uids.insert(uid);
        bool ok = false;
        const qint64 seconds = space < 0 ? 0 : line.mid(space + 1).toLongLong(&ok);
        if (ok && seconds > 0)
            m_downloaded.insert(uid, seconds);
    }
    // Appending after a cut line would glue the next UID to it: write the file clean first.
    return cut ? replaceAll(m_uids) : Error();
}

Error Pop3UidStore::add(const QByteArray &uid, const QDateTime &downloaded)
{
    if (uid.isEmpty() || uid.contains('\n') || uid.contains('\r') || uid.contains(' '))
        return Error(Error::Kind::Protocol, tr("Refused to record an invalid POP3 UID."));
    if (m_uids.contains(uid))
        return {};
    const qint64 seconds = downloaded.toSecsSinceEpoch();
    const QByteArray line = uid + ' ' + QByteArray::number(seconds) + '\n';
    QFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append) || file.write(line) != line.size()
        || !Maildir::syncFile(file)) {
        return Error(Error::Kind::LocalIo,
            tr("Could not write %1: %2")
                .arg(QDir::toNativeSeparators(m_filePath), file.errorString()));
    }
    m_uids.insert(uid);
    m_downloaded.insert(uid, seconds);
    return {};
}

QSet<QByteArray> Pop3UidStore::downloadedBefore(const QDateTime &cutoff) const
{
    const qint64 limit = cutoff.toSecsSinceEpoch();
    QSet<QByteArray> old;
    for (auto it = m_downloaded.cbegin(); it != m_downloaded.cend(); ++it) {
        if (it.value() < limit && m_uids.contains(it.key()))
            old.insert(it.key());
    }
    return old;
}

Error Pop3UidStore::replaceAll(const QSet<QByteArray> &uids)
{
    QByteArrayList sorted(uids.cbegin(), uids.cend());
    std::sort(sorted.begin(), sorted.end());
    QByteArray content;
    for (const QByteArray &uid : std::as_const(sorted)) {
        const qint64 seconds = m_downloaded.value(uid);
        content += uid;
        if (seconds > 0)
            content += ' ' + QByteArray::number(seconds);
        content += '\n';
    }
    const QString temporary = m_filePath + QStringLiteral(".tmp");
    QFile file(temporary);
    const bool written = file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(content) == content.size() && Maildir::syncFile(file);
    file.close();
    if (!written || !Maildir::renameAtomically(temporary, m_filePath)
        || !Maildir::syncDirectory(QFileInfo(m_filePath).absolutePath())) {
        QFile::remove(temporary);
        return Error(Error::Kind::LocalIo,
            tr("Could not write %1.").arg(QDir::toNativeSeparators(m_filePath)));
    }
    m_uids = uids;
    return {};
}
