# Saved sites and mail accounts through wharf-cli, with the lab's real Secret Service: the
# password lands in the keychain (and nowhere on disk), site:NAME works without typing it,
# removing a site removes its secret, an old settings file is migrated, sites travel as JSON
# without secrets, FileZilla's sitemanager.xml is imported (passwords only when asked, the file
# untouched), and without a keychain nothing is written in plain text.
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
# FileZilla's site manager sample shared with tst_siteimport; its passwords in plain text.
FILEZILLA=$(cd "$(dirname "${BASH_SOURCE[0]}")/../unit/data" && pwd)/sitemanager.xml
FZ_PASSWORDS=("secret-ftp" "pässwort ftpes")
FZ_SITES=("Plain FTP" "Anonymous mirror" "Work/Build server" "Work/Customers/Implicit TLS"
    "Work/Customers/Müller & Söhne — Übersicht")

# secret-tool prints attributes on stderr. Read everything first: grep -q closing the pipe
# early would fail the pipeline under pipefail.
keyring_dump() { timeout 10 secret-tool search --all server wharf 2>&1 || true; }
keyring_has() { grep -q "$1" <<<"$(keyring_dump)"; }
# The ids of this test's saved sites (the lab keyring is shared with tests running at the same
# time, so only entries under these ids say anything about this test).
site_ids() {
    timeout 30 "$CLI" sites list --json \
        | python3 -c 'import json,sys; print("\n".join(s["id"] for s in json.load(sys.stdin)))'
}
no_secret_on_disk() {
    if grep -rqF "$1" "$WORK/config" "$WORK/data" 2>/dev/null; then
        fail "a secret was written to a file: $(grep -rlF "$1" "$WORK/config" "$WORK/data")"
    fi
}

echo "== sites add stores the password in the keychain, not on disk"
printf '%s\n' "$SECRET" | timeout 30 "$CLI" sites add "$SITE" "$FTP_URL" --tls none --password-stdin
site_id=$(site_ids)
[ -n "$site_id" ] || fail "the site was not saved"
keyring_has "attribute.user = site/$site_id/password" \
    || fail "the keychain entry is not under site/<id>/password"
no_secret_on_disk "$SECRET"

echo "== site:NAME logs in with the saved password, nothing typed"
timeout 30 "$CLI" ls "site:$SITE/docs" </dev/null >"$WORK/out" || fail "ls site:$SITE failed"
grep -q 'note-01.txt' "$WORK/out" || fail "site listing is missing files"
timeout 30 "$CLI" sites list --json >"$WORK/out"
grep -q "\"name\": \"$SITE\"" "$WORK/out" || fail "sites list --json lacks the site"
! grep -qi password "$WORK/out" || fail "sites list shows a password field"

echo "== the same over SFTP: the lab's OpenSSH takes the saved password"
printf '%s\n' "$SECRET" | timeout 30 "$CLI" sites add "sftp-$SITE" \
    "sftp://$WHARF_LAB_USER@$WHARF_LAB_HOST:$WHARF_LAB_SSH_PORT$WHARF_LAB_FILES" --password-stdin
SSH_AUTH_SOCK='' timeout 30 "$CLI" ls "site:sftp-$SITE/docs" \
    --known-hosts "$WHARF_LAB_SSH_KNOWN_HOSTS" </dev/null >"$WORK/out" 2>"$WORK/err" \
    || fail "ls site:sftp-$SITE failed: $(cat "$WORK/err")"
grep -q 'note-01.txt' "$WORK/out" || fail "SFTP site listing is missing files"
timeout 30 "$CLI" sites remove "sftp-$SITE"

echo "== an encrypted key's passphrase saved in the keychain unlocks it, nothing asked"
printf '%s\n' "$WHARF_LAB_SSH_KEY_PASSPHRASE" | timeout 30 "$CLI" sites add "key-$SITE" \
    "sftp://$WHARF_LAB_USER@$WHARF_LAB_HOST:$WHARF_LAB_SSH_PORT$WHARF_LAB_FILES" \
    --identity "$WHARF_LAB_SSH_KEY_ENCRYPTED" --passphrase-stdin
