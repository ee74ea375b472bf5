// The application's name, organisation and version, shared by wharf and wharf-cli so both
// read and write the same settings.
#pragma once

#include <QString>

class AppIdentity
{
public:
    static QString version();
    static QString applicationName();
    // Sets the QCoreApplication names that QSettings and QStandardPaths derive paths from.
    static void applyToApplication();
};
