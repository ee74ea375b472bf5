// One more connection that helps download a large file: it logs in on a thread of its own
// (never asking anything: what the first connection could do without a question, it can do),
// opens the same file and reads what the shared plan hands out into the same .part. When it
// cannot log in, the download goes on without it; when it fails later, it hands back what it
// had not received.
#pragma once

#include "files/sftp/sftpconnection.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <thread>

class SftpReadPlan;

class SftpDownloadHelper
{
    Q_DECLARE_TR_FUNCTIONS(SftpDownloadHelper)

public:
    struct Work
    {
        QByteArray remotePath;
        QString partPath;
        qint64 requestSize = 0;
        SftpReadPlan *plan = nullptr;
        std::atomic<qint64> *done = nullptr;
    };

    // Starts at once. Its log goes through questions.log (nothing is ever asked).
    SftpDownloadHelper(
        const SftpSettings &settings, SftpConnection::Questions questions, Work work);
    SftpDownloadHelper(const SftpDownloadHelper &) = delete;
    SftpDownloadHelper &operator=(const SftpDownloadHelper &) = delete;
    // Waits for the thread (stop() first to make that quick).
    ~SftpDownloadHelper();

    // Any thread: reading stops, a read waiting on a silent server is cut off.
    void stop();

private:
    void run();
    void leave(const QString &why);

    SftpConnection m_connection;
    Work m_work;
    std::atomic_bool m_stop {false};
    std::thread m_thread;
};