keyring_has "attribute.user = site/.*/passphrase" || fail "the passphrase is not in the keychain"
no_secret_on_disk "$WHARF_LAB_SSH_KEY_PASSPHRASE"
SSH_AUTH_SOCK='' timeout 30 "$CLI" ls "site:key-$SITE/docs" --known-hosts "$WHARF_LAB_SSH_KNOWN_HOSTS" \
    --log </dev/null >"$WORK/out" 2>"$WORK/err" || fail "key site login failed: $(cat "$WORK/err")"
grep -q 'saved passphrase' "$WORK/err" || fail "the saved passphrase was not used"
grep -q 'note-01.txt' "$WORK/out" || fail "key site listing is missing files"
timeout 30 "$CLI" sites remove "key-$SITE"
! keyring_has "attribute.user = site/.*/passphrase" || fail "the passphrase outlived the site"

echo "== sites remove deletes the secret too"
timeout 30 "$CLI" sites remove "$SITE"
! keyring_has "site/$site_id/" || fail "the keychain entry outlived the site"
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
mail_id=$(timeout 30 "$CLI" mail accounts list --json | /usr/bin/python3 -c \
    'import json,sys; print([a["id"] for a in json.load(sys.stdin) if a["name"] == sys.argv[1]][0])' \
    "Mail $$")
keyring_has "attribute.user = mail/$mail_id/password" || fail "the mail password is not in the keychain"
no_secret_on_disk "mail-secret-$$"
timeout 30 "$CLI" mail accounts remove "Mail $$"
! keyring_has "attribute.user = mail/$mail_id/" || fail "the mail password outlived the account"

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

echo "== sites export/import: a round trip through a JSON file without secrets"
printf '%s\n' "$SECRET" | timeout 30 "$CLI" sites add "exp-$$" "$FTP_URL" --tls none --password-stdin
timeout 30 "$CLI" sites export "$WORK/sites.json"
grep -q "\"name\": \"exp-$$\"" "$WORK/sites.json" || fail "the export lacks the site"
grep -q '"format": "wharf-sites"' "$WORK/sites.json" || fail "the export has no format tag"
! grep -qF "$SECRET" "$WORK/sites.json" || fail "the export holds the password"
! grep -qi password "$WORK/sites.json" || fail "the export has a password field"
timeout 30 "$CLI" sites remove "exp-$$"
timeout 30 "$CLI" sites import "$WORK/sites.json"
timeout 30 "$CLI" sites list --json >"$WORK/out"
grep -q "\"url\": \"${FTP_URL%/*}" "$WORK/out" || fail "the imported site has another URL"
grep -q "\"ftpTls\": \"none\"" "$WORK/out" || fail "the imported site lost its TLS setting"
timeout 30 "$CLI" sites import "$WORK/sites.json" 2>"$WORK/err"
grep -qF "exp-$$ -> exp-$$ (2)" "$WORK/err" || fail "a taken name was not renamed: $(cat "$WORK/err")"
cp "$WORK/config/Wharf/Wharf/accounts.ini" "$WORK/accounts.before"
printf '{"format": "wharf-sites", "version": 1, "sites": [{"name": "half"' >"$WORK/bad.json"
status=0; timeout 30 "$CLI" sites import "$WORK/bad.json" 2>"$WORK/err" || status=$?
[ "$status" -ne 0 ] || fail "a malformed file was imported"
grep -q 'JSON' "$WORK/err" || fail "unclear message for a malformed file: $(cat "$WORK/err")"
cmp -s "$WORK/accounts.before" "$WORK/config/Wharf/Wharf/accounts.ini" \
    || fail "a malformed file changed the saved sites"
timeout 30 "$CLI" sites remove "exp-$$"
timeout 30 "$CLI" sites remove "exp-$$ (2)"

