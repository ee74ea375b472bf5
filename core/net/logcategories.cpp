#include "logcategories.h"

// Debug output is off unless asked for (QT_LOGGING_RULES); the protocol log is the normal view.
Q_LOGGING_CATEGORY(lcFtp, "wharf.ftp", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSftp, "wharf.sftp", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSmtp, "wharf.smtp", QtWarningMsg)
Q_LOGGING_CATEGORY(lcPop3, "wharf.pop3", QtWarningMsg)
Q_LOGGING_CATEGORY(lcImap, "wharf.imap", QtWarningMsg)
Q_LOGGING_CATEGORY(lcNet, "wharf.net", QtWarningMsg)

const QLoggingCategory &loggingCategoryForProtocol(QStringView protocol)
{
    if (protocol.startsWith(u"ftp"))
        return lcFtp();
    if (protocol == u"sftp")
        return lcSftp();
    if (protocol == u"smtp")
        return lcSmtp();
    if (protocol == u"pop3")
        return lcPop3();
    if (protocol == u"imap")
        return lcImap();
    return lcNet();
}
