#include "appidentity.h"

#include <QCoreApplication>

QString AppIdentity::version()
{
    return QStringLiteral(WHARF_VERSION);
}

QString AppIdentity::applicationName()
{
    return QStringLiteral("Wharf");
}

void AppIdentity::applyToApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Wharf"));
    QCoreApplication::setApplicationName(applicationName());
    QCoreApplication::setApplicationVersion(version());
}
