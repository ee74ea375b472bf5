// One IMAP command as the client sends it: text pieces and the strings between them, each
// string written as an atom, a quoted string or a literal as its bytes require (RFC 3501
// §4.3), so no argument can smuggle a line break into a second command.
#pragma once

#include "net/linechannel.h"

#include <QByteArray>
#include <QList>

class ImapCommand
{
public:
    ImapCommand() = default;
    explicit ImapCommand(const QByteArray &text) { append(text); }

    // Protocol text written as is ("UID FETCH", "1:40", "(FLAGS)"). Must not hold CR or LF.
    ImapCommand &append(const QByteArray &text);
    // A string argument (astring): an atom when safe, quoted when printable, else a literal.
    ImapCommand &appendString(const QByteArray &bytes);
    // Always a literal (APPEND's message).
    ImapCommand &appendLiteral(const QByteArray &bytes);
    // Masks everything after the command name in the protocol log (LOGIN, AUTHENTICATE).
    ImapCommand &setSecret(bool secret);

    struct Piece
    {
        QByteArray text; // ends right before a literal's "{n}" (or the command's end)
        QByteArray literal; // the literal that follows text, when hasLiteral
        bool hasLiteral = false;
    };
    // The command cut at each literal: piece i's text, then "{n}\r\n", wait for "+" (unless
    // LITERAL+), then piece i's literal; pieces after the first start with a space.
    [[nodiscard]] QList<Piece> pieces() const;
    [[nodiscard]] bool isSecret() const { return m_secret; }
    [[nodiscard]] bool isEmpty() const { return m_pieces.isEmpty(); }
    // The command's name ("UID FETCH"), for logs and errors.
    [[nodiscard]] QByteArray name() const;

    // "1:5,7,9:12" with runs compressed; split into several sets so that no command line grows
    // past maxLength octets (RFC 2683 §3.2.1.5 advises staying under 8,000).
    [[nodiscard]] static QByteArrayList uidSets(QList<quint32> uids, qsizetype maxLength = 7000);

private:
    QList<Piece> m_pieces;
    bool m_literalPending = false;
    bool m_secret = false;
};
