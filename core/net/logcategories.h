// One logging category per protocol (QT_LOGGING_RULES="wharf.ftp.debug=true" shows FTP only).
#pragma once

#include <QLoggingCategory>
#include <QStringView>

Q_DECLARE_LOGGING_CATEGORY(lcFtp)
Q_DECLARE_LOGGING_CATEGORY(lcSftp)
Q_DECLARE_LOGGING_CATEGORY(lcSmtp)
Q_DECLARE_LOGGING_CATEGORY(lcPop3)
Q_DECLARE_LOGGING_CATEGORY(lcImap)
Q_DECLARE_LOGGING_CATEGORY(lcNet)

// The category of a protocol name as LineChannel knows it ("ftp", "smtp", ...); lcNet otherwise.
const QLoggingCategory &loggingCategoryForProtocol(QStringView protocol);
