#include "labenvironment.h"

#include <QtGlobal>

QString LabEnvironment::value(const char *name)
{
    QString value = qEnvironmentVariable(name);
    if (value.isEmpty())
        qFatal("%s is not set: run this test through 'tests/lab/lab exec' or ctest", name);
    return value;
}
