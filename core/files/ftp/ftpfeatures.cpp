#include "ftpfeatures.h"

FtpFeatures FtpFeatures::parse(const NumericReply &featReply)
{
    FtpFeatures features;
    if (!featReply.isCompletion())
        return features;
    const QList<QByteArray> &lines = featReply.lines();
    // The first and last lines are free text ("Features:", "End"); each feature line between
    // them starts with a space (RFC 2389 3.2), but some servers omit it.
    for (qsizetype i = 1; i + 1 < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype space = line.indexOf(' ');
        const QByteArray name = (space < 0 ? line : line.left(space)).toUpper();
        features.m_features.insert(name, space < 0 ? QByteArray() : line.mid(space + 1));
    }
    return features;
}

bool FtpFeatures::has(const QByteArray &feature) const
{
    return m_features.contains(feature.toUpper());
}

QByteArray FtpFeatures::parameters(const QByteArray &feature) const
{
    return m_features.value(feature.toUpper());
}

bool FtpFeatures::supportsRestStream() const
{
    return parameters("REST").toUpper().contains("STREAM");
}
