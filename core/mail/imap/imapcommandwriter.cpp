#include "imapcommandwriter.h"

#include "net/linechannel.h"

void ImapCommandWriter::tag(ImapPendingCommand &command)
{
    command.tag = 'W' + QByteArray::number(m_nextTag++);
}

Error ImapCommandWriter::writeOn(
    LineChannel &channel, ImapPendingCommand &command, bool literalPlus)
{
    while (!command.isWritten()) {
        const ImapCommand::Piece &piece = command.pieces.at(command.nextPiece);
        const bool first = command.nextPiece == 0;
        QByteArray line = piece.text;
        if (piece.hasLiteral) {
            const QByteArray marker
                = '{' + QByteArray::number(piece.literal.size()) + (literalPlus ? "+}" : "}");
            line += line.isEmpty() && !first ? marker : ' ' + marker;
        }
        if (!first && !line.isEmpty())
            line.prepend(' ');
        Error error;
        if (first) {
            // The tag and the command's name are logged; a secret command's arguments never.
            const qsizetype nameLength = command.name.size();
            error = channel.writeCommand(command.tag + ' ' + line.left(nameLength),
                line.mid(nameLength + 1),
                command.secret ? LineChannel::LogMode::MaskArgument : LineChannel::LogMode::Plain);
        } else {
            error = channel.writeCommand(line, {},
                command.secret ? LineChannel::LogMode::MaskLine : LineChannel::LogMode::Plain);
        }
        if (error.isError())
            return error;
        ++command.nextPiece;
        channel.setAwaitingReply(true);
        if (!piece.hasLiteral)
            return {};
        if (!literalPlus)
            return {}; // the literal follows the server's "+" (continueWith)
        writeLiteral(channel, command, piece);
    }
    return {};
}

bool ImapCommandWriter::awaitsLiteralRequest(const ImapPendingCommand &command, bool literalPlus)
{
    return !literalPlus && command.nextPiece > 0
        && command.pieces.at(command.nextPiece - 1).hasLiteral;
}

Error ImapCommandWriter::continueWith(
    LineChannel &channel, ImapPendingCommand &command, bool literalPlus)
{
    writeLiteral(channel, command, command.pieces.at(command.nextPiece - 1));
    return writeOn(channel, command, literalPlus);
}

void ImapCommandWriter::writeLiteral(
    LineChannel &channel, const ImapPendingCommand &command, const ImapCommand::Piece &piece)
{
    channel.writeRaw(piece.literal,
        command.secret ? QStringLiteral("****")
                       : tr("(%1 bytes of literal data)").arg(piece.literal.size()));
}
