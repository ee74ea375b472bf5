# wharf-cli's file commands against every FTP server of the lab: the contract scripts rely on
# (output, JSON, exit codes), TLS with and without session reuse, and secrets kept out of logs.
set -euo pipefail

CLI=$WHARF_BIN_DIR/wharf-cli
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }

# wharf <expected exit code> ARGS...: runs wharf-cli with the lab password on stdin.
wharf() {
    local expected=$1 status=0
    shift
    printf '%s\n' "$WHARF_LAB_PASSWORD" | timeout 60 "$CLI" "$@" --password-stdin \
        >"$WORK/out" 2>"$WORK/err" || status=$?
    if [ "$status" -ne "$expected" ]; then
        echo "--- stdout"; cat "$WORK/out"; echo "--- stderr"; cat "$WORK/err"
        fail "wharf-cli $* exited $status, expected $expected"
    fi
}

head -c 1048583 /dev/urandom >payload.bin   # 1 MiB and a few bytes: several blocks
expected_sum=$(sha256sum <payload.bin | cut -d' ' -f1)

round_trip() {
    local label=$1 base=$2
    shift 2
    local dir="$base/wharf-cli-$label-$$"
    echo "== $label: $base"
    wharf 0 mkdir "$dir" "$@"
    wharf 0 put payload.bin "$dir/payload.bin" "$@"
    wharf 0 ls --json "$dir" "$@"
    /usr/bin/python3 - "$WORK/out" <<'PY' || fail "$label: ls --json did not list the upload"
import json, sys
entries = json.load(open(sys.argv[1]))
match = [e for e in entries if e["name"] == "payload.bin"]
assert match and match[0]["type"] == "file" and match[0]["size"] == 1048583, entries
assert match[0]["mtime"] is None or match[0]["mtime"].endswith("Z"), match
PY
    wharf 0 get "$dir/payload.bin" "downloaded-$label.bin" "$@"
    [ "$(sha256sum <"downloaded-$label.bin" | cut -d' ' -f1)" = "$expected_sum" ] \
        || fail "$label: downloaded file differs"
    [ ! -e "downloaded-$label.bin.part" ] || fail "$label: .part left behind"
    wharf 0 mv "$dir/payload.bin" renamed.bin "$@"
    wharf 0 ls "$dir" "$@"
    grep -q 'renamed.bin' "$WORK/out" || fail "$label: rename not visible in the listing"
    wharf 6 get "$dir/payload.bin" "$@"   # gone after the rename: not found
    wharf 0 rm "$dir/renamed.bin" "$@"
    wharf 6 ls "$dir/no-such-folder" "$@"
    wharf 0 rm -r "$dir" "$@"
}

FILES=$WHARF_LAB_FILES
USERHOST="$WHARF_LAB_USER@$WHARF_LAB_HOST"
CA=(--ca-file "$WHARF_LAB_CA")

round_trip vsftpd-plain "ftp://$USERHOST:$WHARF_LAB_FTP_PORT$FILES" --tls=none
round_trip vsftpd-auto-tls "ftp://$USERHOST:$WHARF_LAB_FTP_PORT$FILES" "${CA[@]}"
round_trip vsftpd-tls-required "ftp://$USERHOST:$WHARF_LAB_FTP_TLS_PORT$FILES" --tls=require "${CA[@]}"
round_trip vsftpd-ssl-reuse "ftp://$USERHOST:$WHARF_LAB_FTP_REUSE_PORT$FILES" --tls=require "${CA[@]}"
round_trip vsftpd-implicit "ftps://$USERHOST:$WHARF_LAB_FTPS_IMPLICIT_PORT$FILES" "${CA[@]}"
# pyftpdlib shows the home folder as "/": reach it through "~" instead.
round_trip pyftpdlib "ftp://$USERHOST:$WHARF_LAB_PYFTP_PORT/~" --tls=none
round_trip pyftpdlib-tls "ftp://$USERHOST:$WHARF_LAB_PYFTP_PORT/~" --tls=require "${CA[@]}"

round_trip vsftpd-active-tls "ftp://$USERHOST:$WHARF_LAB_FTP_REUSE_PORT$FILES" --active \
    --tls=require "${CA[@]}"
round_trip pyftpdlib-active "ftp://$USERHOST:$WHARF_LAB_PYFTP_PORT/~" --active --tls=none

