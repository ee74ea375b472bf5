#!/usr/bin/python3
"""Deterministic sample data for the Wharf test lab.

  sample_data.py files DIR      349 files in 37 folders, 0 B .. 8 MiB, UTF-8 names, a symlink
  sample_data.py maildir DIR    alice's Maildir++ (INBOX and Projects, Projects/Wharf)

The same seed gives byte-identical output on every machine, so tests may assert on sizes,
names and checksums. Ownership is left to the caller.
"""
import base64
import email.utils
import os
import quopri
import random
import sys
from datetime import datetime, timezone
from email.header import Header

SEED = 20240301
WORDS = ("wharf harbour crane cargo tide ledger manifest quay pier anchor vessel berth "
         "hull keel mast rope knot bollard tug barge lantern gull salt drift").split()


# ---------------------------------------------------------------- files

def text_bytes(rng, size, label):
    """Readable lines (diffs and previews look sane), cut to exactly `size` bytes."""
    lines, total, n = [], 0, 0
    while total < size:
        line = "%s %04d %s\n" % (label, n, " ".join(rng.choice(WORDS) for _ in range(8)))
        lines.append(line)
        total += len(line.encode())
        n += 1
    return "".join(lines).encode()[:size]


def write(root, rel, data):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def top_level_files(rng, root):
    write(root, "README.txt", b"Wharf test lab sample tree. Deterministic content.\n")
    write(root, "empty.txt", b"")
    write(root, "tiny.txt", b"hi\n")
    write(root, "Übersicht.txt", "Übersicht über die Dateien\n".encode())
    write(root, "日本語.txt", "日本語のテキスト\n".encode())
    write(root, "name with spaces.txt", text_bytes(rng, 1234, "spaces"))
    write(root, "Folder With Spaces/inner file.txt", text_bytes(rng, 321, "inner"))
    write(root, "Café à la carte/menu.txt", text_bytes(rng, 200, "menu"))
    os.makedirs(os.path.join(root, "empty-folder"), exist_ok=True)
    os.symlink("README.txt", os.path.join(root, "link-to-README.txt"))


def media_files(rng, root):
    # The only large files: enough to see progress and resume, small enough to stay quick.
    write(root, "media/archive-8mib.bin", rng.randbytes(8 * 1024 * 1024))
    write(root, "media/clip-2mib-odd.bin", rng.randbytes(2 * 1024 * 1024 + 123))
    for i in range(1, 11):
        write(root, "media/photos/photo-%02d.jpg" % i, rng.randbytes(rng.randint(20, 400) * 1024))


def docs_files(rng, root):
    for i in range(1, 21):
        write(root, "docs/note-%02d.txt" % i, text_bytes(rng, rng.randint(100, 50000), "note"))
    for v in ("v1", "v2"):
        for i in range(1, 6):
            write(root, "docs/manuals/%s/chapter-%d.txt" % (v, i),
                  text_bytes(rng, rng.randint(1000, 20000), "chapter"))
    for i in range(1, 4):
        write(root, "docs/manuals/v2/appendix/deep/part-%d.txt" % i,
              text_bytes(rng, rng.randint(10, 3000), "part"))


def project_files(rng, root):
    for project in ("alpha", "beta", "gamma"):
        for part in ("src/core", "src/util", "include/wharf", "tests/unit"):
            for i in range(1, 9):
                ext = ".h" if part.startswith("include") else ".c"
                write(root, "projects/%s/%s/file_%02d%s" % (project, part, i, ext),
                      text_bytes(rng, rng.randint(0, 8000), "code"))


def bulk_files(rng, root):
    # Many small files in one folder: listing, sorting and multi-select.
    for i in range(200):
        size = rng.choice((0, 1, 17, 512, 1024, 4096, rng.randint(2, 9000)))
        write(root, "bulk/file-%03d.dat" % i, rng.randbytes(size))


def make_files(root):
    rng = random.Random(SEED)
    os.makedirs(root, exist_ok=True)
    for step in (top_level_files, media_files, docs_files, project_files, bulk_files):
        step(rng, root)


# ---------------------------------------------------------------- mail

def encoded_word(text):
    """RFC 2047 for non-ASCII header text; ASCII stays as is."""
    if all(ord(c) < 128 for c in text):
        return text
    return Header(text, "utf-8").encode()


def address(name, addr):
    return "%s <%s>" % (encoded_word(name), addr)


SENDERS = [("Bob Builder", "bob@wharf.test"), ("Jürgen Müller", "juergen@example.org"),
           ("山田 太郎", "yamada@example.jp"), ("Harbour Office", "office@example.com"),
           ("Zoë O'Brien", "zoe@example.net")]
SUBJECTS = ["Weekly cargo report", "Grüße aus dem Hafen", "会議のお知らせ",
            "Re: crane maintenance", "Invoice 2024-%03d", "Café meeting ☕",
            "Tide tables for next week", "Привет from the quay"]


