#!/usr/bin/env bash
# Lab smoke test: OpenSSH sftp reaches the lab's sshd with the host key pinned, logs in
# by key, by passphrase-protected key and by password, and round-trips a file intact.
# Run: tests/lab/lab exec -- bash THIS
set -euo pipefail

: "${WHARF_LAB_SSH_PORT:?run this through tests/lab/lab exec --}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
remote=lab_smoke_sftp_$$.bin
head -c 300000 /dev/urandom >"$work/upload"

check() { printf 'check: %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# Only the lab's known_hosts: a wrong host key must fail, not prompt. `sftp -b` implies
# BatchMode=yes, but ssh keeps the first value given, so BatchMode=no before it lets
# sshpass answer a password or passphrase prompt.
sftp_opts=(-P "$WHARF_LAB_SSH_PORT" -o UserKnownHostsFile="$WHARF_LAB_SSH_KNOWN_HOSTS"
  -o StrictHostKeyChecking=yes -o GlobalKnownHostsFile=/dev/null)
target=$WHARF_LAB_USER@$WHARF_LAB_HOST

known_hosts_pins_fingerprint() {
  check "known_hosts holds the host key whose fingerprint is WHARF_LAB_SSH_HOSTKEY_FP"
  ssh-keygen -l -E sha256 -f "$WHARF_LAB_SSH_KNOWN_HOSTS" | grep -qF "$WHARF_LAB_SSH_HOSTKEY_FP" ||
    fail "WHARF_LAB_SSH_HOSTKEY_FP not found in $WHARF_LAB_SSH_KNOWN_HOSTS"
}

key_round_trip() {
  check "key login: ls shows the sample tree; put, get, sha256 equal; rm"
  timeout 20 sftp -o BatchMode=yes "${sftp_opts[@]}" -i "$WHARF_LAB_SSH_KEY" \
    -o IdentitiesOnly=yes -o PreferredAuthentications=publickey -b - "$target" \
    >"$work/out" 2>&1 <<EOF2 ||
pwd
ls -1
put $work/upload $remote
get $remote $work/download
rm $remote
EOF2
    fail "sftp with key failed: $(cat "$work/out")"
  grep -qF "Remote working directory: $WHARF_LAB_FILES" "$work/out" ||
    fail "session did not start in WHARF_LAB_FILES: $(cat "$work/out")"
  grep -q 'README.txt' "$work/out" || fail "README.txt missing from ls"
  [[ $(sha256sum <"$work/upload") == $(sha256sum <"$work/download") ]] ||
    fail "downloaded file differs from the upload"
}

encrypted_key_login() {
  check "passphrase-protected key login (WHARF_LAB_SSH_KEY_PASSPHRASE)"
  echo ls -1 | SSHPASS=$WHARF_LAB_SSH_KEY_PASSPHRASE sshpass -e -P "passphrase" \
    timeout 20 sftp -o BatchMode=no "${sftp_opts[@]}" -i "$WHARF_LAB_SSH_KEY_ENCRYPTED" \
    -o IdentitiesOnly=yes -o PreferredAuthentications=publickey -b - "$target" \
    >"$work/out" 2>&1 ||
    fail "sftp with the encrypted key failed: $(cat "$work/out")"
  grep -q 'README.txt' "$work/out" || fail "README.txt missing from ls (encrypted key)"
}

password_login() {
  check "password login via sshpass"
  echo ls -1 | SSHPASS=$WHARF_LAB_PASSWORD sshpass -e \
    timeout 20 sftp -o BatchMode=no "${sftp_opts[@]}" -o PubkeyAuthentication=no \
    -o PreferredAuthentications=password -b - "$target" >"$work/out" 2>&1 ||
    fail "sftp with password failed: $(cat "$work/out")"
  grep -q 'README.txt' "$work/out" || fail "README.txt missing from ls (password)"
}

keyboard_interactive_login() {
  check "keyboard-interactive (PAM) login on the second sshd"
  echo ls -1 | SSHPASS=$WHARF_LAB_PASSWORD sshpass -e \
    timeout 20 sftp -o BatchMode=no "${sftp_opts[@]:2}" -P "$WHARF_LAB_SSH_KBDINT_PORT" \
    -o PubkeyAuthentication=no -o PreferredAuthentications=keyboard-interactive -b - \
    "$target" >"$work/out" 2>&1 ||
    fail "sftp with keyboard-interactive failed: $(cat "$work/out")"
  grep -q 'README.txt' "$work/out" || fail "README.txt missing from ls (keyboard-interactive)"
}

known_hosts_pins_fingerprint
key_round_trip
encrypted_key_login
password_login
keyboard_interactive_login
echo "PASS: sftp"
