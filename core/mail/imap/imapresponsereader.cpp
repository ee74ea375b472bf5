// ImapResponseReader: RFC 3501 §9 / RFC 9051 §9 response grammar over one framed response,
// liberal where real servers are sloppy (case, spacing, unquoted brackets, trailing spaces).
#include "imapresponsereader.h"

#include <QCoreApplication>

#include <limits>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ImapResponseParser", text);
}

std::optional<ImapResponse::Status> statusFromWord(QByteArrayView word)
{
    static constexpr std::pair<const char *, ImapResponse::Status> words[] = {
        {"OK", ImapResponse::Status::Ok},
        {"NO", ImapResponse::Status::No},
        {"BAD", ImapResponse::Status::Bad},
        {"PREAUTH", ImapResponse::Status::PreAuth},
        {"BYE", ImapResponse::Status::Bye},
    };
    for (const auto &[name, status] : words) {
        if (word.compare(QByteArrayView(name), Qt::CaseInsensitive) == 0)
            return status;
    }
    return std::nullopt;
}

bool isControl(char c)
{
    const auto byte = uchar(c);
    return byte < 0x20 || byte == 0x7f;
}

// Where a word (a tag, "*", a response name) ends.
bool endsWord(char c)
{
    return c == ' ' || c == '\t' || c == '(' || c == ')' || c == '[' || c == '"' || isControl(c);
}

bool endsAtom(char c, bool inCode)
{
    return c == ' ' || c == '\t' || c == '(' || c == ')' || c == '"' || isControl(c)
        || (inCode && c == ']');
}

bool isValidTag(QByteArrayView tag)
{
    for (const char c : tag) {
        const auto byte = uchar(c);
        if (byte <= 0x20 || byte >= 0x7f)
            return false;
        if (QByteArrayView("(){%*\"\\+").contains(c))
            return false;
    }
    return !tag.isEmpty();
}

std::optional<quint32> toNumber32(QByteArrayView digits)
{
    if (digits.isEmpty() || digits.size() > 10)
        return std::nullopt;
    quint64 number = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        number = number * 10 + quint64(c - '0');
    }
    if (number > std::numeric_limits<quint32>::max())
        return std::nullopt;
    return quint32(number);
}

} // namespace

ImapResponseReader::ImapResponseReader(
    const QByteArrayList &lines, const QList<ImapValue> &literals)
    : m_lines(lines)
    , m_literals(literals)
{ }

std::optional<ImapResponse> ImapResponseReader::read(
    const QByteArrayList &lines, const QList<ImapValue> &literals, QString *error)
{
    if (lines.size() != literals.size() + 1) {
        if (error)
            *error = tr("Internal error: a response's lines and literals do not match.");
        return std::nullopt;
    }
    ImapResponseReader reader(lines, literals);
    ImapResponse response;
    if (!reader.readResponse(&response)) {
        if (error)
            *error = reader.m_error;
        return std::nullopt;
    }
    return response;
}

bool ImapResponseReader::isSingleLineResponse(QByteArrayView firstLine)
{
    if (!firstLine.startsWith('*'))
        return true; // a continuation request, a tagged status, or garbage: never a literal
    qsizetype pos = 1;
    while (pos < firstLine.size() && (firstLine.at(pos) == ' ' || firstLine.at(pos) == '\t'))
        ++pos;
    qsizetype end = pos;
    while (end < firstLine.size() && !endsWord(firstLine.at(end)))
        ++end;
    return statusFromWord(firstLine.sliced(pos, end - pos)).has_value();
}

bool ImapResponseReader::fail(const QString &error)
{
    if (m_error.isEmpty())
        m_error = error;
    return false;
}

