// Owning pointers for what GLib and GMime hand back: a GObject reference, a g_malloc'ed string.
// One place for the deleters, so no code path can forget an unref (checked under valgrind).
#pragma once

#include "mail/mime/gmimelibrary.h"

#include <memory>

struct GObjectUnref
{
    void operator()(gpointer object) const
    {
        if (object)
            g_object_unref(object);
    }
};

struct GFree
{
    void operator()(gpointer memory) const { g_free(memory); }
};

// Adopts one reference: GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
template<typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

// Adopts a string GLib allocated: GCharPtr text(g_mime_utils_header_decode_text(...)).
using GCharPtr = std::unique_ptr<char, GFree>;

// A new reference to an object someone else owns (a getter's result), for keeping it.
template<typename T>
[[nodiscard]] GObjectPtr<T> gobjectRef(T *object)
{
    if (object)
        g_object_ref(object);
    return GObjectPtr<T>(object);
}
