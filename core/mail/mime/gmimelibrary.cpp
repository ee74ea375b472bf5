#include "gmimelibrary.h"

#include <mutex>

void GMimeLibrary::ensureInitialized()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}
