#include "labenvironment.h"

#include <QtGlobal>

QString LabEnvironment::value(const char *name)
{
    QString value = qEnvironmentVariable(name);
    if (value.isEmpty())
        qFatal("%s is not set: run this test through 'tests/lab/lab exec' or ctest", name);
    return value;
}

SftpSettings LabEnvironment::sftpKeySettings()
{
    SftpSettings settings;
    settings.host = value("WHARF_LAB_HOST");
    settings.port = quint16(value("WHARF_LAB_SSH_PORT").toUInt());
    settings.user = value("WHARF_LAB_USER");
    settings.identityFile = value("WHARF_LAB_SSH_KEY");
    settings.knownHostsFile = value("WHARF_LAB_SSH_KNOWN_HOSTS");
    settings.connectTimeoutSeconds = 10;
    return settings;
}
