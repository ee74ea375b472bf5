# wharf-cli reading mail from the lab's Dovecot: folders and list over imaps:// and imap://
# (STARTTLS required, plaintext only with --tls=none), then the issue's round trip: a message
# with a UTF-8 subject, lines starting with "." and a 3 MiB attachment sent by SMTP comes back
# byte-equal by IMAP (mail show --raw, and decoded) and by POP3 (mail fetch into a Maildir).
set -euo pipefail

CLI=$WHARF_BIN_DIR/wharf-cli
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

export XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data
export DBUS_SESSION_BUS_ADDRESS=$WHARF_LAB_DBUS_ADDRESS
MAIL_USER=${WHARF_LAB_MAIL_USER/@/%40}
CA=(--ca-file "$WHARF_LAB_CA")
IMAPS="imaps://$MAIL_USER@$WHARF_LAB_HOST:$WHARF_LAB_IMAPS_PORT"
IMAP="imap://$MAIL_USER@$WHARF_LAB_HOST:$WHARF_LAB_IMAP_PORT"
cli() { printf '%s\n' "$WHARF_LAB_MAIL_PASSWORD" | timeout 60 "$CLI" "$@" --password-stdin "${CA[@]}"; }

echo "== folders over implicit TLS"
cli mail folders --json "$IMAPS" >"$WORK/folders.json"
python3 - "$WORK/folders.json" <<'PY' || fail "folders"
import json, sys
folders = {f["name"]: f for f in json.load(open(sys.argv[1]))}
assert folders["INBOX"]["messages"] >= 40, folders["INBOX"]
assert folders["Sent"]["specialUse"] == "sent" and folders["Trash"]["specialUse"] == "trash"
PY

echo "== list over STARTTLS, with the protocol log"
cli mail list --json "$IMAP/INBOX" --log >"$WORK/list.json" 2>"$WORK/log" \
    || { cat "$WORK/log"; fail "list over STARTTLS"; }
grep -q ' STARTTLS$' "$WORK/log" || fail "no STARTTLS in the log"
! grep -qF "$WHARF_LAB_MAIL_PASSWORD" "$WORK/log" || fail "password in the log"
python3 - "$WORK/list.json" <<'PY' || fail "list content"
import json, sys
messages = json.load(open(sys.argv[1]))
assert len(messages) >= 40, len(messages)
subjects = {m["subject"] for m in messages}
assert "会議のお知らせ" in subjects and "Привет from the quay" in subjects, subjects
m = messages[0]
assert set(m) == {"id", "from", "subject", "date", "size", "flags"}, m
assert m["date"].startswith("20") and m["size"] > 0 and isinstance(m["flags"], list)
PY

echo "== plaintext only when asked"
cli mail list --tls=none --json "$IMAP" >/dev/null || fail "--tls=none refused"

echo "== wrong password"
status=0
printf 'wrong\n' | timeout 60 "$CLI" mail list "$IMAPS" --password-stdin "${CA[@]}" \
    >/dev/null 2>"$WORK/err" || status=$?
[ "$status" -eq 4 ] || fail "wrong password exited $status: $(cat "$WORK/err")"

echo "== send, then read back by IMAP and POP3"
account="Reader $$"
printf '%s\n' "$WHARF_LAB_MAIL_PASSWORD" | timeout 30 "$CLI" mail accounts add "$account" \
    --imap "$IMAPS" --smtp "smtps://$MAIL_USER@$WHARF_LAB_HOST:$WHARF_LAB_SMTPS_PORT" \
    --address "$WHARF_LAB_MAIL_USER" --display-name "Alice Lab" --password-stdin
marker="wharf-read-$$"
head -c $((3 * 1024 * 1024)) /dev/urandom >"$WORK/cargo.bin"
printf '.first line starts with a dot\nmiddle %s\n.\n..two dots\n.last' "$marker" >"$WORK/body.txt"
timeout 60 "$CLI" mail send --account "$account" --to "$WHARF_LAB_MAIL_USER" \
    --subject "Fracht ✓ $marker" --attach "$WORK/cargo.bin" --body "$WORK/body.txt" "${CA[@]}"

