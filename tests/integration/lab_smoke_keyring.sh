#!/usr/bin/env bash
# Lab smoke test: the lab's Secret Service (gnome-keyring on a private session bus) is
# unlocked and stores, finds and deletes a secret. Run: tests/lab/lab exec -- bash THIS
set -euo pipefail

: "${WHARF_LAB_DBUS_ADDRESS:?run this through tests/lab/lab exec --}"
export DBUS_SESSION_BUS_ADDRESS=$WHARF_LAB_DBUS_ADDRESS
# With a display, a locked keyring would open a prompt window and hang instead of failing.
unset DISPLAY WAYLAND_DISPLAY
attrs=(service wharf-lab-smoke account "keyring-$$")
secret="s3cret $$ äöü"

check() { printf 'check: %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

check "secret-tool store"
printf '%s' "$secret" | timeout 20 secret-tool store --label "Wharf lab smoke $$" "${attrs[@]}" ||
  fail "secret-tool store failed (is the keyring unlocked?)"
check "secret-tool lookup returns the stored secret"
[[ $(timeout 20 secret-tool lookup "${attrs[@]}") == "$secret" ]] ||
  fail "lookup did not return the stored secret"
check "secret-tool clear removes it"
timeout 20 secret-tool clear "${attrs[@]}" || fail "secret-tool clear failed"
if timeout 20 secret-tool lookup "${attrs[@]}" >/dev/null; then
  fail "the secret is still there after clear"
fi
echo "PASS: keyring"
