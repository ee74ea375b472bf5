// Plain text from an HTML mail body, for a message that has no text/plain part: tags dropped,
// blocks and line breaks kept, entities decoded, link targets written out. Nothing is fetched.
#pragma once

#include <QString>

class HtmlToText
{
public:
    [[nodiscard]] static QString convert(const QString &source);
};
