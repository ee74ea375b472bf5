// wharf-cli's file commands: ls, get, put, mkdir, rm, mv, over any RemoteFs.
#pragma once

#include <QCoreApplication>
#include <QStringList>

class CliContext;

class FileCommands
{
    Q_DECLARE_TR_FUNCTIONS(FileCommands)

public:
    [[nodiscard]] static QStringList names();
    // arguments: everything after the command name. Returns the exit code.
    [[nodiscard]] static int run(const QString &command, const QStringList &arguments);

private:
    static int list(CliContext &context, const QStringList &positional, bool json);
    struct TransferFlags
    {
        bool resume = false;
        bool recursive = false;
        bool ascii = false;
        int connections = 3;
    };

    static int get(CliContext &context, const QStringList &positional, TransferFlags flags);
    static int put(CliContext &context, const QStringList &positional, TransferFlags flags);
    static int makeDirectory(CliContext &context, const QStringList &positional);
    static int remove(CliContext &context, const QStringList &positional, bool recursive);
    static int move(CliContext &context, const QStringList &positional);
};