bool ImapResponseReader::readResponse(ImapResponse *response)
{
    if (m_lines.constFirst().startsWith('+')) {
        // "+ text", "+ base64", or a bare "+": what follows is for the command that waits.
        response->kind = ImapResponse::Kind::Continuation;
        response->text = m_lines.constFirst().mid(1).trimmed();
        return true;
    }
    const QByteArray tag = readWord();
    if (tag.isEmpty())
        return fail(tr("The response does not start with a tag, a star or a plus sign."));
    skipSpaces();
    if (tag != "*") {
        if (!isValidTag(tag))
            return fail(tr("The response starts with an invalid tag."));
        response->kind = ImapResponse::Kind::Tagged;
        response->tag = tag;
        const std::optional<ImapResponse::Status> status = statusFromWord(readWord());
        if (!status)
            return fail(tr("A tagged response has no status (OK, NO or BAD)."));
        response->status = *status;
        return readStatus(response);
    }
    response->kind = ImapResponse::Kind::Untagged;
    QByteArray name = readWord();
    if (name.isEmpty())
        return fail(tr("An untagged response has no name."));
    if (name.at(0) >= '0' && name.at(0) <= '9') {
        response->number = toNumber32(name);
        if (!response->number)
            return fail(tr("An untagged response starts with an invalid number."));
        skipSpaces();
        name = readWord();
        if (name.isEmpty())
            return fail(tr("An untagged response has a number but no name."));
    } else if (const std::optional<ImapResponse::Status> status = statusFromWord(name)) {
        response->status = *status;
        return readStatus(response);
    }
    response->name = name.toUpper();
    for (;;) {
        skipSpaces();
        if (atEnd())
            return true;
        ImapValue value;
        if (!readValue(&value, 0, false))
            return false;
        response->values.append(std::move(value));
    }
}

bool ImapResponseReader::readStatus(ImapResponse *response)
{
    skipSpaces();
    if (!atLineEnd() && peek() == '[')
        readResponseCode(response);
    response->text = restOfLine().trimmed();
    if (literalFollows())
        return fail(tr("A status response contains a literal."));
    return true;
}

void ImapResponseReader::readResponseCode(ImapResponse *response)
{
    const QByteArray &line = m_lines.at(m_line);
    const qsizetype start = m_pos;
    ++m_pos;
    while (!atLineEnd() && peek() != ' ' && peek() != ']')
        ++m_pos;
    if (m_pos == start + 1 || atLineEnd()) {
        m_pos = start; // "[]" or "[" without end: not a code, just text
        return;
    }
    const qsizetype codeEnd = m_pos;
    response->code = line.sliced(start + 1, codeEnd - start - 1).toUpper();
    for (;;) {
        skipSpaces();
        if (atLineEnd())
            break;
        if (peek() == ']') {
            ++m_pos;
            return;
        }
        ImapValue value;
        if (!readValue(&value, 0, true))
            break;
        response->codeArguments.append(std::move(value));
    }
    // Arguments that aren't values ("[X-FOO a "b]"): keep them as one atom up to the first "]".
    m_error.clear();
    response->codeArguments.clear();
    const qsizetype close = line.indexOf(']', codeEnd);
    if (close < 0) {
        response->code.clear(); // no code after all: "[" starts the text
        m_pos = start;
        return;
    }
    const QByteArray raw = line.sliced(codeEnd, close - codeEnd).trimmed();
    if (!raw.isEmpty())
        response->codeArguments.append(ImapValue::atom(raw));
    m_pos = close + 1;
}

bool ImapResponseReader::readValue(ImapValue *value, int depth, bool inCode)
{
    skipSpaces();
    if (atLineEnd()) {
        if (!literalFollows())
            return fail(tr("The response ends where a value was expected."));
        *value = m_literals.at(m_line);
        ++m_line;
        m_pos = 0;
        return true;
    }
    const QByteArray &line = m_lines.at(m_line);
    const char c = peek();
    if (c == '(')
        return readList(value, depth, inCode);
    if (c == '"')
        return readQuoted(value);
    if (c == ')')
        return fail(tr("Unbalanced parentheses: a \")\" closes no list."));
    if (c == '{' || (c == '~' && m_pos + 1 < line.size() && line.at(m_pos + 1) == '{'))
        return fail(tr("A literal marker is invalid or not at the end of its line."));
    QByteArray atom;
    if (!readAtom(&atom, inCode))
        return false;
    if (atom.isEmpty()) {
        return fail(tr("Unexpected byte 0x%1 in the response.")
                        .arg(uint(uchar(c)), 2, 16, QLatin1Char('0')));
    }
    *value = atom.compare("NIL", Qt::CaseInsensitive) == 0 ? ImapValue()
                                                           : ImapValue::atom(std::move(atom));
    return true;
}

