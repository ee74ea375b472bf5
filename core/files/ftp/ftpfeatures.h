// What an FTP server said it supports in its FEAT reply (RFC 2389), and what it refused since,
// so a connection stops asking for what failed once.
#pragma once

#include "net/numericreply.h"

#include <QByteArray>
#include <QHash>

class FtpFeatures
{
public:
    [[nodiscard]] static FtpFeatures parse(const NumericReply &featReply);

    [[nodiscard]] bool has(const QByteArray &feature) const;
    // The text after the feature name, e.g. "type*;size*;modify*;" for MLST.
    [[nodiscard]] QByteArray parameters(const QByteArray &feature) const;

    [[nodiscard]] bool supportsMlsd() const { return has("MLST") || has("MLSD"); }
    [[nodiscard]] bool supportsUtf8() const { return has("UTF8"); }
    [[nodiscard]] bool supportsSize() const { return has("SIZE"); }
    [[nodiscard]] bool supportsMdtm() const { return has("MDTM"); }
    [[nodiscard]] bool supportsMfmt() const { return has("MFMT"); }
    [[nodiscard]] bool supportsRestStream() const;

    // Remember a command the server refused (e.g. EPSV behind a broken NAT), per connection.
    void markRefused(const QByteArray &command) { m_refused.insert(command.toUpper(), true); }
    [[nodiscard]] bool isRefused(const QByteArray &command) const
    {
        return m_refused.contains(command.toUpper());
    }

private:
    QHash<QByteArray, QByteArray> m_features;
    QHash<QByteArray, bool> m_refused;
};
