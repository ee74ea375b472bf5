#include "sftplogin.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <libssh/libssh.h>

namespace {

QString methodNames(int methods)
{
    QStringList names;
    if (methods & SSH_AUTH_METHOD_PUBLICKEY)
        names << QStringLiteral("publickey");
    if (methods & SSH_AUTH_METHOD_INTERACTIVE)
        names << QStringLiteral("keyboard-interactive");
    if (methods & SSH_AUTH_METHOD_PASSWORD)
        names << QStringLiteral("password");
    if (methods & SSH_AUTH_METHOD_HOSTBASED)
        names << QStringLiteral("hostbased");
    return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
}

} // namespace

SftpLogin::SftpLogin(ssh_session_struct *ssh, const SftpConnection &connection,
    SftpSettings &settings, const SftpConnection::Questions *questions)
    : m_ssh(ssh)
    , m_connection(connection)
    , m_settings(settings)
    , m_questions(questions)
{ }

Error SftpLogin::run(const QString &host, const QString &user, const QStringList &configIdentities)
{
    m_host = host;
    m_user = user;
    int result = ssh_userauth_none(m_ssh, nullptr);
    if (result == SSH_AUTH_SUCCESS)
        return {};
    if (result == SSH_AUTH_ERROR)
        return Error(Error::Kind::ConnectionLost, tr("The connection broke while logging in."),
            m_connection.sshError());
    const int methods = ssh_userauth_list(m_ssh, nullptr);
    QString problem;

    if (methods & SSH_AUTH_METHOD_PUBLICKEY) {
        if (!qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK")) {
            m_connection.log(ProtocolLog::Direction::Sent, tr("Trying the keys of ssh-agent"));
            if (ssh_userauth_agent(m_ssh, nullptr) == SSH_AUTH_SUCCESS) {
                m_connection.log(
                    ProtocolLog::Direction::Info, tr("Logged in with a key from ssh-agent"));
                return {};
            }
        }
        // As OpenSSH: the key given explicitly, then the config's IdentityFile lines; the
        // default key files only when neither names one.
        QStringList files = configIdentities;
        if (!m_settings.identityFile.isEmpty())
            files.prepend(m_settings.identityFile);
        if (files.isEmpty()) {
            for (const char *name : {"id_ed25519", "id_ecdsa", "id_rsa"}) {
                const QString path
                    = QDir::homePath() + QStringLiteral("/.ssh/") + QString::fromLatin1(name);
                if (QFileInfo::exists(path))
                    files << path;
            }
        }
        for (const QString &file : std::as_const(files)) {
            if (tryPublicKeyFile(file, &problem))
                return {};
            if (!ssh_is_connected(m_ssh))
                break;
        }
    }
    // As OpenSSH: keyboard-interactive (PAM servers, one-time codes) before password.
    if ((methods & SSH_AUTH_METHOD_INTERACTIVE) && ssh_is_connected(m_ssh)
        && tryKeyboardInteractive(&problem))
        return {};
    if ((methods & SSH_AUTH_METHOD_PASSWORD) && ssh_is_connected(m_ssh) && tryPassword(&problem))
        return {};
    QString message = tr("Could not log in to %1 as %2. The server accepts: %3.")
                          .arg(m_host, m_user, methodNames(methods));
    if (!problem.isEmpty())
        message += QLatin1Char(' ') + problem;
    return Error(Error::Kind::Authentication, message, m_connection.sshError());
}

bool SftpLogin::tryPublicKeyFile(const QString &path, QString *problem)
{
    const QByteArray file = QFile::encodeName(path);
    // Offer the public half first, so a key the server won't take never asks for a passphrase.
    ssh_key publicKey = nullptr;
    if (ssh_pki_import_pubkey_file(
            QFile::encodeName(path + QStringLiteral(".pub")).constData(), &publicKey)
        == SSH_OK) {
        const int offered = ssh_userauth_try_publickey(m_ssh, nullptr, publicKey);
        ssh_key_free(publicKey);
        if (offered != SSH_AUTH_SUCCESS) {
            m_connection.log(
                ProtocolLog::Direction::Info, tr("The server does not take the key %1").arg(path));
            return false;
        }
    }
    ssh_key key = nullptr;
    if (ssh_pki_import_privkey_file(file.constData(), nullptr, nullptr, nullptr, &key) != SSH_OK) {
        if (!QFileInfo::exists(path)) {
            *problem = tr("The key file %1 does not exist.").arg(path);
            return false;
        }
        // Most likely encrypted: the saved passphrase first, then ask.
        if (!m_settings.keyPassphrase.isEmpty()
            && ssh_pki_import_privkey_file(file.constData(),
                   m_settings.keyPassphrase.toUtf8().constData(), nullptr, nullptr, &key)
                == SSH_OK) {
            m_connection.log(ProtocolLog::Direction::Info,
                tr("Unlocked the key %1 with the saved passphrase").arg(path));
            return tryKeyAuthentication(key, path, problem);
        }
        PasswordPrompt prompt;
        prompt.host = m_host;
        prompt.user = m_user;
        prompt.what = tr("Passphrase for the key %1").arg(path);
        const std::optional<QString> passphrase
            = m_questions && m_questions->password ? m_questions->password(prompt) : std::nullopt;
        if (!passphrase) {
            *problem = tr("No passphrase was given for the key %1.").arg(path);
            return false;
        }
        if (ssh_pki_import_privkey_file(
                file.constData(), passphrase->toUtf8().constData(), nullptr, nullptr, &key)
            != SSH_OK) {
            *problem = tr("Could not read the key %1: wrong passphrase?").arg(path);
            return false;
        }
    }
    return tryKeyAuthentication(key, path, problem);
}