bool ImapResponseReader::readList(ImapValue *value, int depth, bool inCode)
{
    if (depth >= maxNestingDepth)
        return fail(tr("Lists are nested deeper than %1 levels.").arg(maxNestingDepth));
    ++m_pos;
    QList<ImapValue> items;
    for (;;) {
        skipSpaces();
        if (atEnd())
            return fail(tr("Unbalanced parentheses: the response ends inside a list."));
        if (!atLineEnd() && peek() == ')') {
            ++m_pos;
            break;
        }
        ImapValue item;
        if (!readValue(&item, depth + 1, inCode))
            return false;
        items.append(std::move(item));
    }
    *value = ImapValue::list(std::move(items));
    return true;
}

bool ImapResponseReader::readQuoted(ImapValue *value)
{
    const QByteArray &line = m_lines.at(m_line);
    QByteArray bytes;
    qsizetype pos = m_pos + 1;
    // Runs without a backslash are copied whole: a header sync reads ~100,000 of these.
    while (pos < line.size()) {
        qsizetype end = pos;
        while (end < line.size() && line.at(end) != '"' && line.at(end) != '\\')
            ++end;
        if (end >= line.size())
            break;
        if (line.at(end) == '"') {
            if (bytes.isEmpty())
                bytes = line.sliced(pos, end - pos);
            else
                bytes.append(line.constData() + pos, end - pos);
            m_pos = end + 1;
            *value = ImapValue::string(std::move(bytes));
            return true;
        }
        bytes.append(line.constData() + pos, end - pos);
        if (end + 1 >= line.size())
            break;
        const char escaped = line.at(end + 1);
        // Only \" and \\ are escapes; keep a stray backslash rather than refuse the string.
        if (escaped != '"' && escaped != '\\')
            bytes += '\\';
        bytes += escaped;
        pos = end + 2;
    }
    return fail(tr("A quoted string is not terminated on its line."));
}

bool ImapResponseReader::readAtom(QByteArray *atom, bool inCode)
{
    const QByteArray &line = m_lines.at(m_line);
    const qsizetype start = m_pos;
    while (m_pos < line.size()) {
        const char c = line.at(m_pos);
        if (c == '[') {
            // "BODY[HEADER.FIELDS (FROM)]<0>", "[Gmail]/Sent": a section is part of the atom,
            // spaces, parentheses and quoted strings included.
            int depth = 0;
            bool inQuote = false;
            qsizetype pos = m_pos;
            for (; pos < line.size(); ++pos) {
                const char d = line.at(pos);
                if (inQuote) {
                    if (d == '\\')
                        ++pos;
                    else if (d == '"')
                        inQuote = false;
                } else if (d == '"') {
                    inQuote = true;
                } else if (d == '[') {
                    ++depth;
                } else if (d == ']' && --depth == 0) {
                    break;
                }
            }
            if (pos >= line.size())
                return fail(tr("A \"[\" is not closed on its line."));
            m_pos = pos + 1;
            continue;
        }
        if (endsAtom(c, inCode))
            break;
        ++m_pos;
    }
    *atom = line.sliced(start, m_pos - start);
    return true;
}

QByteArray ImapResponseReader::readWord()
{
    const QByteArray &line = m_lines.at(m_line);
    const qsizetype start = m_pos;
    while (m_pos < line.size() && !endsWord(line.at(m_pos)))
        ++m_pos;
    return line.sliced(start, m_pos - start);
}

QByteArray ImapResponseReader::restOfLine()
{
    const QByteArray &line = m_lines.at(m_line);
    QByteArray rest = line.sliced(m_pos);
    m_pos = line.size();
    return rest;
}

void ImapResponseReader::skipSpaces()
{
    const QByteArray &line = m_lines.at(m_line);
    while (m_pos < line.size() && (line.at(m_pos) == ' ' || line.at(m_pos) == '\t'))
        ++m_pos;
}
