// One value of an IMAP response (RFC 3501 §4, RFC 9051 §4): NIL, an atom (numbers are atoms
// too), a string (quoted or literal; NIL and "" stay different) or a parenthesised list. A
// literal too large to keep in memory lives in a temporary file the value shares.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QTemporaryFile;

class ImapValue
{
public:
    enum class Type { Nil, Atom, String, List };

    ImapValue() = default; // NIL
    [[nodiscard]] static ImapValue atom(QByteArray text);
    [[nodiscard]] static ImapValue string(QByteArray bytes);
    [[nodiscard]] static ImapValue list(QList<ImapValue> items);
    // A literal the parser wrote to disk (see ImapResponseParser::setSpoolDirectory).
    [[nodiscard]] static ImapValue spooledString(std::shared_ptr<QTemporaryFile> file, qint64 size);

    [[nodiscard]] Type type() const { return m_type; }
    [[nodiscard]] bool isNil() const { return m_type == Type::Nil; }
    [[nodiscard]] bool isAtom() const { return m_type == Type::Atom; }
    [[nodiscard]] bool isString() const { return m_type == Type::String; }
    [[nodiscard]] bool isList() const { return m_type == Type::List; }
    // Case-insensitive atom comparison ("ok" == "OK"), as IMAP atoms are.
    [[nodiscard]] bool isAtom(QByteArrayView name) const;

    // The atom's text or the string's bytes; empty for NIL, lists and spooled strings.
    [[nodiscard]] const QByteArray &bytes() const { return m_bytes; }
    // An atom or string as a number (RFC 3501 number / nz-number / number64).
    [[nodiscard]] std::optional<quint64> toNumber() const;
    [[nodiscard]] const QList<ImapValue> &items() const { return m_items; }
    // nstring / astring helpers: the bytes of an atom or string, nullopt for NIL or a list.
    [[nodiscard]] std::optional<QByteArray> toBytes() const;

    // For a spooled literal: the file (already flushed, positioned anywhere) and its size.
    [[nodiscard]] const std::shared_ptr<QTemporaryFile> &spoolFile() const { return m_spoolFile; }
    [[nodiscard]] qint64 size() const;

    // A readable rendering for logs and test failures: NIL, atoms, "strings", {n} for spooled.
    [[nodiscard]] QByteArray toDebugString() const;

private:
    Type m_type = Type::Nil;
    QByteArray m_bytes;
    QList<ImapValue> m_items;
    std::shared_ptr<QTemporaryFile> m_spoolFile;
    qint64 m_spoolSize = 0;
};
