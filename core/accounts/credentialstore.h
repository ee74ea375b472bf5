// Passwords and passphrases, kept in the operating system's keychain through QtKeychain
// (service "wharf", key "<kind>/<id>/<field>"), never in a file. When there is no keychain,
// it says so once and keeps what it is given in memory for this run only.
#pragma once

#include "net/error.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class CredentialStore : public QObject
{
    Q_OBJECT

public:
    enum class Kind { Site, MailAccount };

    using ReadCallback = std::function<void(const std::optional<QString> &secret, const Error &)>;
    using DoneCallback = std::function<void(const Error &)>;

    explicit CredentialStore(QObject *parent = nullptr);

    // "site/<id>/password"
    [[nodiscard]] static QString key(Kind kind, const QString &id, const QString &field);
    [[nodiscard]] static QString serviceName() { return QStringLiteral("wharf"); }

    // nullopt without an error: nothing saved under that key.
    void read(Kind kind, const QString &id, const QString &field, const ReadCallback &done);
    void write(Kind kind, const QString &id, const QString &field, const QString &secret,
        const DoneCallback &done);
    void remove(Kind kind, const QString &id, const QString &field, const DoneCallback &done);
    // Every field Wharf stores for that site or account.
    void removeAll(Kind kind, const QString &id, const DoneCallback &done);

    [[nodiscard]] bool isKeychainAvailable() const { return m_keychainAvailable; }
    // Keychain jobs that take longer fail (a locked keyring may wait for a prompt forever).
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }

    static QStringList fieldsOf(Kind kind);

signals:
    // Once per run, the first time the keychain can't be used, with the reason.
    void keychainUnavailable(const QString &reason);

private:
    template<typename KeychainJob, typename Finish>
    void runJob(KeychainJob *job, Finish finish);
    void noteUnavailable(const QString &reason);

    QHash<QString, QString> m_memoryOnly; // used only when there is no keychain
    bool m_keychainAvailable = true;
    int m_timeoutMs = 15000;
};