id=""
for _ in $(seq 100); do
    timeout 60 "$CLI" mail list --json --account "$account" "${CA[@]}" >"$WORK/list.json"
    id=$(python3 -c 'import json,sys
for m in json.load(open(sys.argv[1])):
    if m["subject"] == "Fracht ✓ " + sys.argv[2]: print(m["id"])' "$WORK/list.json" "$marker")
    [ -n "$id" ] && break
    sleep 0.1
done
[ -n "$id" ] || fail "the sent message never appeared in the IMAP list"

timeout 60 "$CLI" mail show --raw --account "$account" "${CA[@]}" "$id" >"$WORK/raw.eml"

# A copy went to the account's Sent folder on the server (\Sent special use), already read.
timeout 60 "$CLI" mail list --json --account "$account" --folder Sent "${CA[@]}" >"$WORK/sent.json"
python3 - "$WORK/sent.json" "$marker" <<'PY' || fail "no copy in Sent"
import json, sys
copies = [m for m in json.load(open(sys.argv[1])) if m["subject"] == "Fracht ✓ " + sys.argv[2]]
assert len(copies) == 1 and "\\Seen" in copies[0]["flags"], copies
PY
check_message() { # $1: an RFC 5322 file; the subject, body and attachment must be intact
    python3 - "$1" "$WORK/cargo.bin" "$marker" <<'PY'
import email, email.policy, sys
msg = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
assert msg["subject"] == "Fracht ✓ " + sys.argv[3], msg["subject"]
body = msg.get_body(("plain",)).get_content()
expected = ".first line starts with a dot\nmiddle %s\n.\n..two dots\n.last" % sys.argv[3]
assert body.replace("\r\n", "\n").rstrip("\n") == expected, repr(body)
parts = [p for p in msg.iter_attachments()]
assert len(parts) == 1 and parts[0].get_filename() == "cargo.bin", parts
assert parts[0].get_content() == open(sys.argv[2], "rb").read(), "attachment bytes differ"
PY
}
check_message "$WORK/raw.eml" || fail "IMAP: the message came back changed"

timeout 60 "$CLI" mail show --account "$account" "${CA[@]}" "$id" >"$WORK/shown.txt"
grep -q "^Subject: Fracht ✓ $marker" "$WORK/shown.txt" || fail "decoded subject: $(head "$WORK/shown.txt")"
grep -q "^middle $marker" "$WORK/shown.txt" || fail "decoded body"
grep -q "cargo.bin" "$WORK/shown.txt" || fail "attachment not listed"
# The body was cached on first open: a second show works from the cache alone.
cached=$(find "$WORK/data" -name "*-$id.eml" | head -1)
[ -n "$cached" ] || fail "the body was not cached"
# The second show is served from the cache: no connection at all.
timeout 60 "$CLI" mail show --raw --log --account "$account" "${CA[@]}" "$id" \
    >"$WORK/again.eml" 2>"$WORK/again.log"
cmp -s "$WORK/again.eml" "$WORK/raw.eml" || fail "the cached message differs"
! grep -q "Connecting" "$WORK/again.log" || fail "the second show connected: $(head -3 "$WORK/again.log")"

cli mail fetch "pop3s://$MAIL_USER@$WHARF_LAB_HOST:$WHARF_LAB_POP3S_PORT" \
    --maildir "$WORK/pop3" >"$WORK/fetch.txt"
grep -q "new of" "$WORK/fetch.txt" || fail "fetch summary: $(cat "$WORK/fetch.txt")"
file=$(grep -rlF -- "$marker" "$WORK/pop3/new" | head -1)
[ -n "$file" ] || fail "POP3: the message was not fetched"
check_message "$file" || fail "POP3: the message came back changed"
cli mail fetch "pop3s://$MAIL_USER@$WHARF_LAB_HOST:$WHARF_LAB_POP3S_PORT" \
    --maildir "$WORK/pop3" >"$WORK/fetch2.txt"
grep -q ": 0 new of" "$WORK/fetch2.txt" || fail "second fetch: $(cat "$WORK/fetch2.txt")"

echo "== POP3 list and show by URL (the id is the UIDL)"
POP3S="pop3s://$MAIL_USER@$WHARF_LAB_HOST:$WHARF_LAB_POP3S_PORT"
cli mail list --json "$POP3S" >"$WORK/pop3.json"
uidl=$(python3 -c 'import json,sys
for m in json.load(open(sys.argv[1])):
    if m["subject"] == "Fracht ✓ " + sys.argv[2]: print(m["id"])' "$WORK/pop3.json" "$marker")
[ -n "$uidl" ] || fail "POP3 list: the message is missing"
cli mail show --raw "$POP3S" "$uidl" >"$WORK/pop3raw.eml"
check_message "$WORK/pop3raw.eml" || fail "POP3 show --raw: the message came back changed"
status=0
cli mail show "$POP3S" "no-such-uidl" >/dev/null 2>&1 || status=$?
[ "$status" -eq 6 ] || fail "POP3 show of an unknown id exited $status"

echo "== a POP3 account: fetch into its Maildir and index, then list from the index"
pop3account="Pop $$"
printf '%s\n' "$WHARF_LAB_MAIL_PASSWORD" | timeout 30 "$CLI" mail accounts add "$pop3account" \
    --pop3 "$POP3S" --smtp "smtps://$MAIL_USER@$WHARF_LAB_HOST:$WHARF_LAB_SMTPS_PORT" \
    --address "$WHARF_LAB_MAIL_USER" --password-stdin
printf 'from a POP3 account\n' | timeout 60 "$CLI" mail send --account "$pop3account" \
    --to "$WHARF_LAB_MAIL_USER" --subject "pop3 sent $marker" "${CA[@]}" \
    || fail "send with the POP3 account"
# Delivery is asynchronous (Postfix, then LMTP): wait for it, or the second fetch below would
# find it new.
for _ in $(seq 100); do
    grep -rqF "pop3 sent $marker" "$WHARF_LAB_DIR/mail/alice/Maildir" && break
    sleep 0.1
done
# No server folders: the copy is in the account's local Sent Maildir, marked seen (mutt: S).
find "$WORK/data" -path "*/Sent/cur/*:2,S" -exec grep -l "pop3 sent $marker" {} + | grep -q . \
    || fail "no local Sent copy for the POP3 account"
timeout 120 "$CLI" mail fetch --account "$pop3account" "${CA[@]}" >"$WORK/pop3fetch.txt"
timeout 60 "$CLI" mail list --json --cached --account "$pop3account" >"$WORK/pop3index.json"
python3 - "$WORK/pop3index.json" "$marker" <<'PY' || fail "POP3 account: not in the index"
import json, sys
messages = json.load(open(sys.argv[1]))
assert len(messages) >= 40, len(messages)
assert any(m["subject"] == "Fracht ✓ " + sys.argv[2] for m in messages)
PY
timeout 120 "$CLI" mail fetch --account "$pop3account" "${CA[@]}" >"$WORK/pop3fetch2.txt"
grep -q ": 0 new of" "$WORK/pop3fetch2.txt" || fail "POP3 account refetched: $(cat "$WORK/pop3fetch2.txt")"
timeout 30 "$CLI" mail accounts remove "$pop3account"

echo "== fetch with the account: every folder into the local index"
timeout 120 "$CLI" mail fetch --account "$account" "${CA[@]}" >"$WORK/sync.txt"
grep -q '^INBOX: ' "$WORK/sync.txt" || fail "account fetch: $(cat "$WORK/sync.txt")"
grep -q '^Sent: ' "$WORK/sync.txt" || fail "account fetch skipped Sent"
[ -f "$WORK/data/Wharf/Wharf/mail/"*/index.sqlite ] 2>/dev/null \
    || find "$WORK/data" -name index.sqlite | grep -q . || fail "no index.sqlite"

echo "== the Outbox is empty once everything went; send by URL without an account"
[ "$(timeout 30 "$CLI" mail outbox --account "$account" --json | tr -d ' \n')" = "[]" ] \
    || fail "the Outbox kept a delivered message"
printf '%s\nsent by URL %s\n' "$WHARF_LAB_MAIL_PASSWORD" "$marker" | timeout 60 "$CLI" mail send \
    --smtp "smtp://$MAIL_USER@$WHARF_LAB_HOST:$WHARF_LAB_SMTP_PORT" --from "$WHARF_LAB_MAIL_USER" \
    --to "$WHARF_LAB_MAIL_USER" --subject "by URL $marker" --password-stdin "${CA[@]}" \
    || fail "send by URL"
for _ in $(seq 100); do
    grep -rqF "sent by URL $marker" "$WHARF_LAB_DIR/mail/alice/Maildir" && break
    sleep 0.1
done
grep -rqF "sent by URL $marker" "$WHARF_LAB_DIR/mail/alice/Maildir" || fail "URL send not delivered"

timeout 30 "$CLI" mail accounts remove "$account"
echo "ok"
