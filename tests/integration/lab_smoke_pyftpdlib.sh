#!/usr/bin/env bash
# Lab smoke test: pyftpdlib lists, stores and returns a file intact over plain FTP and
# explicit FTPS, and answers MLSD. Run: tests/lab/lab exec -- bash THIS
set -euo pipefail

: "${WHARF_LAB_PYFTP_PORT:?run this through tests/lab/lab exec --}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
remote=lab_smoke_pyftpdlib_$$.bin
head -c 300000 /dev/urandom >"$work/upload"
url=ftp://$WHARF_LAB_HOST:$WHARF_LAB_PYFTP_PORT/

check() { printf 'check: %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

lab_curl() {   # password via a config on stdin, not argv
  printf 'user = "%s:%s"\n' "$WHARF_LAB_USER" "$WHARF_LAB_PASSWORD" |
    timeout 20 curl --silent --show-error --config - "$@"
}

curl_round_trip() {
  check "pyftpdlib plain: LIST shows the sample tree"
  lab_curl "$url" >"$work/list" || fail "pyftpdlib plain: LIST failed"
  grep -q 'README.txt' "$work/list" || fail "pyftpdlib plain: README.txt missing from LIST"
  check "pyftpdlib plain: upload, download, sha256 equal"
  lab_curl -T "$work/upload" "$url$remote" || fail "pyftpdlib plain: upload failed"
  lab_curl -o "$work/download" "$url$remote" || fail "pyftpdlib plain: download failed"
  [[ $(sha256sum <"$work/upload") == $(sha256sum <"$work/download") ]] ||
    fail "pyftpdlib plain: downloaded file differs from the upload"
  lab_curl -o /dev/null -Q "DELE $remote" "$url" || fail "pyftpdlib plain: DELE failed"
}

# FTPS with Python's ftplib, not curl: pyftpdlib 1.5.7 (bug #604) drops a data connection
# whose TLS handshake starts before the transfer command, and curl shakes hands right after
# connecting. ftplib sends the command first, as Wharf must. Debian's python on purpose.
ftplib_checks() {
  check "pyftpdlib: MLSD facts; explicit FTPS (AUTH TLS, PROT P) round trip, sha256 equal"
  REMOTE=$remote LOCAL=$work/upload timeout 20 /usr/bin/python3 - <<'PY' ||
import ftplib, hashlib, io, os, ssl

env = os.environ
ftp = ftplib.FTP_TLS(context=ssl.create_default_context(cafile=env["WHARF_LAB_CA"]),
                     timeout=15)
ftp.connect(env["WHARF_LAB_HOST"], int(env["WHARF_LAB_PYFTP_PORT"]))
ftp.login(env["WHARF_LAB_USER"], env["WHARF_LAB_PASSWORD"])  # AUTH TLS first
ftp.prot_p()
entries = dict(ftp.mlsd("/", facts=["type", "size", "modify"]))
assert entries["README.txt"]["type"] == "file", entries.get("README.txt")
assert int(entries["empty.txt"]["size"]) == 0, entries.get("empty.txt")
assert entries["empty-folder"]["type"] == "dir", entries.get("empty-folder")
assert "日本語.txt" in entries, sorted(entries)
data = open(env["LOCAL"], "rb").read()
ftp.storbinary("STOR " + env["REMOTE"], io.BytesIO(data))
back = io.BytesIO()
ftp.retrbinary("RETR " + env["REMOTE"], back.write)
assert hashlib.sha256(back.getvalue()).digest() == hashlib.sha256(data).digest()
ftp.delete(env["REMOTE"])
ftp.quit()
PY
    fail "pyftpdlib: MLSD/FTPS check failed (traceback above)"
}

curl_round_trip
ftplib_checks
echo "PASS: pyftpdlib"
