// One mail folder as the index and the folder list know it: its names (for people and for the
// server), its place in the hierarchy, its special use, and the server state the cache is
// keyed by (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ).
#pragma once

#include <QByteArray>
#include <QChar>
#include <QString>

struct FolderInfo
{
    // RFC 6154 special uses, plus Inbox. The values are stored in the mail index: never
    // renumber them.
    enum class SpecialUse { None, Inbox, Sent, Drafts, Trash, Junk, Archive, All, Flagged };

    QString path; // decoded full name, e.g. "INBOX/Work"
    QByteArray encodedPath; // as the server spells it (modified UTF-7), for commands
    QChar delimiter; // hierarchy delimiter; null when the server has a flat namespace (NIL)
    SpecialUse specialUse = SpecialUse::None;
    bool selectable = true; // false for \Noselect folders and for missing parents
    quint32 uidValidity = 0; // 0: never selected
    quint32 uidNext = 0;
    quint64 highestModSeq = 0; // 0: no CONDSTORE
    int messageCount = 0;
    int unreadCount = 0;
};
