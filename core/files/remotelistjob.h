// A job that lists a remote folder; every protocol's listing job hands its result this way.
#pragma once

#include "files/remoteentry.h"
#include "net/job.h"

#include <QList>
#include <QStringList>

class RemoteListJob : public Job
{
    Q_OBJECT

public:
    using Job::Job;

    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] const QList<RemoteEntry> &entries() const { return m_entries; }
    // Entries left out because their names can't be used safely (with "/", NUL, CR/LF), and
    // lines the parser did not understand: shown to the person, never guessed at.
    [[nodiscard]] const QStringList &rejectedNames() const { return m_rejectedNames; }
    [[nodiscard]] const QStringList &unparsedLines() const { return m_unparsedLines; }

protected:
    QString m_path;
    QList<RemoteEntry> m_entries;
    QStringList m_rejectedNames;
    QStringList m_unparsedLines;
};
