// A remote location as people type it: ftp://user@host:port/path, ftps:// (implicit TLS),
// sftp://. Passwords in URLs are refused: they would end up in shell history and process lists.
#pragma once

#include "net/error.h"

#include <QCoreApplication>
#include <QString>

class RemoteUrl
{
    Q_DECLARE_TR_FUNCTIONS(RemoteUrl)

public:
    enum class Scheme { Ftp, Ftps, Sftp };

    [[nodiscard]] static RemoteUrl parse(const QString &text, Error *error);

    [[nodiscard]] bool isValid() const { return !m_host.isEmpty(); }
    [[nodiscard]] Scheme scheme() const { return m_scheme; }
    [[nodiscard]] const QString &host() const { return m_host; }
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] const QString &user() const { return m_user; }
    // Decoded; "" when the URL named no path, "~/x" for /~/x: both in the home folder.
    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] QString schemeName() const { return schemeName(m_scheme); }
    [[nodiscard]] static QString schemeName(Scheme scheme);
    [[nodiscard]] static quint16 defaultPort(Scheme scheme);

private:
    Scheme m_scheme = Scheme::Ftp;
    QString m_host;
    quint16 m_port = 0;
    QString m_user;
    QString m_path;
};
