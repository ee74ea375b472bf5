// The lab's WHARF_LAB_* variables, as `tests/lab/lab exec` (and so CTest) passes them.
#pragma once

#include "files/sftp/sftptypes.h"

#include <QString>

class LabEnvironment
{
public:
    // The variable's value; stops the test with a clear message when it is missing.
    [[nodiscard]] static QString value(const char *name);
    // The lab's sshd, as the lab user with the lab's key and known_hosts.
    [[nodiscard]] static SftpSettings sftpKeySettings();
    // Alice on the lab's Dovecot: IMAP or POP3 settings for this port and security.
    template<typename Settings, typename Security>
    [[nodiscard]] static Settings aliceMailSettings(const char *portVariable, Security security)
    {
        Settings settings;
        settings.host = value("WHARF_LAB_HOST");
        settings.port = quint16(value(portVariable).toUInt());
        settings.security = security;
        settings.user = value("WHARF_LAB_MAIL_USER");
        settings.password = value("WHARF_LAB_MAIL_PASSWORD");
        return settings;
    }
};
