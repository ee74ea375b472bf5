<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>FilesTab</name>
    <message>
        <source>Not connected.
Connect to a site to browse it here.</source>
        <translation>Nicht verbunden.
Verbinden Sie sich mit einem Server, um ihn hier zu durchsuchen.</translation>
    </message>
</context>
<context>
    <name>Job</name>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
</context>
<context>
    <name>MailTab</name>
    <message>
        <source>No account yet.</source>
        <translation>Noch kein Konto.</translation>
    </message>
    <message>
        <source>Select a message to read it here.</source>
        <translation>Wählen Sie eine Nachricht aus, um sie hier zu lesen.</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Ordner</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>&amp;Alles auswählen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>F&amp;ull Screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <source>&amp;Transfer</source>
        <translation>Ü&amp;bertragung</translation>
    </message>
    <message>
        <source>M&amp;ail</source>
        <translation>M&amp;ail</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Wharf</source>
        <translation>Ü&amp;ber Wharf</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>About Wharf</source>
        <translation>Über Wharf</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Wharf %1&lt;/h3&gt;&lt;p&gt;Moves files over FTP, FTPS and SFTP, and mail over SMTP, POP3 and IMAP.&lt;/p&gt;&lt;p&gt;Passwords are kept in your system&apos;s keychain, never in a file.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Wharf %1&lt;/h3&gt;&lt;p&gt;Überträgt Dateien per FTP, FTPS und SFTP und Mails per SMTP, POP3 und IMAP.&lt;/p&gt;&lt;p&gt;Passwörter werden im Schlüsselbund Ihres Systems aufbewahrt, niemals in einer Datei.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Mail</source>
        <translation>Mail</translation>
    </message>
</context>
</TS>
