// A small HTML-to-text pass for mail bodies: no DOM (QtGui's QTextDocument needs a GUI
// application, and core has none), just tags, entities and whitespace in one scan.
#include "htmltotext.h"

#include <QHash>
#include <QRegularExpression>

namespace {

const QHash<QString, char16_t> &namedEntities()
{
    static const QHash<QString, char16_t> entities {{QStringLiteral("amp"), u'&'},
        {QStringLiteral("lt"), u'<'}, {QStringLiteral("gt"), u'>'}, {QStringLiteral("quot"), u'"'},
        {QStringLiteral("apos"), u'\''}, {QStringLiteral("nbsp"), u'\u00A0'},
        {QStringLiteral("copy"), u'\u00A9'}, {QStringLiteral("reg"), u'\u00AE'},
        {QStringLiteral("trade"), u'\u2122'}, {QStringLiteral("euro"), u'\u20AC'},
        {QStringLiteral("pound"), u'\u00A3'}, {QStringLiteral("yen"), u'\u00A5'},
        {QStringLiteral("cent"), u'\u00A2'}, {QStringLiteral("sect"), u'\u00A7'},
        {QStringLiteral("deg"), u'\u00B0'}, {QStringLiteral("middot"), u'\u00B7'},
        {QStringLiteral("hellip"), u'\u2026'}, {QStringLiteral("mdash"), u'\u2014'},
        {QStringLiteral("ndash"), u'\u2013'}, {QStringLiteral("lsquo"), u'\u2018'},
        {QStringLiteral("rsquo"), u'\u2019'}, {QStringLiteral("ldquo"), u'\u201C'},
        {QStringLiteral("rdquo"), u'\u201D'}, {QStringLiteral("laquo"), u'\u00AB'},
        {QStringLiteral("raquo"), u'\u00BB'}, {QStringLiteral("bull"), u'\u2022'},
        {QStringLiteral("times"), u'\u00D7'}, {QStringLiteral("shy"), u'\u00AD'},
        {QStringLiteral("auml"), u'\u00E4'}, {QStringLiteral("ouml"), u'\u00F6'},
        {QStringLiteral("uuml"), u'\u00FC'}, {QStringLiteral("Auml"), u'\u00C4'},
        {QStringLiteral("Ouml"), u'\u00D6'}, {QStringLiteral("Uuml"), u'\u00DC'},
        {QStringLiteral("szlig"), u'\u00DF'}, {QStringLiteral("eacute"), u'\u00E9'},
        {QStringLiteral("egrave"), u'\u00E8'}, {QStringLiteral("ecirc"), u'\u00EA'},
        {QStringLiteral("aacute"), u'\u00E1'}, {QStringLiteral("agrave"), u'\u00E0'},
        {QStringLiteral("acirc"), u'\u00E2'}, {QStringLiteral("ccedil"), u'\u00E7'},
        {QStringLiteral("ntilde"), u'\u00F1'}, {QStringLiteral("oacute"), u'\u00F3'},
        {QStringLiteral("iacute"), u'\u00ED'}, {QStringLiteral("uacute"), u'\u00FA'},
        {QStringLiteral("Eacute"), u'\u00C9'}};
    return entities;
}

// The entity at html[pos] ('&'); advances pos past it. Unknown ones stay as written.
QString decodeEntity(const QString &html, qsizetype &pos)
{
    const qsizetype semicolon = html.indexOf(QLatin1Char(';'), pos);
    if (semicolon < 0 || semicolon - pos > 12) {
        ++pos;
        return QStringLiteral("&");
    }
    const QString name = html.mid(pos + 1, semicolon - pos - 1);
    QString decoded;
    if (name.startsWith(QLatin1Char('#'))) {
        bool ok = false;
        const uint code
            = (name.startsWith(QLatin1String("#x")) || name.startsWith(QLatin1String("#X")))
            ? name.mid(2).toUInt(&ok, 16)
            : name.mid(1).toUInt(&ok, 10);
        if (ok && code > 0 && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF))
            decoded = QString::fromUcs4(reinterpret_cast<const char32_t *>(&code), 1);
    } else if (const auto it = namedEntities().constFind(name); it != namedEntities().cend()) {
        decoded = QChar(*it);
    }
    if (decoded.isEmpty()) {
        ++pos;
        return QStringLiteral("&");
    }
    pos = semicolon + 1;
    return decoded;
}

QString decodeEntities(const QString &text)
{
    QString result;
    for (qsizetype pos = 0; pos < text.size();) {
        if (text.at(pos) == QLatin1Char('&'))
            result += decodeEntity(text, pos);
        else
            result += text.at(pos++);
    }
    return result;
}

class Writer
{
public:
    void text(const QString &chunk, bool preformatted)
    {
        for (const QChar c : chunk) {
            if (preformatted) {
                m_out += c;
                continue;
            }
            if (c.isSpace() && c != QChar(0x00A0)) {
                m_pendingSpace = true;
                continue;
            }
            if (m_pendingSpace && !m_out.isEmpty() && !m_out.endsWith(QLatin1Char('\n')))
                m_out += QLatin1Char(' ');
            m_pendingSpace = false;
            m_out += c == QChar(0x00A0) ? QChar(QLatin1Char(' ')) : c;
        }
    }
    void lineBreak()
    {
        m_out += QLatin1Char('\n');
        m_pendingSpace = false;
    }
    void blockBreak(int blankLines)
    {
        m_pendingSpace = false;
        if (m_out.isEmpty())
            return;
        while (!m_out.endsWith(QString(blankLines + 1, QLatin1Char('\n'))))
            m_out += QLatin1Char('\n');
    }
    void raw(const QString &chunk) { m_out += chunk; }
    [[nodiscard]] QString result() const
    {
        QString text = m_out;
        static const QRegularExpression trailingSpaces(QStringLiteral("[ \\t]+\\n"));
        static const QRegularExpression blankRuns(QStringLiteral("\\n{3,}"));
        text.replace(trailingSpaces, QStringLiteral("\n"));
        text.replace(blankRuns, QStringLiteral("\n\n"));
        return text.trimmed();
    }

private:
    QString m_out;
    bool m_pendingSpace = false;
};

