#include "certificatestore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>

#include <utility>

namespace {
const QString exceptionsGroup = QStringLiteral("accepted");
}

CertificateStore::CertificateStore(QString settingsFile)
    : m_settingsFile(std::move(settingsFile))
{ }

QString CertificateStore::defaultSettingsFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
        + QStringLiteral("/certificates.ini");
}

QByteArray CertificateStore::fingerprint(const QSslCertificate &certificate)
{
    return certificate.digest(QCryptographicHash::Sha256);
}

bool CertificateStore::addCaFile(const QString &path)
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(path, QSsl::Pem);
    addCaCertificates(certificates);
    return !certificates.isEmpty();
}

void CertificateStore::addCaCertificates(const QList<QSslCertificate> &certificates)
{
    m_extraCas.append(certificates);
}

QSslConfiguration CertificateStore::sslConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    if (!m_extraCas.isEmpty())
        configuration.addCaCertificates(m_extraCas);
    return configuration;
}

QString CertificateStore::key(const QString &host, quint16 port, const QByteArray &sha256)
{
    return host.toLower() + QLatin1Char('_') + QString::number(port) + QLatin1Char('_')
        + QString::fromLatin1(sha256.toHex());
}

bool CertificateStore::isAccepted(
    const QString &host, quint16 port, const QSslCertificate &certificate) const
{
    if (certificate.isNull())
        return false;
    const QString id = key(host, port, fingerprint(certificate));
    if (m_sessionExceptions.contains(id))
        return true;
    if (m_settingsFile.isEmpty())
        return false;
    const QSettings settings(m_settingsFile, QSettings::IniFormat);
    return settings.value(exceptionsGroup + QLatin1Char('/') + id).isValid();
}

void CertificateStore::acceptForSession(
    const QString &host, quint16 port, const QSslCertificate &certificate)
{
    m_sessionExceptions.insert(key(host, port, fingerprint(certificate)));
}

void CertificateStore::acceptPermanently(
    const QString &host, quint16 port, const QSslCertificate &certificate)
{
    acceptForSession(host, port, certificate);
    if (m_settingsFile.isEmpty())
        return;
    QDir().mkpath(QFileInfo(m_settingsFile).absolutePath());
    QSettings settings(m_settingsFile, QSettings::IniFormat);
    // The subject is kept beside the key so a person reading the file knows what they accepted.
    settings.setValue(
        exceptionsGroup + QLatin1Char('/') + key(host, port, fingerprint(certificate)),
        certificate.subjectDisplayName());
}
