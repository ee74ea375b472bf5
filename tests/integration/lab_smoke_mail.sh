#!/usr/bin/env bash
# Lab smoke test: Postfix takes authenticated submissions (STARTTLS and implicit TLS) and
# Dovecot delivers them; IMAP (STARTTLS, implicit) and POP3 (STLS, implicit) read them back.
# Run: tests/lab/lab exec -- bash THIS
set -euo pipefail

: "${WHARF_LAB_SMTP_PORT:?run this through tests/lab/lab exec --}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
host=$WHARF_LAB_HOST
tag="lab smoke mail $$ $(date +%s%N)"

check() { printf 'check: %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# curl with TLS verified against the lab CA; credentials via a config on stdin, not argv.
mail_curl() {   # USER PASSWORD CURL-ARGS...
  printf 'user = "%s:%s"\n' "$1" "$2" |
    timeout 20 curl --silent --show-error --cacert "$WHARF_LAB_CA" --config - "${@:3}"
}
as_alice() { mail_curl "$WHARF_LAB_MAIL_USER" "$WHARF_LAB_MAIL_PASSWORD" "$@"; }
as_bob() { mail_curl "$WHARF_LAB_MAIL_USER2" "$WHARF_LAB_MAIL_PASSWORD2" "$@"; }
anonymous() { timeout 20 curl --silent --show-error --cacert "$WHARF_LAB_CA" "$@"; }

write_message() {   # TO SUBJECT FILE
  printf '%s\r\n' "From: Alice <$WHARF_LAB_MAIL_USER>" "To: <$1>" "Subject: $2" \
    "Date: $(date -R)" "Message-ID: <smoke-$$-$RANDOM@wharf.test>" "" \
    "Sent by tests/integration/lab_smoke_mail.sh." >"$3"
}

send() {   # SENDER URL TO SUBJECT [CURL ARGS...]; SENDER: as_alice, as_bob or anonymous
  local sender=$1 url=$2 to=$3 subject=$4
  write_message "$to" "$subject" "$work/message"
  "$sender" "${@:5}" --url "$url" --mail-from "$WHARF_LAB_MAIL_USER" --mail-rcpt "$to" \
    --upload-file "$work/message"
}

# Delivery through LMTP is asynchronous: poll briefly for the subject.
wait_for_subject() {   # READER SUBJECT: prints the UID once the message is in the INBOX
  local reader=$1 uids
  for _ in $(seq 50); do
    uids=$("$reader" "imaps://$host:$WHARF_LAB_IMAPS_PORT/INBOX" \
      --request "UID SEARCH SUBJECT \"$2\"" | sed -n 's/^\* SEARCH *//p' | tr -d '\r')
    [[ -n $uids ]] && { echo "${uids%% *}"; return 0; }
    sleep 0.1
  done
  return 1
}

submission_and_imap() {
  check "submission :$WHARF_LAB_SMTP_PORT STARTTLS + AUTH delivers to alice"
  send as_alice "smtp://$host:$WHARF_LAB_SMTP_PORT/client.wharf.test" \
    "$WHARF_LAB_MAIL_USER" "$tag starttls" --ssl-reqd || fail "submission failed"
  check "IMAPS :$WHARF_LAB_IMAPS_PORT finds it by subject and fetches it"
  uid=$(wait_for_subject as_alice "$tag starttls") || fail "message not in alice's INBOX after 5 s"
  as_alice "imaps://$host:$WHARF_LAB_IMAPS_PORT/INBOX/;UID=$uid;SECTION=HEADER" >"$work/header" ||
    fail "IMAP FETCH of UID $uid failed"
  grep -qF "Subject: $tag starttls" "$work/header" || fail "fetched header lacks the subject"
}

smtps_to_bob() {
  check "smtps :$WHARF_LAB_SMTPS_PORT implicit TLS + AUTH delivers to bob"
  send as_alice "smtps://$host:$WHARF_LAB_SMTPS_PORT/client.wharf.test" \
    "$WHARF_LAB_MAIL_USER2" "$tag implicit" || fail "smtps submission failed"
  wait_for_subject as_bob "$tag implicit" >/dev/null || fail "message not in bob's INBOX after 5 s"
}

refusals() {
  check "submission refuses mail without AUTH and relaying to other domains"
  if send anonymous "smtp://$host:$WHARF_LAB_SMTP_PORT/client.wharf.test" \
    "$WHARF_LAB_MAIL_USER" "$tag noauth" --ssl-reqd 2>/dev/null; then
    fail "unauthenticated submission was accepted"
  fi
  if send as_alice "smtp://$host:$WHARF_LAB_SMTP_PORT/client.wharf.test" \
    "someone@example.com" "$tag relay" --ssl-reqd 2>/dev/null; then
    fail "relaying to example.com was accepted"
  fi
}

imap_starttls_special_use() {
  check "IMAP :$WHARF_LAB_IMAP_PORT STARTTLS lists special-use and sample folders"
  as_alice --ssl-reqd "imap://$host:$WHARF_LAB_IMAP_PORT/" >"$work/list" || fail "IMAP LIST failed"
  local want
  for want in '\Sent' '\Drafts' '\Trash' '\Junk' 'Projects/Wharf'; do
    grep -qF "$want" "$work/list" || fail "IMAP LIST lacks $want: $(cat "$work/list")"
  done
}

pop3_lists() {   # LABEL URL [CURL ARGS...]
  check "$1 LIST shows alice's messages"
  as_alice "${@:3}" "$2" >"$work/pop" || fail "$1 LIST failed"
  (($(grep -c '^[0-9]' "$work/pop") >= 40)) || fail "$1 LIST shows fewer than 40 messages"
}

submission_and_imap
smtps_to_bob
refusals
imap_starttls_special_use
pop3_lists "POP3S :$WHARF_LAB_POP3S_PORT" "pop3s://$host:$WHARF_LAB_POP3S_PORT/"
pop3_lists "POP3 :$WHARF_LAB_POP3_PORT STLS" "pop3://$host:$WHARF_LAB_POP3_PORT/" --ssl-reqd
echo "PASS: mail"
