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
        if (!line.isEmpty())
            m_uids.insert(line);
    }
    // Appending after a cut line would glue the next UID to it: write the file clean first.
    return cut ? replaceAll(m_uids) : Error();
}

Error Pop3UidStore::add(const QByteArray &uid)
{
    if (uid.isEmpty() || uid.contains('\n') || uid.contains('\r'))
        return Error(Error::Kind::Protocol, tr("Refused to record an invalid POP3 UID."));
    if (m_uids.contains(uid))
        return {};
    QFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append)
        || file.write(uid + '\n') != uid.size() + 1 || !Maildir::syncFile(file)) {
        return Error(Error::Kind::LocalIo,
            tr("Could not write %1: %2")
                .arg(QDir::toNativeSeparators(m_filePath), file.errorString()));
    }
    m_uids.insert(uid);
    return {};
}

Error Pop3UidStore::replaceAll(const QSet<QByteArray> &uids)
{
    QByteArrayList sorted(uids.cbegin(), uids.cend());
    std::sort(sorted.begin(), sorted.end());
    QByteArray content;
    for (const QByteArray &uid : std::as_const(sorted))
        content += uid + '\n';
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