def headers(i, date, subject, extra):
    name, addr = SENDERS[i % len(SENDERS)]
    lines = [
        "Return-Path: <%s>" % addr,
        "Date: %s" % email.utils.format_datetime(datetime.fromtimestamp(date, timezone.utc)),
        "From: %s" % address(name, addr),
        "To: %s" % address("Alice Example", "alice@wharf.test"),
        "Subject: %s" % encoded_word(subject),
        "Message-ID: <sample-%03d.%d@wharf.test>" % (i, date),
        "MIME-Version: 1.0",
    ]
    return "\n".join(lines + extra) + "\n"


def plain_message(i, date, subject, body):
    qp = quopri.encodestring(body.encode()).decode()
    return headers(i, date, subject, [
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: quoted-printable"]) + "\n" + qp


def alternative_message(i, date, subject, body):
    b = "=_wharf_alt_%03d" % i
    html = "<html><body><p>%s</p></body></html>" % body.replace("\n", "<br>")
    return headers(i, date, subject, ['Content-Type: multipart/alternative; boundary="%s"' % b]) + (
        "\nThis is a multi-part message in MIME format.\n"
        "--{b}\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{t}\n"
        "--{b}\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{h}\n"
        "--{b}--\n").format(b=b, t=body, h=html)


def attachment_message(i, date, subject, body, rng):
    b = "=_wharf_mixed_%03d" % i
    pdf = b"%PDF-1.4\n% Wharf lab sample\n" + rng.randbytes(6000) + b"\n%%EOF\n"
    encoded = base64.encodebytes(pdf).decode()
    return headers(i, date, subject, ['Content-Type: multipart/mixed; boundary="%s"' % b]) + (
        "\n--{b}\nContent-Type: text/plain; charset=utf-8\n\n{t}\n"
        "--{b}\nContent-Type: application/pdf; name=\"manifest.pdf\"\n"
        "Content-Disposition: attachment; filename=\"manifest.pdf\"\n"
        "Content-Transfer-Encoding: base64\n\n{a}"
        "--{b}--\n").format(b=b, t=body, a=encoded)


def message(i, rng):
    date = 1709280000 + i * 3 * 3600  # 2024-03-01 08:00 UTC onwards, every 3 h
    subject = SUBJECTS[i % len(SUBJECTS)]
    subject = subject % i if "%" in subject else subject
    body = "Hello Alice,\n\n%s\n\nMessage %d of the sample mailbox.\n-- \n%s\n" % (
        " ".join(rng.choice(WORDS) for _ in range(30)), i, SENDERS[i % len(SENDERS)][0])
    if i == 7:
        return date, attachment_message(i, date, "Manifest attached 📎", body, rng)
    if i % 4 == 1:
        return date, alternative_message(i, date, subject, body)
    return date, plain_message(i, date, subject, body)


def maildir_folder(root, folder):
    path = root if folder == "" else os.path.join(root, "." + folder)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(path, sub), exist_ok=True)
    if folder:
        open(os.path.join(path, "maildirfolder"), "w").close()
    return path


def deliver(folder_path, i, date, text, flags):
    data = text.encode()
    # Dovecot trusts S= (size on disk) and W= (size with CRLF line ends): both must be exact.
    crlf_size = len(data) + data.count(b"\n")
    base = "%d.M%06dP4242.lab.wharf.test,S=%d,W=%d" % (date, i, len(data), crlf_size)
    name = os.path.join("new", base) if flags is None else os.path.join("cur", base + ":2," + flags)
    path = os.path.join(folder_path, name)
    with open(path, "wb") as f:
        f.write(data)
    os.utime(path, (date, date))  # maildir mtime is the IMAP INTERNALDATE
    return base


def write_uidlist(folder_path, uidvalidity, names):
    """Fixed UIDs (1..n in date order) and UIDVALIDITY, instead of whatever order Dovecot
    happens to scan the files in, so tests can name messages by UID."""
    with open(os.path.join(folder_path, "dovecot-uidlist"), "w") as f:
        f.write("3 V%d N%d\n" % (uidvalidity, len(names) + 1))
        for uid, name in enumerate(names, 1):
            f.write("%d :%s\n" % (uid, name))


def inbox_flags(i):
    if i >= 36:
        return None  # the newest ones are unseen and \Recent (new/)
    flags = "S"
    if i % 9 == 0:
        flags = "FS"
    if i % 5 == 2:
        flags = "RS"
    return flags


def make_maildir(root):
    rng = random.Random(SEED + 1)
    folders = (("", range(40)), ("Projects", (100, 101)), ("Projects.Wharf", (102,)))
    for n, (folder, ids) in enumerate(folders):
        path = maildir_folder(root, folder)
        names = []
        for i in ids:
            date, text = message(i, rng)
            names.append(deliver(path, i, date, text, inbox_flags(i) if folder == "" else "S"))
        write_uidlist(path, 1709280000 + n, names)
    # Dovecot's subscriptions format 2: a header, then names with "\t" as the separator.
    with open(os.path.join(root, "subscriptions"), "w") as f:
        f.write("V\t2\n\nProjects\nProjects\tWharf\n")


def main(argv):
    if len(argv) != 3 or argv[1] not in ("files", "maildir"):
        sys.exit(__doc__)
    (make_files if argv[1] == "files" else make_maildir)(argv[2])


if __name__ == "__main__":
    main(sys.argv)
