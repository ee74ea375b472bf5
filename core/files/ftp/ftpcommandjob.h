// An FTP operation that is only commands, no data connection: MKD, RMD, DELE, RNFR+RNTO,
// SITE CHMOD, MFMT. Each step must succeed for the next to run.
#pragma once

#include "files/ftp/ftpoperation.h"
#include "net/job.h"

#include <QByteArray>
#include <QList>
#include <QString>

class FtpCommandJob : public Job, public FtpOperation
{
    Q_OBJECT

public:
    // The argument is prefix + the path, resolved when the step runs (after login, so "~"
    // is known): {"SITE", "CHMOD 755 ", "/pub/x"}.
    struct Step
    {
        QByteArray verb;
        QByteArray prefix;
        QString path;
    };

    // description: what the person asked for, e.g. "create the folder /pub/new".
    FtpCommandJob(
        FtpSession *session, QList<Step> steps, QString description, QObject *parent = nullptr);

    void runOnSession() override;
    void sessionFailed(const Error &error) override { finishWithError(error); }

protected:
    void doStart() override { schedule(); }
    void doCancel() override;

private:
    void runStep(qsizetype index);

    QList<Step> m_steps;
    QString m_description;
};
