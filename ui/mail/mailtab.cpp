#include "mailtab.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

static QLabel *makePlaceholder(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setAlignment(Qt::AlignCenter);
    label->setEnabled(false);
    return label;
}

MailTab::MailTab(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("mailTab"));

    auto *messages = new QSplitter(Qt::Vertical, this);
    messages->addWidget(makePlaceholder(tr("No account yet."), messages));
    messages->addWidget(makePlaceholder(tr("Select a message to read it here."), messages));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(makePlaceholder(tr("Folders"), splitter));
    splitter->addWidget(messages);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}
