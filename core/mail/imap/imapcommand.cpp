#include "mail/imap/imapcommand.h"

#include <algorithm>

namespace {

bool isAtomChar(char c)
{
    // RFC 3501 ATOM-CHAR: any CHAR except atom-specials "(){ %*\"\\]" and CTLs.
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f)
        return false;
    return QByteArrayView("(){%*\"\\]").indexOf(c) < 0;
}

bool isQuotable(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x7f;
}

} // namespace

ImapCommand &ImapCommand::append(const QByteArray &text)
{
    if (m_pieces.isEmpty() || m_literalPending) {
        m_pieces.append(Piece {});
        m_literalPending = false;
    }
    Piece &piece = m_pieces.last();
    if (!piece.text.isEmpty() && !text.isEmpty() && !piece.text.endsWith(' ')
        && !piece.text.endsWith('(') && !text.startsWith(' ') && !text.startsWith(')'))
        piece.text += ' ';
    piece.text += text;
    return *this;
}

ImapCommand &ImapCommand::appendString(const QByteArray &bytes)
{
    if (!bytes.isEmpty() && std::all_of(bytes.begin(), bytes.end(), isAtomChar)
        && bytes.toUpper() != "NIL")
        return append(bytes);
    if (bytes.size() < 1000 && std::all_of(bytes.begin(), bytes.end(), isQuotable)) {
        QByteArray quoted = "\"";
        for (const char c : bytes) {
            if (c == '"' || c == '\\')
                quoted += '\\';
            quoted += c;
        }
        return append(quoted + '"');
    }
    return appendLiteral(bytes);
}

ImapCommand &ImapCommand::appendLiteral(const QByteArray &bytes)
{
    append(QByteArray());
    m_pieces.last().literal = bytes;
    m_pieces.last().hasLiteral = true;
    m_literalPending = true;
    return *this;
}

ImapCommand &ImapCommand::setSecret(bool secret)
{
    m_secret = secret;
    return *this;
}

QList<ImapCommand::Piece> ImapCommand::pieces() const
{
    QList<Piece> pieces = m_pieces;
    if (!pieces.isEmpty() && pieces.constLast().hasLiteral)
        pieces.append(Piece {}); // the line end that closes the command after its last literal
    return pieces;
}

QByteArray ImapCommand::name() const
{
    if (m_pieces.isEmpty())
        return {};
    const QByteArray &text = m_pieces.constFirst().text;
    const QList<QByteArray> words = text.split(' ');
    if (words.size() >= 2 && words.constFirst().toUpper() == "UID")
        return words.at(0) + ' ' + words.at(1);
    return words.constFirst();
}

QByteArrayList ImapCommand::uidSets(QList<quint32> uids, qsizetype maxLength)
{
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    QByteArrayList sets;
    QByteArray current;
    qsizetype index = 0;
    while (index < uids.size()) {
        qsizetype end = index;
        while (end + 1 < uids.size() && uids.at(end + 1) == uids.at(end) + 1)
            ++end;
        QByteArray range = QByteArray::number(uids.at(index));
        if (end > index)
            range += ':' + QByteArray::number(uids.at(end));
        if (!current.isEmpty() && current.size() + 1 + range.size() > maxLength) {
            sets.append(current);
            current.clear();
        }
        if (!current.isEmpty())
            current += ',';
        current += range;
        index = end + 1;
    }
    if (!current.isEmpty())
        sets.append(current);
    return sets;
}
