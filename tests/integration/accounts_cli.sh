# Saved sites and mail accounts through wharf-cli, with the lab's real Secret Service: the
# password lands in the keychain (and nowhere on disk), site:NAME works without typing it,
# removing a site removes its secret, an old settings file is migrated, and without a keychain
# nothing is written in plain text.
set -euo pipefail

CLI=$WHARF_BIN_DIR/wharf-cli
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# A private config and data folder, and the lab's keyring.
export XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data XDG_CACHE_HOME=$WORK/cache
export DBUS_SESSION_BUS_ADDRESS=$WHARF_LAB_DBUS_ADDRESS
SITE=lab-$$
SECRET=$WHARF_LAB_PASSWORD
FTP_URL="ftp://$WHARF_LAB_USER@$WHARF_LAB_HOST:$WHARF_LAB_FTP_PORT$WHARF_LAB_FILES"

# secret-tool prints attributes on stderr. Read everything first: grep -q closing the pipe
# early would fail the pipeline under pipefail.
keyring_dump() { timeout 10 secret-tool search --all server wharf 2>&1 || true; }
keyring_entries() { grep -c '^\[' <<<"$(keyring_dump)" || true; }
keyring_has() { grep -q "$1" <<<"$(keyring_dump)"; }
no_secret_on_disk() {
    if grep -rqF "$1" "$WORK/config" "$WORK/data" 2>/dev/null; then
        fail "a secret was written to a file: $(grep -rlF "$1" "$WORK/config" "$WORK/data")"
    fi
}

echo "== sites add stores the password in the keychain, not on disk"
before=$(keyring_entries)
printf '%s\n' "$SECRET" | timeout 30 "$CLI" sites add "$SITE" "$FTP_URL" --tls none --password-stdin
[ "$(keyring_entries)" -eq $((before + 1)) ] || fail "no new keychain entry"
keyring_has "attribute.user = site/.*/password" \
    || fail "the keychain entry is not under site/<id>/password"
no_secret_on_disk "$SECRET"

echo "== site:NAME logs in with the saved password, nothing typed"
timeout 30 "$CLI" ls "site:$SITE/docs" </dev/null >"$WORK/out" || fail "ls site:$SITE failed"
grep -q 'note-01.txt' "$WORK/out" || fail "site listing is missing files"
timeout 30 "$CLI" sites list --json >"$WORK/out"
grep -q "\"name\": \"$SITE\"" "$WORK/out" || fail "sites list --json lacks the site"
! grep -qi password "$WORK/out" || fail "sites list shows a password field"

echo "== sites remove deletes the secret too"
timeout 30 "$CLI" sites remove "$SITE"
[ "$(keyring_entries)" -eq "$before" ] || fail "the keychain entry outlived the site"
status=0; timeout 30 "$CLI" ls "site:$SITE/" </dev/null 2>"$WORK/err" || status=$?
[ "$status" -eq 6 ] || fail "a removed site still resolves (exit $status)"

echo "== mail accounts"
MAIL_USER=${WHARF_LAB_MAIL_USER/@/%40} # an address as a URL user name: @ is written %40
printf 'mail-secret-%s\n' "$$" | timeout 30 "$CLI" mail accounts add "Mail $$" \
    --imap "imaps://$MAIL_USER@$WHARF_LAB_HOST:$WHARF_LAB_IMAPS_PORT" \
    --smtp "smtps://$MAIL_USER@$WHARF_LAB_HOST:$WHARF_LAB_SMTPS_PORT" \
    --address "$WHARF_LAB_MAIL_USER" --password-stdin
timeout 30 "$CLI" mail accounts list >"$WORK/out"
grep -q "Mail $$" "$WORK/out" || fail "mail account not listed"
keyring_has "attribute.user = mail/" || fail "the mail password is not in the keychain"
no_secret_on_disk "mail-secret-$$"
timeout 30 "$CLI" mail accounts remove "Mail $$"
! keyring_has "attribute.user = mail/" || fail "the mail password outlived the account"

echo "== a settings file from Wharf before 0.1 moves its passwords to the keychain"
mkdir -p "$WORK/config/Wharf/Wharf"
printf '[site Old %s]\nprotocol=ftp\nhost=%s\nport=%s\nuser=%s\npassword=%s\n' "$$" \
    "$WHARF_LAB_HOST" "$WHARF_LAB_FTP_PORT" "$WHARF_LAB_USER" "$SECRET" \
    >"$WORK/config/Wharf/Wharf/accounts.ini"
timeout 30 "$CLI" sites list >"$WORK/out" 2>"$WORK/err"
grep -q "Old $$" "$WORK/out" || fail "old site not listed"
grep -q 'keychain' "$WORK/err" || fail "the migration was not reported: $(cat "$WORK/err")"
no_secret_on_disk "$SECRET"
timeout 30 "$CLI" ls "site:Old $$$WHARF_LAB_FILES" --tls=none </dev/null >/dev/null 2>&1 \
    || fail "the migrated site does not log in with the moved password"
timeout 30 "$CLI" sites remove "Old $$"

echo "== without a keychain: a clear error, and no password in any file"
export DBUS_SESSION_BUS_ADDRESS=disabled:
status=0
printf '%s\n' "$SECRET" | timeout 30 "$CLI" sites add "nokeychain-$$" "$FTP_URL" \
    --password-stdin 2>"$WORK/err" || status=$?
[ "$status" -ne 0 ] || fail "saving a password without a keychain claimed success"
grep -qi 'keychain' "$WORK/err" || fail "unclear message: $(cat "$WORK/err")"
no_secret_on_disk "$SECRET"
! grep -rqF "$SECRET" "$HOME/.config" "$HOME/.local/share" 2>/dev/null \
    || fail "a plain-text password appeared in the real home folder"

echo "ok"
