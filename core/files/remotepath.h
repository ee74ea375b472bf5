// Paths on servers: always "/"-separated, whatever the local system uses.
#pragma once

#include <QString>

class RemotePath
{
public:
    // join("/a", "b/c") == "/a/b/c"; join("/a/", "") == "/a/".
    [[nodiscard]] static QString join(const QString &dir, const QString &relative);
    // parent("/a/b") == "/a"; parent("/a") == "/"; parent("a") == "".
    [[nodiscard]] static QString parent(const QString &path);
    // fileName("/a/b/") == "b".
    [[nodiscard]] static QString fileName(const QString &path);
};