echo "== sites import-filezilla: sites, but no password without --with-passwords"
checksum=$(sha256sum "$FILEZILLA")
status=0; timeout 30 "$CLI" sites import-filezilla "$FILEZILLA" 2>"$WORK/err" || status=$?
[ "$status" -eq 9 ] || fail "import-filezilla exit $status (9: an entry skipped): $(cat "$WORK/err")"
grep -q 'Work/Customers/Broken entry: no host' "$WORK/err" \
    || fail "the broken entry was not reported: $(cat "$WORK/err")"
timeout 30 "$CLI" sites list >"$WORK/out"
for name in "${FZ_SITES[@]}"; do
    grep -qF "$name" "$WORK/out" || fail "\"$name\" was not imported"
done
! grep -q 'Broken entry' "$WORK/out" || fail "the broken entry was imported"
for id in $(site_ids); do
    ! keyring_has "site/$id/" || fail "passwords were imported without --with-passwords"
done
for name in "${FZ_SITES[@]}"; do timeout 30 "$CLI" sites remove "$name"; done

echo "== sites import-filezilla --with-passwords: the base64 passwords go to the keychain"
status=0
timeout 30 "$CLI" sites import-filezilla --with-passwords "$FILEZILLA" 2>"$WORK/err" || status=$?
[ "$status" -eq 9 ] || fail "import-filezilla --with-passwords exit $status: $(cat "$WORK/err")"
dump=$(keyring_dump)
fz_ids=$(site_ids)
with_password=0
for id in $fz_ids; do grep -qF "site/$id/" <<<"$dump" && with_password=$((with_password + 1)); done
[ "$with_password" -eq 2 ] || fail "$with_password sites have a keychain entry, not 2"
for password in "${FZ_PASSWORDS[@]}"; do
    grep -qF "secret = $password" <<<"$dump" || fail "\"$password\" is not in the keychain"
    no_secret_on_disk "$password"
done
timeout 30 "$CLI" sites list --json >"$WORK/out"
id=$(python3 -c 'import json, sys
print(next(s["id"] for s in json.load(sys.stdin) if s["name"] == "Plain FTP"))' <"$WORK/out")
grep -qF "site/$id/password" <<<"$dump" || fail "the password is not under the site's id"
timeout 30 "$CLI" sites export "$WORK/fz.json"
for password in "${FZ_PASSWORDS[@]}"; do
    ! grep -qF "$password" "$WORK/fz.json" || fail "the export holds an imported password"
done
for name in "${FZ_SITES[@]}"; do timeout 30 "$CLI" sites remove "$name"; done
for id in $fz_ids; do
    ! keyring_has "site/$id/" || fail "imported passwords outlived their sites"
done
[ "$(sha256sum "$FILEZILLA")" = "$checksum" ] || fail "sitemanager.xml was modified"

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
status=0
timeout 30 "$CLI" sites import-filezilla --with-passwords "$FILEZILLA" 2>"$WORK/err" || status=$?
[ "$status" -ne 0 ] && [ "$status" -ne 9 ] || fail "FileZilla passwords 'saved' without a keychain"
grep -qi 'keychain' "$WORK/err" || fail "unclear message: $(cat "$WORK/err")"
for password in "${FZ_PASSWORDS[@]}"; do no_secret_on_disk "$password"; done
[ "$(sha256sum "$FILEZILLA")" = "$checksum" ] || fail "sitemanager.xml was modified"

echo "== a site name with a slash (a FileZilla folder) still resolves in site:NAME/path"
export DBUS_SESSION_BUS_ADDRESS=$WHARF_LAB_DBUS_ADDRESS
printf '%s\n' "$SECRET" | timeout 30 "$CLI" sites add "Folder $$/Lab" "$FTP_URL" --tls none \
    --password-stdin
timeout 30 "$CLI" ls "site:Folder $$/Lab/docs" </dev/null >"$WORK/out" \
    || fail "site:Folder/Name/path did not resolve"
grep -q 'note-01.txt' "$WORK/out" || fail "folder-named site listed the wrong folder"
timeout 30 "$CLI" sites remove "Folder $$/Lab"

echo "ok"
