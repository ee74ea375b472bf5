#!/usr/bin/env bash
# Lab smoke test: each vsftpd listener lists the sample tree and stores and returns a file
# intact; the TLS-only listeners refuse a plain login. Run: tests/lab/lab exec -- bash THIS
set -euo pipefail

: "${WHARF_LAB_FTP_PORT:?run this through tests/lab/lab exec --}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
remote=lab_smoke_vsftpd_$$.bin
head -c 300000 /dev/urandom >"$work/upload"

check() { printf 'check: %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# The password goes in through a curl config on stdin, not argv (keeps it out of `ps`).
lab_curl() {
  printf 'user = "%s:%s"\n' "$WHARF_LAB_USER" "$WHARF_LAB_PASSWORD" |
    timeout 20 curl --silent --show-error --config - "$@"
}

round_trip() {   # LABEL PORT [CURL TLS ARGS...]
  local label=$1 port=$2
  shift 2
  round_trip_url "$label" "ftp://$WHARF_LAB_HOST:$port/" "$@"
}

round_trip_url() {   # LABEL URL [CURL TLS ARGS...]
  local label=$1 url=$2 upload_args=()
  shift 2
  # curl 7.88 ends a TLS 1.3 upload without a clean TLS shutdown, and vsftpd then loses
  # the tail: "426 Failure reading network stream", about 1 run in 3 (a Python client that
  # skips close_notify gets it every time). A client quirk, not a lab fault: TLS 1.2 here.
  (($#)) && upload_args=(--tls-max 1.2)
  check "$label: LIST shows the sample tree"
  lab_curl "$@" "$url" >"$work/list" || fail "$label: LIST failed"
  grep -q 'README.txt' "$work/list" || fail "$label: README.txt missing from LIST"
  grep -q 'Übersicht.txt' "$work/list" || fail "$label: UTF-8 name missing from LIST"
  check "$label: upload, download, sha256 equal"
  lab_curl "$@" "${upload_args[@]}" -T "$work/upload" "$url$remote" || fail "$label: upload failed"
  lab_curl "$@" -o "$work/download" "$url$remote" || fail "$label: download failed"
  [[ $(sha256sum <"$work/upload") == $(sha256sum <"$work/download") ]] ||
    fail "$label: downloaded file differs from the upload"
  lab_curl "$@" -o /dev/null -Q "DELE $remote" "$url" || fail "$label: DELE failed"
  rm -f "$work/download"
}

plain_login_refused() {   # LABEL PORT
  check "$1: plain (non-TLS) login is refused"
  if lab_curl "ftp://$WHARF_LAB_HOST:$2/" >/dev/null 2>"$work/err"; then
    fail "$1: a login without TLS succeeded"
  fi
  grep -q '530' "$work/err" || fail "$1: expected a 530 reply, got: $(cat "$work/err")"
}

tls=(--ssl-reqd --cacert "$WHARF_LAB_CA")
round_trip "vsftpd plain" "$WHARF_LAB_FTP_PORT"
round_trip "vsftpd plain port, explicit FTPS" "$WHARF_LAB_FTP_PORT" "${tls[@]}"
round_trip "vsftpd TLS required" "$WHARF_LAB_FTP_TLS_PORT" "${tls[@]}"
round_trip "vsftpd TLS required + session reuse" "$WHARF_LAB_FTP_REUSE_PORT" "${tls[@]}"
round_trip_url "vsftpd implicit TLS" "ftps://$WHARF_LAB_HOST:$WHARF_LAB_FTPS_IMPLICIT_PORT/" \
  "${tls[@]}"
plain_login_refused "vsftpd TLS required" "$WHARF_LAB_FTP_TLS_PORT"
plain_login_refused "vsftpd TLS required + session reuse" "$WHARF_LAB_FTP_REUSE_PORT"
echo "PASS: vsftpd"
