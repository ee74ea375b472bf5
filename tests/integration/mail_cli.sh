# wharf-cli mail send through the lab's Postfix (submission with STARTTLS, and smtps): the
# message, its UTF-8 subject and its attachment reach alice's mailbox; Bcc reaches bob but
# appears in no header; a refused recipient is reported.
set -euo pipefail

CLI=$WHARF_BIN_DIR/wharf-cli
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

export XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data
export DBUS_SESSION_BUS_ADDRESS=$WHARF_LAB_DBUS_ADDRESS
MAIL_USER=${WHARF_LAB_MAIL_USER/@/%40}
MAILDIR=$WHARF_LAB_DIR/mail
CA=(--ca-file "$WHARF_LAB_CA")

# Waits (bounded) until a message containing $2 is in the Maildir of $1; prints its path.
delivered() {
    local user=$1 marker=$2 file
    for _ in $(seq 150); do
        file=$(grep -rlF -- "$marker" "$MAILDIR/$user/Maildir" 2>/dev/null | head -1 || true)
        [ -n "$file" ] && { echo "$file"; return 0; }
        sleep 0.1
    done
    return 1
}

for mode in starttls smtps; do
    echo "== $mode"
    account="Lab $mode $$"
    if [ $mode = starttls ]; then
        smtp="smtp://$MAIL_USER@$WHARF_LAB_HOST:$WHARF_LAB_SMTP_PORT"
    else
        smtp="smtps://$MAIL_USER@$WHARF_LAB_HOST:$WHARF_LAB_SMTPS_PORT"
    fi
    printf '%s\n' "$WHARF_LAB_MAIL_PASSWORD" | timeout 30 "$CLI" mail accounts add "$account" \
        --imap "imaps://$MAIL_USER@$WHARF_LAB_HOST:$WHARF_LAB_IMAPS_PORT" --smtp "$smtp" \
        --address "$WHARF_LAB_MAIL_USER" --display-name "Alice Lab" --password-stdin

    marker="wharf-mail-$mode-$$"
    printf 'report %s\n' "$marker" >"$WORK/Bericht März.txt"
    printf 'Hallo,\n.a line starting with a dot\nGrüße %s\n' "$marker" \
        | timeout 60 "$CLI" mail send --account "$account" --to "Alice <$WHARF_LAB_MAIL_USER>" \
            --bcc "$WHARF_LAB_MAIL_USER2" --subject "Grüße $marker" \
            --attach "$WORK/Bericht März.txt" "${CA[@]}" --log 2>"$WORK/log" \
        || { cat "$WORK/log"; fail "$mode: send failed"; }
    grep -q 'AUTH PLAIN \*\*\*\*' "$WORK/log" || fail "$mode: AUTH not masked in the log"
    ! grep -qF "$WHARF_LAB_MAIL_PASSWORD" "$WORK/log" || fail "$mode: password in the log"

    file=$(delivered alice "$marker") || fail "$mode: not delivered to alice"
    grep -q '^Subject: =?' "$file" || fail "$mode: subject not RFC 2047 encoded"
    grep -q 'filename' "$file" || fail "$mode: attachment missing"
    grep -qF "$(printf 'report %s\n' "$marker" | base64)" "$file" || fail "$mode: attachment content"
    ! grep -qi "^bcc:" "$file" || fail "$mode: Bcc header delivered"
    ! grep -qF "$WHARF_LAB_MAIL_USER2" "$file" || fail "$mode: the Bcc address is in the message"
    delivered bob "$marker" >/dev/null || fail "$mode: Bcc recipient got nothing"
done

echo "== a refused recipient is reported, the others still get it"
status=0
printf 'x\n' | timeout 60 "$CLI" mail send --account "Lab smtps $$" \
    --to "$WHARF_LAB_MAIL_USER, nobody@elsewhere.example" --subject "partial $$" "${CA[@]}" \
    2>"$WORK/err" || status=$?
[ "$status" -eq 9 ] || fail "partial delivery exited $status: $(cat "$WORK/err")"
grep -q 'nobody@elsewhere.example was refused' "$WORK/err" || fail "refusal not reported"

for mode in starttls smtps; do
    timeout 30 "$CLI" mail accounts remove "Lab $mode $$" # and its keychain entry
done
echo "ok"
