// Turns the bytes of an FTP directory listing (MLSD, LIST in Unix or DOS form, NLST) into
// RemoteEntry values, without a socket: the FTP session feeds it what the data connection reads.
#pragma once

#include "files/remoteentry.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QStringList>
#include <QStringView>

class FtpListingParser
{
public:
    enum class Format {
        Auto, // LIST output: Unix `ls -l` or DOS/IIS, recognised line by line; never bare names
        Mlsd, // MLSD output (RFC 3659 section 7)
        Names, // NLST output, or a LIST that is only names: each line is a name, nothing else
    };

    // Longer lines are reported as unparsed and their bytes dropped, never buffered.
    static constexpr qsizetype MaxLineLength = 16384;

    // nowUtc decides the year of `ls -l` dates that have a time but no year.
    explicit FtpListingParser(
        Format format, const QDateTime &nowUtc = QDateTime::currentDateTimeUtc());

    // Chunks may split lines anywhere; lines end in LF or CRLF.
    void addData(const QByteArray &data);
    // Parses a last line that had no line ending. Call once the data connection closed.
    void finish();

    [[nodiscard]] QList<RemoteEntry> takeEntries();
    // Lines that matched no format, as text for the log (over-long ones shortened).
    [[nodiscard]] QStringList unparsedLines() const { return m_unparsedLines; }
    // Names refused as entries: empty, or containing "/", NUL, CR or LF. "." and ".." are not
    // here: every `ls -a` lists them, so they are dropped without a word.
    [[nodiscard]] QStringList rejectedNames() const { return m_rejectedNames; }

    // False for names no listing entry may have (see rejectedNames()).
    [[nodiscard]] static bool isAcceptableName(QStringView name);
    // Server bytes as text: UTF-8 when they are valid UTF-8, Latin-1 otherwise.
    [[nodiscard]] static QString decodeServerText(QByteArrayView bytes);

private:
    void processLine(QByteArrayView line);
    void reportOverlongLine(QByteArrayView head, QByteArrayView tail);

    Format m_format;
    QDateTime m_nowUtc;
    QByteArray m_pending; // the start of a line whose end has not arrived
    bool m_discardingLine = false; // inside an over-long line, dropping bytes until its LF
    QList<RemoteEntry> m_entries;
    QStringList m_unparsedLines;
    QStringList m_rejectedNames;
};
