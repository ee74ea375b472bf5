#include "mailaccount.h"

#include <QCoreApplication>
#include <QStandardPaths>
#include <QUrl>

namespace {
bool validUrl(const QString &text, const QStringList &schemes, QString *problem)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        *problem
            = QCoreApplication::translate("MailAccount", "\"%1\" is not a valid URL.").arg(text);
        return false;
    }
    if (!schemes.contains(url.scheme().toLower())) {
        *problem = QCoreApplication::translate("MailAccount", "\"%1\" should start with %2.")
                       .arg(text, schemes.join(QStringLiteral("://, ")) + QStringLiteral("://"));
        return false;
    }
    if (!url.password().isEmpty()) {
        *problem = QCoreApplication::translate("MailAccount",
            "A password in a URL would be saved in a file; it goes to the keychain.");
        return false;
    }
    return true;
}
} // namespace

bool MailAccount::isValidIncomingUrl(const QString &url, QString *problem)
{
    return validUrl(url,
        {QStringLiteral("imap"), QStringLiteral("imaps"), QStringLiteral("pop3"),
            QStringLiteral("pop3s")},
        problem);
}

bool MailAccount::isValidSmtpUrl(const QString &url, QString *problem)
{
    return validUrl(url, {QStringLiteral("smtp"), QStringLiteral("smtps")}, problem);
}

QString MailAccount::dataDirectory() const
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/mail/") + id;
}
