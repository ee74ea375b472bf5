// Walks a parsed message's MIME tree and decides what a reader shows: the text/plain body, the
// text/html body, and the attachments (message/rfc822 parts and multipart/related images
// included). Internal to the mime module: it speaks GMime types.
#pragma once

#include "mail/mime/gmimelibrary.h"

#include <QByteArray>
#include <QList>
#include <QString>

class MimePartWalker
{
public:
    struct Found
    {
        GMimeObject *object = nullptr; // owned by the message
        QString fileName;
        QString mimeType;
        qint64 size = 0;
        bool isInline = false;
        QString contentId;
    };

    struct Result
    {
        GMimePart *text = nullptr; // owned by the message, as html is
        GMimePart *html = nullptr;
        QList<Found> attachments;
    };

    [[nodiscard]] static Result walk(GMimeObject *root);
    // The part's content with its transfer encoding undone (a message/rfc822 part: the
    // message), written to target. False when GMime could not write it.
    [[nodiscard]] static bool writeContent(GMimeObject *object, GMimeStream *target);
    // A text part's content as text, in the charset it declares (see MimeCharsets; an HTML
    // part without one may name it in a <meta> tag).
    [[nodiscard]] static QString text(GMimePart *part);
    // A header of object as it was in the message, unfolded and trimmed; null when absent.
    [[nodiscard]] static QByteArray rawHeader(GMimeObject *object, const char *name);
    [[nodiscard]] static QByteArray rawValue(GMimeHeader *header);

private:
    struct Context
    {
        bool inAlternative = false;
        bool relatedResource = false; // a part a multipart/related root refers to
    };

    void visit(GMimeObject *object, Context context, int depth);
    void visitMultipart(GMimeMultipart *multipart, Context context, int depth);
    void addAttachment(GMimeObject *object, const Context &context);

    Result m_result;
};
