# wharf-cli's file commands over sftp:// against the lab's OpenSSH: the same contract as FTP
# (output, JSON, exit codes), host keys checked against a known_hosts file, key and password
# logins, and secrets kept out of logs.
set -euo pipefail

CLI=$WHARF_BIN_DIR/wharf-cli
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }

KEY=(--identity "$WHARF_LAB_SSH_KEY" --known-hosts "$WHARF_LAB_SSH_KNOWN_HOSTS")
# wharf <expected exit code> ARGS...: runs wharf-cli with no terminal (nothing is asked).
wharf() {
    local expected=$1 status=0
    shift
    SSH_AUTH_SOCK= timeout 60 "$CLI" "$@" </dev/null >"$WORK/out" 2>"$WORK/err" || status=$?
    if [ "$status" -ne "$expected" ]; then
        echo "--- stdout"; cat "$WORK/out"; echo "--- stderr"; cat "$WORK/err"
        fail "wharf-cli $* exited $status, expected $expected"
    fi
}

head -c 1048583 /dev/urandom >payload.bin
expected_sum=$(sha256sum <payload.bin | cut -d' ' -f1)
BASE="sftp://$WHARF_LAB_USER@$WHARF_LAB_HOST:$WHARF_LAB_SSH_PORT"
dir="$BASE/~/wharf-cli-sftp-$$"

echo "== round trip with a key"
wharf 0 mkdir "$dir" "${KEY[@]}"
wharf 0 put payload.bin "$dir/payload.bin" "${KEY[@]}"
wharf 0 ls --json "$dir" "${KEY[@]}"
/usr/bin/python3 - "$WORK/out" <<'PY' || fail "ls --json did not list the upload"
import json, sys
entries = json.load(open(sys.argv[1]))
match = [e for e in entries if e["name"] == "payload.bin"]
assert match and match[0]["type"] == "file" and match[0]["size"] == 1048583, entries
assert match[0]["mtime"].endswith("Z"), match
PY
wharf 0 get "$dir/payload.bin" downloaded.bin "${KEY[@]}"
[ "$(sha256sum <downloaded.bin | cut -d' ' -f1)" = "$expected_sum" ] || fail "download differs"
[ ! -e downloaded.bin.part ] || fail ".part left behind"
wharf 0 mv "$dir/payload.bin" renamed.bin "${KEY[@]}"
wharf 0 ls "$dir" "${KEY[@]}"
grep -q 'renamed.bin' "$WORK/out" || fail "rename not visible in the listing"
wharf 6 get "$dir/payload.bin" "${KEY[@]}"
wharf 6 ls "$dir/no-such-folder" "${KEY[@]}"

echo "== resume: a download continues from the .part size"
head -c 300007 payload.bin >resumed.bin.part
wharf 0 get --resume "$dir/renamed.bin" resumed.bin "${KEY[@]}" --log
grep -q 'Resuming at byte 300007' "$WORK/err" || fail "resumed download did not start at the .part size"
[ "$(sha256sum <resumed.bin | cut -d' ' -f1)" = "$expected_sum" ] || fail "resumed file differs"

echo "== password from stdin; the password never reaches the log"
status=0
printf '%s\n' "$WHARF_LAB_PASSWORD" | SSH_AUTH_SOCK= HOME="$WORK" timeout 60 "$CLI" ls "$dir" \
    --known-hosts "$WHARF_LAB_SSH_KNOWN_HOSTS" --password-stdin --log >"$WORK/out" \
    2>"$WORK/err" || status=$?
[ "$status" -eq 0 ] || fail "password login exited $status: $(cat "$WORK/err")"
grep -q 'renamed.bin' "$WORK/out" || fail "password login listed nothing"
! grep -qF "$WHARF_LAB_PASSWORD" "$WORK/err" || fail "the password appears in the log"

echo "== keyboard-interactive (PAM) on the second sshd, answered with the password from stdin"
status=0
printf '%s\n' "$WHARF_LAB_PASSWORD" | SSH_AUTH_SOCK= HOME="$WORK" timeout 60 "$CLI" ls \
    "sftp://$WHARF_LAB_USER@$WHARF_LAB_HOST:$WHARF_LAB_SSH_KBDINT_PORT" \
    --known-hosts "$WHARF_LAB_SSH_KNOWN_HOSTS" --password-stdin --log >"$WORK/out" \
    2>"$WORK/err" || status=$?
[ "$status" -eq 0 ] || fail "keyboard-interactive login exited $status: $(cat "$WORK/err")"
grep -q 'README.txt' "$WORK/out" || fail "keyboard-interactive login listed nothing"
grep -q 'keyboard-interactive' "$WORK/err" || fail "the log does not show keyboard-interactive"
! grep -qF "$WHARF_LAB_PASSWORD" "$WORK/err" || fail "the password appears in the log"

echo "== wrong password: exit 4 naming the methods the server offers"
status=0
printf 'wrong-password\n' | SSH_AUTH_SOCK= HOME="$WORK" timeout 60 "$CLI" ls "$dir" \
    --known-hosts "$WHARF_LAB_SSH_KNOWN_HOSTS" --password-stdin >/dev/null 2>"$WORK/err" ||
    status=$?
[ "$status" -eq 4 ] || fail "wrong password exited $status"
grep -q 'password' "$WORK/err" || fail "unclear message: $(cat "$WORK/err")"

echo "== unknown host key, not interactive: refused with exit 5 and the fingerprint"
: >"$WORK/empty_known_hosts"
wharf 5 ls "$dir" --identity "$WHARF_LAB_SSH_KEY" --known-hosts "$WORK/empty_known_hosts"
grep -qF "$WHARF_LAB_SSH_HOSTKEY_FP" "$WORK/err" || fail "the refusal does not show the fingerprint"
[ ! -s "$WORK/empty_known_hosts" ] || fail "a refused key was written to known_hosts"

