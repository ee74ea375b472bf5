// The Mail tab: folders, the message list and the reader.
#pragma once

#include <QWidget>

class MailTab : public QWidget
{
    Q_OBJECT

public:
    explicit MailTab(QWidget *parent = nullptr);
};
