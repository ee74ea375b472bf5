// A job that looks up one remote path: is it there, a file or a folder, how big, how old.
#pragma once

#include "files/remoteentry.h"
#include "net/job.h"

class RemoteStatJob : public Job
{
    Q_OBJECT

public:
    using Job::Job;

    [[nodiscard]] const QString &path() const { return m_path; }
    // Valid once the job finished without error; name is the last part of the path.
    [[nodiscard]] const RemoteEntry &entry() const { return m_entry; }

protected:
    QString m_path;
    RemoteEntry m_entry;
};
