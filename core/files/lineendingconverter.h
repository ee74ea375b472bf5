// Converts line endings on the fly for FTP's ASCII mode (TYPE A): the wire carries CRLF, the
// local file keeps LF. Blocks may split a CRLF anywhere.
#pragma once

#include <QByteArray>

class LineEndingConverter
{
public:
    enum class Direction {
        ToLocal, // CRLF -> LF (a CR not followed by LF is kept)
        ToWire, // LF -> CRLF (an existing CRLF is kept as it is)
    };

    explicit LineEndingConverter(Direction direction)
        : m_direction(direction)
    { }

    [[nodiscard]] QByteArray convert(const char *data, qint64 size);
    // What is still held back at the end of the stream (a trailing CR).
    [[nodiscard]] QByteArray finish();

private:
    Direction m_direction;
    bool m_pendingCr = false; // ToLocal: the last block ended in CR
    bool m_lastWasCr = false; // ToWire: the last byte written was CR
};
