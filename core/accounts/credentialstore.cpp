#include "credentialstore.h"

#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <memory>

namespace {
QString kindName(CredentialStore::Kind kind)
{
    return kind == CredentialStore::Kind::Site ? QStringLiteral("site") : QStringLiteral("mail");
}
} // namespace

CredentialStore::CredentialStore(QObject *parent)
    : QObject(parent)
{ }

QString CredentialStore::key(Kind kind, const QString &id, const QString &field)
{
    return kindName(kind) + QLatin1Char('/') + id + QLatin1Char('/') + field;
}

QStringList CredentialStore::fieldsOf(Kind kind)
{
    if (kind == Kind::Site)
        return {QStringLiteral("password"), QStringLiteral("passphrase")};
    return {QStringLiteral("password"), QStringLiteral("smtp-password")};
}

void CredentialStore::noteUnavailable(const QString &reason)
{
    if (!m_keychainAvailable)
        return;
    m_keychainAvailable = false;
    emit keychainUnavailable(reason);
}

// Runs a QtKeychain job with a timeout; finish(job, timedOut) is called exactly once.
template<typename KeychainJob, typename Finish>
void CredentialStore::runJob(KeychainJob *job, Finish finish)
{
    job->setAutoDelete(false);
    job->setInsecureFallback(false); // never a plain-text file, whatever happens
    auto done = std::make_shared<bool>(false);
    auto *timer = new QTimer(job);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [job, done, finish] {
        if (std::exchange(*done, true))
            return;
        finish(job, true);
        job->deleteLater();
    });
    connect(job, &QKeychain::Job::finished, this, [job, done, finish] {
        if (std::exchange(*done, true))
            return;
        finish(job, false);
        job->deleteLater();
    });
    timer->start(m_timeoutMs);
    job->start();
}

void CredentialStore::read(
    Kind kind, const QString &id, const QString &field, const ReadCallback &done)
{
    const QString entry = key(kind, id, field);
    if (!m_keychainAvailable) {
        done(m_memoryOnly.contains(entry) ? std::optional<QString>(m_memoryOnly.value(entry))
                                          : std::nullopt,
            {});
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setKey(entry);
    runJob(job, [this, done, entry](QKeychain::ReadPasswordJob *finished, bool timedOut) {
        if (timedOut) {
            done(std::nullopt,
                Error(Error::Kind::Timeout, tr("The keychain did not answer. Is it locked?")));
            return;
        }
        switch (finished->error()) {
        case QKeychain::NoError: done(finished->textData(), {}); return;
        case QKeychain::EntryNotFound: done(std::nullopt, {}); return;
        case QKeychain::AccessDeniedByUser:
        case QKeychain::AccessDenied:
            done(std::nullopt,
                Error(Error::Kind::PermissionDenied,
                    tr("The keychain refused access: %1").arg(finished->errorString())));
            return;
        default:
            noteUnavailable(finished->errorString());
            done(m_memoryOnly.contains(entry) ? std::optional<QString>(m_memoryOnly.value(entry))
                                              : std::nullopt,
                {});
        }
    });
}

void CredentialStore::write(Kind kind, const QString &id, const QString &field,
    const QString &secret, const DoneCallback &done)
{
    const QString entry = key(kind, id, field);
    if (!m_keychainAvailable) {
        m_memoryOnly.insert(entry, secret);
        done(Error(Error::Kind::Unsupported,
            tr("No keychain is available: the password is kept only until Wharf quits.")));
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setKey(entry);
    job->setTextData(secret);
    runJob(job, [this, done, entry, secret](QKeychain::WritePasswordJob *finished, bool timedOut) {
        if (timedOut) {
            done(Error(Error::Kind::Timeout, tr("The keychain did not answer. Is it locked?")));
            return;
        }
        if (finished->error() == QKeychain::NoError) {
            done({});
            return;
        }
        if (finished->error() == QKeychain::AccessDeniedByUser
            || finished->error() == QKeychain::AccessDenied) {
            done(Error(Error::Kind::PermissionDenied,
                tr("The keychain refused to store the password: %1").arg(finished->errorString())));
            return;
        }
        noteUnavailable(finished->errorString());
        m_memoryOnly.insert(entry, secret);
        done(Error(Error::Kind::Unsupported,
            tr("No keychain is available (%1): the password is kept only until Wharf quits.")
                .arg(finished->errorString())));
    });
}

void CredentialStore::remove(
    Kind kind, const QString &id, const QString &field, const DoneCallback &done)
{
    const QString entry = key(kind, id, field);
    m_memoryOnly.remove(entry);
    if (!m_keychainAvailable) {
        done({});
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setKey(entry);
    runJob(job, [done](QKeychain::DeletePasswordJob *finished, bool timedOut) {
        if (timedOut) {
            done(Error(Error::Kind::Timeout, tr("The keychain did not answer. Is it locked?")));
            return;
        }
        const bool gone = finished->error() == QKeychain::NoError
            || finished->error() == QKeychain::EntryNotFound;
        done(gone ? Error()
                  : Error(Error::Kind::LocalIo,
                      tr("Could not delete the password: %1").arg(finished->errorString())));
    });
}

void CredentialStore::removeAll(Kind kind, const QString &id, const DoneCallback &done)
{
    const QStringList fields = fieldsOf(kind);
    auto remaining = std::make_shared<qsizetype>(fields.size());
    auto firstError = std::make_shared<Error>();
    for (const QString &field : fields) {
        remove(kind, id, field, [remaining, firstError, done](const Error &error) {
            if (error.isError() && !firstError->isError())
                *firstError = error;
            if (--*remaining == 0)
                done(*firstError);
        });
    }
}
