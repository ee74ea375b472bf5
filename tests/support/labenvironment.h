// The lab's WHARF_LAB_* variables, as `tests/lab/lab exec` (and so CTest) passes them.
#pragma once

#include <QString>

class LabEnvironment
{
public:
    // The variable's value; stops the test with a clear message when it is missing.
    [[nodiscard]] static QString value(const char *name);
};
