// Saved sites to and from a JSON file ({"format": "wharf-sites", "version": 1, "sites": [...]})
// for moving them to another machine. Never a secret: passwords stay in each machine's keychain.
#pragma once

#include "accounts/site.h"
#include "net/error.h"

#include <QCoreApplication>
#include <QList>

class SiteTransfer
{
    Q_DECLARE_TR_FUNCTIONS(SiteTransfer)

public:
    static constexpr int formatVersion = 1;

    // Ids are left out: an imported site gets a new one.
    [[nodiscard]] static QByteArray toJson(const QList<Site> &sites);
    // Written whole or not at all (QSaveFile).
    [[nodiscard]] static Error exportToFile(const QList<Site> &sites, const QString &fileName);

    // Unknown fields are ignored; anything else wrong (bad JSON, another format, a newer
    // version, a site without a name or host) is an error and no site is returned.
    [[nodiscard]] static QList<Site> fromJson(const QByteArray &json, Error *error);
    [[nodiscard]] static QList<Site> importFromFile(const QString &fileName, Error *error);
};