echo "== ASCII mode (pyftpdlib converts line endings; vsftpd, by design, does not)"
printf 'one\ntwo\n\nthree' >unix.txt
wharf 0 put --ascii unix.txt "ftp://$USERHOST:$WHARF_LAB_PYFTP_PORT/~/ascii-$$.txt" --tls=none --log
grep -q '> TYPE A' "$WORK/err" || fail "ASCII upload did not switch to TYPE A"
wharf 0 get "ftp://$USERHOST:$WHARF_LAB_PYFTP_PORT/~/ascii-$$.txt" binary.txt --tls=none
cmp -s unix.txt binary.txt || fail "the server stored other line endings than the file had"
wharf 0 get --ascii "ftp://$USERHOST:$WHARF_LAB_PYFTP_PORT/~/ascii-$$.txt" ascii.txt --tls=none
cmp -s unix.txt ascii.txt || fail "ASCII download did not give back LF line endings"
wharf 0 rm "ftp://$USERHOST:$WHARF_LAB_PYFTP_PORT/~/ascii-$$.txt" --tls=none

echo "== resume: an upload cut in half is completed with APPE, a download with REST"
head -c 524291 payload.bin >half.bin
resume_url="ftp://$USERHOST:$WHARF_LAB_FTP_REUSE_PORT$FILES/resume-$$.bin"
wharf 0 put half.bin "$resume_url" --tls=require "${CA[@]}"
wharf 0 put --resume payload.bin "$resume_url" --tls=require "${CA[@]}" --log
grep -q '> APPE ' "$WORK/err" || fail "resumed upload did not append"
head -c 300007 payload.bin >resumed.bin.part
wharf 0 get --resume "$resume_url" resumed.bin --tls=require "${CA[@]}" --log
grep -q '> REST 300007' "$WORK/err" || fail "resumed download did not restart at the .part size"
[ "$(sha256sum <resumed.bin | cut -d' ' -f1)" = "$expected_sum" ] || fail "resumed file differs"
wharf 0 rm "$resume_url" --tls=require "${CA[@]}"

echo "== the home folder is the default path"
wharf 0 ls --json "ftp://$USERHOST:$WHARF_LAB_PYFTP_PORT" --tls=none
grep -q '"name"' "$WORK/out" || fail "home listing is empty"

echo "== the password never reaches the log"
wharf 0 ls "ftp://$USERHOST:$WHARF_LAB_FTP_TLS_PORT$FILES" --tls=require "${CA[@]}" --log
grep -q 'PASS \*\*\*\*' "$WORK/err" || fail "no masked PASS line in the log"
! grep -qF "$WHARF_LAB_PASSWORD" "$WORK/err" || fail "the password appears in the log"
grep -q 'TLS established' "$WORK/err" || fail "the log does not show TLS"

echo "== wrong password: exit 4 with a clear message"
status=0
printf 'wrong-password\n' | timeout 60 "$CLI" ls "ftp://$USERHOST:$WHARF_LAB_FTP_PORT/" \
    --password-stdin --tls=none >/dev/null 2>"$WORK/err" || status=$?
[ "$status" -eq 4 ] || fail "wrong password exited $status"
grep -qi 'password' "$WORK/err" || fail "unclear message: $(cat "$WORK/err")"

echo "== untrusted certificate, not interactive: refused with exit 5"
wharf 5 ls "ftp://$USERHOST:$WHARF_LAB_FTP_TLS_PORT$FILES" --tls=require </dev/null
grep -q 'SHA-256' "$WORK/err" || fail "the refusal does not show the fingerprint"

echo "== TLS required by the client, not offered: refused"
wharf 0 ls "ftp://$USERHOST:$WHARF_LAB_FTP_TLS_PORT$FILES" --tls=require "${CA[@]}"
status=0
printf '%s\n' "$WHARF_LAB_PASSWORD" | timeout 60 "$CLI" ls \
    "ftp://$USERHOST:$WHARF_LAB_FTP_TLS_PORT$FILES" --tls=none --password-stdin \
    >/dev/null 2>"$WORK/err" || status=$?
[ "$status" -ne 0 ] || fail "plain login to a TLS-only server succeeded"

echo "== bad usage: exit 2, password in URL refused"
status=0; "$CLI" ls >/dev/null 2>&1 || status=$?; [ "$status" -eq 2 ] || fail "ls without URL: $status"
status=0; "$CLI" ls "ftp://u:secret@$WHARF_LAB_HOST/" >/dev/null 2>"$WORK/err" || status=$?
[ "$status" -ne 0 ] && grep -q 'password' "$WORK/err" || fail "password in URL accepted"

echo "ok"
