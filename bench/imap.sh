# IMAP header sync of wharf-cli against the same FETCH sent raw over a TLS socket and through
# Python's imaplib, on the lab's Dovecot, in one run: a folder of MESSAGES (default 10,000)
# messages of 2-4.5 KB. Also the second open from the local cache, peak memory of the sync,
# and peak memory while a 50 MB message is fetched (it must be streamed, not held twice).
# Run through the lab: bench/run imap (or tools/dev bench imap).
set -euo pipefail

BIN=${1:-${WHARF_BIN_DIR:?pass the folder holding wharf-cli}}
MESSAGES=${MESSAGES:-10000}
BIG_MESSAGE_MIB=${BIG_MESSAGE_MIB:-50}
BIG_MIB=0
export CLI=$BIN/wharf-cli
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

FOLDER=Bench$MESSAGES
MAILDIR=$WHARF_LAB_DIR/mail/bob/Maildir/.$FOLDER
export XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data
export DBUS_SESSION_BUS_ADDRESS=$WHARF_LAB_DBUS_ADDRESS
BOB=${WHARF_LAB_MAIL_USER2/@/%40}
IMAPS="imaps://$BOB@$WHARF_LAB_HOST:$WHARF_LAB_IMAPS_PORT"

# The folder, written once per lab beside bob's Maildir, handed to the lab user and moved in
# whole, so Dovecot (or another test delivering to bob) never sees it half-written or owned by
# root. Dovecot indexes it on first use; that first, slow indexing happens below, untimed.
if [ ! -d "$MAILDIR/cur" ]; then
    staging=$WHARF_LAB_DIR/mail/bob/bench-staging-$$
    rm -rf "$staging"
    python3 - "$staging" "$MESSAGES" "$BIG_MESSAGE_MIB" <<'PY'
import os, random, sys, time, base64
root, count, big_mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for sub in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(root, sub), exist_ok=True)
open(os.path.join(root, "maildirfolder"), "w").close()
rng = random.Random(7)
words = "harbour crane cargo tide quay manifest vessel berth pilot tug dock ledger".split()
names = ["Bob Builder", "=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?=", "Harbour Office", "Zoe"]
start = 1709280000
for i in range(count):
    body = " ".join(rng.choice(words) for _ in range(rng.randint(250, 650)))
    msg = ("Date: %s\nFrom: %s <sender%d@example.org>\nTo: Bob <bob@wharf.test>\n"
           "Subject: Bench message %d about %s\nMessage-ID: <bench-%d@wharf.test>\n"
           "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s\n") % (
        time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(start + i * 60)),
        names[i % len(names)], i % 97, i, rng.choice(words), i, body)
    name = "%d.M%dP1Q%d.bench:2,%s" % (start + i * 60, i, i, "S" if i % 3 else "")
    with open(os.path.join(root, "cur", name), "w") as f:
        f.write(msg)
