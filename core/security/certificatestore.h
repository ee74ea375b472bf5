// Which TLS certificates to trust beyond the system's CAs: extra CAs (a test lab's, a company's)
// and the exceptions a person accepted, by host, port and SHA-256 fingerprint. Never a global
// "ignore errors".
#pragma once

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>

class CertificateStore
{
public:
    // settingsFile: where remembered exceptions are kept (INI); empty keeps them in memory only.
    explicit CertificateStore(QString settingsFile = {});

    [[nodiscard]] static QString defaultSettingsFile();
    [[nodiscard]] static QByteArray fingerprint(const QSslCertificate &certificate);

    // Adds trusted CAs from a PEM file; false when the file holds none.
    bool addCaFile(const QString &path);
    void addCaCertificates(const QList<QSslCertificate> &certificates);
    // The default configuration plus the extra CAs, for every TLS socket Wharf opens.
    [[nodiscard]] QSslConfiguration sslConfiguration() const;

    [[nodiscard]] bool isAccepted(
        const QString &host, quint16 port, const QSslCertificate &certificate) const;
    void acceptForSession(const QString &host, quint16 port, const QSslCertificate &certificate);
    void acceptPermanently(const QString &host, quint16 port, const QSslCertificate &certificate);

private:
    static QString key(const QString &host, quint16 port, const QByteArray &sha256);

    QString m_settingsFile;
    QList<QSslCertificate> m_extraCas;
    QSet<QString> m_sessionExceptions;
};