bool SftpLogin::tryKeyAuthentication(ssh_key_struct *key, const QString &path, QString *problem)
{
    m_connection.log(ProtocolLog::Direction::Sent, tr("Trying the key %1").arg(path));
    const int result = ssh_userauth_publickey(m_ssh, nullptr, key);
    ssh_key_free(key);
    if (result == SSH_AUTH_SUCCESS) {
        m_connection.log(ProtocolLog::Direction::Info, tr("Logged in with the key %1").arg(path));
        return true;
    }
    *problem = tr("The server refused the key %1.").arg(path);
    return false;
}

bool SftpLogin::tryPassword(QString *problem)
{
    std::optional<QString> password = m_settings.password;
    if (password->isEmpty()) {
        PasswordPrompt prompt;
        prompt.host = m_host;
        prompt.user = m_user;
        prompt.what = tr("Password");
        password
            = m_questions && m_questions->password ? m_questions->password(prompt) : std::nullopt;
        if (!password || password->isEmpty()) {
            *problem = tr("No password was given.");
            return false;
        }
    }
    m_connection.log(ProtocolLog::Direction::Sent, tr("Password ****"));
    if (ssh_userauth_password(m_ssh, nullptr, password->toUtf8().constData()) == SSH_AUTH_SUCCESS) {
        m_connection.log(ProtocolLog::Direction::Info, tr("Logged in with a password"));
        // Kept for this connection's life, in memory only: a reconnection, or a second
        // connection helping with a large download, logs in without asking again.
        m_settings.password = *password;
        return true;
    }
    *problem = tr("The server refused the user name or password.");
    return false;
}

bool SftpLogin::tryKeyboardInteractive(QString *problem)
{
    m_connection.log(ProtocolLog::Direction::Sent, tr("Trying keyboard-interactive"));
    bool passwordUsed = false;
    int result = ssh_userauth_kbdint(m_ssh, nullptr, nullptr);
    // A server may ask several rounds (a password, then a one-time code); a bound keeps a
    // hostile one from asking forever.
    for (int round = 0; result == SSH_AUTH_INFO && round < 8; ++round) {
        const int count = ssh_userauth_kbdint_getnprompts(m_ssh);
        const QString instruction
            = SftpConnection::fromLibssh(ssh_userauth_kbdint_getinstruction(m_ssh)).trimmed();
        for (int i = 0; i < count; ++i) {
            char echo = 0;
            const QString question = SftpConnection::fromLibssh(
                ssh_userauth_kbdint_getprompt(m_ssh, unsigned(i), &echo))
                                         .trimmed();
            std::optional<QString> answer;
            // PAM's usual single "Password:" takes the password already known, once.
            if (count == 1 && !echo && !passwordUsed && !m_settings.password.isEmpty()
                && question.contains(QLatin1StringView("password"), Qt::CaseInsensitive)) {
                answer = m_settings.password;
                passwordUsed = true;
            } else if (m_questions && m_questions->password) {
                PasswordPrompt prompt;
                prompt.host = m_host;
                prompt.user = m_user;
                prompt.what
                    = instruction.isEmpty() ? question : instruction + QLatin1Char('\n') + question;
                prompt.echo = echo != 0;
                answer = m_questions->password(prompt);
            }
            if (!answer) {
                *problem = tr("No answer was given to the server's question \"%1\".").arg(question);
                return false;
            }
            if (ssh_userauth_kbdint_setanswer(m_ssh, unsigned(i), answer->toUtf8().constData())
                < 0) {
                *problem = tr("Could not answer the server's question \"%1\".").arg(question);
                return false;
            }
        }
        m_connection.log(
            ProtocolLog::Direction::Sent, tr("Answered %n question(s) ****", nullptr, count));
        result = ssh_userauth_kbdint(m_ssh, nullptr, nullptr);
    }
    if (result == SSH_AUTH_SUCCESS) {
        m_connection.log(ProtocolLog::Direction::Info, tr("Logged in with keyboard-interactive"));
        return true;
    }
    *problem = tr("The server did not accept the answers (keyboard-interactive).");
    return false;
}