echo "== --accept-new-hostkey remembers it; a changed key is refused anyway"
wharf 0 ls "$dir" --identity "$WHARF_LAB_SSH_KEY" --known-hosts "$WORK/new_known_hosts" \
    --accept-new-hostkey
grep -qF "[$WHARF_LAB_HOST]:$WHARF_LAB_SSH_PORT" "$WORK/new_known_hosts" ||
    fail "the new key was not remembered"
ssh-keygen -q -t ed25519 -N '' -f "$WORK/other" >/dev/null
echo "[$WHARF_LAB_HOST]:$WHARF_LAB_SSH_PORT $(cut -d' ' -f1,2 "$WORK/other.pub")" >"$WORK/changed"
wharf 5 ls "$dir" --identity "$WHARF_LAB_SSH_KEY" --known-hosts "$WORK/changed" \
    --accept-new-hostkey
grep -q 'changed' "$WORK/err" || fail "unclear message: $(cat "$WORK/err")"
grep -qF "$WORK/changed" "$WORK/err" || fail "the message does not name the file"

echo "== rm -r, then the folder is gone"
wharf 0 put payload.bin "$dir/second.bin" "${KEY[@]}"
wharf 0 rm -r "$dir" "${KEY[@]}"
wharf 6 ls "$dir" "${KEY[@]}"

echo "== the home folder is the default path"
wharf 0 ls --json "$BASE" "${KEY[@]}"
grep -q '"README.txt"' "$WORK/out" || fail "home listing does not show README.txt"

echo "== recursive round trip: 200 nested files, an empty file, UTF-8 names"
mkdir -p tree/empty-folder
for i in $(seq 200); do
    sub="tree/level-$((i % 5))/sub-$((i % 3))"
    mkdir -p "$sub"
    head -c $((i * 97)) /dev/urandom >"$sub/file-$i.bin"
done
: >tree/zero.bin
printf 'Grüße\n' >"tree/Übersicht äöü.txt"
printf 'kanji\n' >"tree/level-1/日本語 名前.txt"
tree_remote="$BASE/~/wharf-cli-sftp-tree-$$"
wharf 0 put -r tree "$tree_remote" --connections 3 "${KEY[@]}"
grep -q '^203 of 203 files' "$WORK/err" || fail "upload summary: $(cat "$WORK/err")"
wharf 0 get -r "$tree_remote" tree-back --connections 3 "${KEY[@]}"
diff -r tree tree-back || fail "the tree came back different"
[ -z "$(find tree-back -name '*.part')" ] || fail ".part files left"
wharf 0 rm -r "$tree_remote" "${KEY[@]}"
wharf 6 ls "$tree_remote" "${KEY[@]}"

echo "== names no local file may have are skipped and reported, the rest arrives"
hostile="$WHARF_LAB_FILES/sftp-hostile-tree-$$"
mkdir -p "$hostile/inner"
printf 'fine\n' >"$hostile/inner/fine.txt"
printf 'evil\n' >"$hostile/inner/evil"$'\n'"name.txt"
printf 'back\n' >"$hostile/inner/back\\slash.txt"
chown -R "$WHARF_LAB_USER" "$hostile"
wharf 9 get -r "$BASE$hostile" hostile-copy "${KEY[@]}"
rm -rf "$hostile"
[ -f hostile-copy/inner/fine.txt ] || fail "the safe file did not arrive"
[ "$(find hostile-copy -type f | wc -l)" -eq 1 ] || fail "an unsafe name reached the disk"
grep -q 'unsafe name\|local file name' "$WORK/err" || fail "not reported: $(cat "$WORK/err")"

echo "== symlinks are listed as links with their target"
wharf 0 ls --json "$BASE" "${KEY[@]}"
/usr/bin/python3 - "$WORK/out" <<'PY' || fail "ls --json does not show the symlink"
import json, sys
entries = json.load(open(sys.argv[1]))
match = [e for e in entries if e["name"] == "link-to-README.txt"]
assert match and match[0]["type"] == "link", entries
assert match[0]["target"] == "README.txt", match
PY

echo "== ~/.ssh/config: a Host alias logs in; unsupported directives are named, a proxy refused"
mkdir -p "$WORK/.ssh"
cat >"$WORK/.ssh/config" <<EOF
Host wharf-lab-alias
    HostName $WHARF_LAB_HOST
    Port $WHARF_LAB_SSH_PORT
    User $WHARF_LAB_USER
    IdentityFile $WHARF_LAB_SSH_KEY
    LocalForward 8080 localhost:80
Host wharf-lab-jump
    HostName $WHARF_LAB_HOST
    ProxyJump nobody@192.0.2.1
EOF
HOME="$WORK" wharf 0 ls --json "sftp://wharf-lab-alias" --known-hosts "$WHARF_LAB_SSH_KNOWN_HOSTS" --log
grep -q '"README.txt"' "$WORK/out" || fail "the alias did not reach the lab"
grep -q 'line 6: LocalForward is not supported' "$WORK/err" || fail "not named: $(cat "$WORK/err")"
status=0
SSH_AUTH_SOCK= HOME="$WORK" timeout 60 "$CLI" ls "sftp://wharf-lab-jump" </dev/null >/dev/null \
    2>"$WORK/err" || status=$?
[ "$status" -ne 0 ] || fail "a ProxyJump host was reached directly"
grep -q 'ProxyJump' "$WORK/err" || fail "the refusal does not name ProxyJump: $(cat "$WORK/err")"

echo "ok"