payload = base64.encodebytes(os.urandom(big_mib * 1024 * 1024 * 3 // 4)).decode()
with open(os.path.join(root, "cur", "%d.M0P1Qbig.bench:2,S" % (start + count * 60)), "w") as f:
    f.write("From: Big <big@example.org>\nTo: bob@wharf.test\nSubject: big\n"
            "Message-ID: <bench-big@wharf.test>\nMIME-Version: 1.0\n"
            "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
            + payload)
PY
    chown -R "$WHARF_LAB_USER:$WHARF_LAB_USER" "$staging"
    mv -T "$staging" "$MAILDIR"
fi

cat >peer.py <<'PY'
# The peers: the header FETCH raw over a TLS socket, or through imaplib.
import imaplib, socket, ssl, sys
mode, host, port, user, password, folder, ca = sys.argv[1:8]
query = b"(UID FLAGS RFC822.SIZE ENVELOPE)"
context = ssl.create_default_context(cafile=ca)
if mode == "imaplib":
    imap = imaplib.IMAP4_SSL(host, int(port), ssl_context=context)
    imap.login(user, password)
    imap.select(folder, readonly=True)
    typ, data = imap.uid("FETCH", "1:*", query.decode())
    assert typ == "OK" and len(data) > 1
    imap.logout()
    sys.exit(0)
sock = context.wrap_socket(socket.create_connection((host, int(port))), server_hostname=host)
def command(tag, text):
    sock.sendall(tag + b" " + text + b"\r\n")
    buf = bytearray()
    while not (buf.startswith(tag + b" ") or (b"\r\n" + tag + b" ") in buf[-4096:]):
        chunk = sock.recv(1 << 20)
        if not chunk:
            raise SystemExit("connection closed")
        buf += chunk
    return buf
sock.recv(4096)  # greeting
command(b"A1", b'LOGIN "%s" "%s"' % (user.encode(), password.encode()))
command(b"A2", b'EXAMINE "%s"' % folder.encode())
data = command(b"A3", b"UID FETCH 1:* " + query)
assert data.count(b" FETCH ") > 1
command(b"A4", b"LOGOUT")
PY
PEER_ARGS="\"$WHARF_LAB_HOST\" $WHARF_LAB_IMAPS_PORT \"$WHARF_LAB_MAIL_USER2\" \"$WHARF_LAB_MAIL_PASSWORD2\" $FOLDER \"$WHARF_LAB_CA\""

printf '%s\n' "$WHARF_LAB_MAIL_PASSWORD2" | "$CLI" mail accounts add Bob --imap "$IMAPS" \
    --smtp "smtps://$BOB@$WHARF_LAB_HOST:$WHARF_LAB_SMTPS_PORT" --password-stdin >/dev/null
eval "python3 peer.py raw $PEER_ARGS" # untimed: Dovecot builds its index of the folder

echo "IMAP bench: header sync of $MESSAGES messages, medians of $ROUNDS"
table_header
# mail fetch syncs every folder of bob's (the others hold a handful of messages).
sync_folder='"$CLI" mail fetch --account Bob --ca-file "$WHARF_LAB_CA"'
fresh_cache='rm -rf "$XDG_DATA_HOME"'
compare "first header sync, $MESSAGES messages" "raw socket" "$sync_folder" \
    "python3 peer.py raw $PEER_ARGS" "$fresh_cache"
compare "first header sync, $MESSAGES messages" imaplib "$sync_folder" \
    "python3 peer.py imaplib $PEER_ARGS" "$fresh_cache"

# The second open reads the index alone (the list a person sees when opening the folder).
bash -c "$sync_folder" >/dev/null
cached_times=()
for _ in $(seq "$ROUNDS"); do
    cached_times+=("$(seconds "$CLI" mail list --json --account Bob --folder "$FOLDER" --cached)")
done
echo
printf 'second open from the cache (mail list --cached): %.3f s\n' \
    "$(printf '%s\n' "${cached_times[@]}" | median)"

rm -rf "$XDG_DATA_HOME"
/usr/bin/time -f %M -o sync.kb bash -c "$sync_folder" >/dev/null
printf 'peak memory of the first sync: %d MiB\n' $(($(cat sync.kb) / 1024))
big_id=$("$CLI" mail list --json --account Bob --folder "$FOLDER" --cached \
    | python3 -c 'import json,sys; print([m["id"] for m in json.load(sys.stdin) if m["subject"] == "big"][0])')
/usr/bin/time -f %M -o show.kb "$CLI" mail show --raw --account Bob --folder "$FOLDER" \
    --ca-file "$WHARF_LAB_CA" "$big_id" >big.eml
printf 'peak memory fetching a %d MiB message: %d MiB (file: %d MiB)\n' "$BIG_MESSAGE_MIB" \
    $(($(cat show.kb) / 1024)) $(($(stat -c %s big.eml) / 1048576))
"$CLI" mail accounts remove Bob >/dev/null
