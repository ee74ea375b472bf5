#include "sftpnames.h"

#include "files/localfiles.h"

#include <QStringDecoder>

SftpNames::Verdict SftpNames::classify(QByteArrayView raw, QString *name)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringConverter::Flag::Stateless);
    *name = decoder.decode(raw);
    if (raw == "." || raw == "..")
        return Verdict::Skip;
    // A name that is not UTF-8 can't be asked for again under the name it would get here.
    if (decoder.hasError() || raw.contains('\0'))
        return Verdict::Reject;
    return LocalFiles::isSafeName(*name) ? Verdict::Accept : Verdict::Reject;
}

bool SftpNames::admit(QByteArrayView raw, QString *name, QStringList *rejected)
{
    switch (classify(raw, name)) {
    case Verdict::Accept: return true;
    case Verdict::Reject: rejected->append(*name); return false;
    case Verdict::Skip: return false;
    }
    return false;
}