QString attribute(const QString &tag, const QString &name)
{
    const QRegularExpression pattern(
        QStringLiteral("\\b%1\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s>]+))").arg(name),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(tag);
    if (!match.hasMatch())
        return {};
    for (int group = 2; group <= 4; ++group) {
        if (!match.captured(group).isNull())
            return match.captured(group).trimmed();
    }
    return {};
}

} // namespace

QString HtmlToText::convert(const QString &source)
{
    QString html = source;
    html.replace(QLatin1String("\r\n"), QLatin1String("\n")); // mail bodies come with CRLF
    static const QStringList hidden {QStringLiteral("script"), QStringLiteral("style"),
        QStringLiteral("head"), QStringLiteral("title")};
    static const QStringList lineBlocks {QStringLiteral("div"), QStringLiteral("tr"),
        QStringLiteral("ul"), QStringLiteral("ol"), QStringLiteral("dl"), QStringLiteral("dt"),
        QStringLiteral("dd"), QStringLiteral("section"), QStringLiteral("article"),
        QStringLiteral("header"), QStringLiteral("footer"), QStringLiteral("address"),
        QStringLiteral("center"), QStringLiteral("form"), QStringLiteral("table"),
        QStringLiteral("hr")};
    static const QStringList paragraphBlocks {QStringLiteral("p"), QStringLiteral("h1"),
        QStringLiteral("h2"), QStringLiteral("h3"), QStringLiteral("h4"), QStringLiteral("h5"),
        QStringLiteral("h6"), QStringLiteral("blockquote"), QStringLiteral("pre")};

    Writer out;
    bool preformatted = false;
    QString linkTarget;
    QString linkText;
    qsizetype pos = 0;
    while (pos < html.size()) {
        const QChar c = html.at(pos);
        if (c == QLatin1Char('&')) {
            const QString decoded = decodeEntity(html, pos);
            out.text(decoded, preformatted);
            linkText += decoded;
            continue;
        }
        if (c != QLatin1Char('<')) {
            static const QRegularExpression markup(QStringLiteral("[<&]"));
            const qsizetype next = html.indexOf(markup, pos);
            const QString chunk = html.mid(pos, next < 0 ? -1 : next - pos);
            out.text(chunk, preformatted);
            linkText += chunk;
            pos = next < 0 ? html.size() : next;
            continue;
        }
        if (html.mid(pos, 4) == QLatin1String("<!--")) {
            const qsizetype end = html.indexOf(QLatin1String("-->"), pos + 4);
            pos = end < 0 ? html.size() : end + 3;
            continue;
        }
        qsizetype end = html.indexOf(QLatin1Char('>'), pos);
        if (end < 0)
            end = html.size();
        const QString tag = html.mid(pos + 1, end - pos - 1);
        pos = end + 1;
        const bool closing = tag.startsWith(QLatin1Char('/'));
        static const QRegularExpression namePattern(QStringLiteral("^/?\\s*([A-Za-z0-9]+)"));
        const QString name = namePattern.match(tag).captured(1).toLower();
        if (name.isEmpty())
            continue; // <!DOCTYPE>, <?xml?>
        if (hidden.contains(name) && !closing) {
            // Skip to the matching end tag; its content is never text.
            const qsizetype close
                = html.indexOf(QLatin1String("</") + name, pos, Qt::CaseInsensitive);
            const qsizetype closeEnd = close < 0 ? -1 : html.indexOf(QLatin1Char('>'), close);
            pos = closeEnd < 0 ? html.size() : closeEnd + 1;
        } else if (name == QLatin1String("br")) {
            out.lineBreak();
        } else if (name == QLatin1String("li") && !closing) {
            out.blockBreak(0);
            out.raw(QStringLiteral("\u2022 "));
        } else if (name == QLatin1String("td") || name == QLatin1String("th")) {
            if (!closing)
                out.text(QStringLiteral(" "), false);
        } else if (name == QLatin1String("img") && !closing) {
            const QString alt = attribute(tag, QStringLiteral("alt"));
            if (!alt.isEmpty())
                out.text(QLatin1Char('[') + alt + QLatin1Char(']'), preformatted);
        } else if (name == QLatin1String("a")) {
            if (!closing) {
                linkTarget = decodeEntities(attribute(tag, QStringLiteral("href")));
                linkText.clear();
            } else if (!linkTarget.isEmpty()) {
                static const QRegularExpression shown(QStringLiteral("^(https?|ftp|mailto):"),
                    QRegularExpression::CaseInsensitiveOption);
                QString target = linkTarget;
                if (target.startsWith(QLatin1String("mailto:"), Qt::CaseInsensitive)
                    && target.mid(7) == linkText.trimmed())
                    target.clear();
                if (shown.match(target).hasMatch() && linkText.trimmed() != target)
                    out.text(QStringLiteral(" <") + target + QLatin1Char('>'), preformatted);
                linkTarget.clear();
            }
        } else if (paragraphBlocks.contains(name)) {
            out.blockBreak(1);
            if (name == QLatin1String("pre"))
                preformatted = !closing;
        } else if (lineBlocks.contains(name)) {
            out.blockBreak(0);
        }
    }
    return out.result();
}
