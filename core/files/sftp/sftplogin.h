// Logs in on a connected SSH session whose host key was checked, in OpenSSH's order: none,
// ssh-agent, the key files (the one given, the config's IdentityFile lines, else the default
// ones; a passphrase from the keychain, else asked), keyboard-interactive, then password. When
// nothing works, the error names what the server accepts. Part of SftpConnection::open(), on
// the connection's thread.
#pragma once

#include "files/sftp/sftpconnection.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

struct ssh_session_struct;
struct ssh_key_struct;

class SftpLogin
{
    Q_DECLARE_TR_FUNCTIONS(SftpLogin)

public:
    // questions: how to ask a person; null when nothing may be asked. A password that was
    // asked for and worked is kept in settings.password for the connection's life.
    SftpLogin(ssh_session_struct *ssh, const SftpConnection &connection, SftpSettings &settings,
        const SftpConnection::Questions *questions);

    [[nodiscard]] Error run(
        const QString &host, const QString &user, const QStringList &configIdentities);

private:
    [[nodiscard]] bool tryPublicKeyFile(const QString &path, QString *problem);
    // Logs in with an unlocked key (and frees it).
    [[nodiscard]] bool tryKeyAuthentication(
        ssh_key_struct *key, const QString &path, QString *problem);
    [[nodiscard]] bool tryKeyboardInteractive(QString *problem);
    [[nodiscard]] bool tryPassword(QString *problem);

    ssh_session_struct *m_ssh;
    const SftpConnection &m_connection;
    SftpSettings &m_settings;
    const SftpConnection::Questions *m_questions;
    QString m_host;
    QString m_user;
};
