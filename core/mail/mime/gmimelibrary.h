// The one place that includes GMime: glib names a struct member "signals", which Qt defines as
// a macro, so the include is wrapped. Also initialises GMime once per process.
#pragma once

#pragma push_macro("signals")
#undef signals
#include <gmime/gmime.h>
#pragma pop_macro("signals")

class GMimeLibrary
{
public:
    static void ensureInitialized();
};
