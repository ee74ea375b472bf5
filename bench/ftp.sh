# FTP/FTPS throughput of wharf-cli against curl and lftp, on the lab's vsftpd, in one run.
# Run through the lab: tools/dev bench (or tests/lab/lab exec -- bash bench/ftp.sh BINDIR).
# Prints a Markdown table: medians of ROUNDS runs and each peer's time divided by wharf-cli's
# (>1: Wharf faster). BIG_MIB (default 512) and SMALL_FILES (default 2000) set the sizes.
set -euo pipefail

BIN=${1:-${WHARF_BIN_DIR:?pass the folder holding wharf-cli}}
BIG_MIB=${BIG_MIB:-512}
CLI=$(cd "$BIN" && pwd)/wharf-cli # absolute: the script works in another folder
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
REMOTE_DIR=$WHARF_LAB_FILES/bench-$$
trap 'rm -rf "$WORK" "$REMOTE_DIR"' EXIT
mkdir -p "$REMOTE_DIR"
chown "$WHARF_LAB_USER" "$REMOTE_DIR"
cd "$WORK"

USER_PASS="$WHARF_LAB_USER:$WHARF_LAB_PASSWORD"
HOST=$WHARF_LAB_HOST
PLAIN=$WHARF_LAB_FTP_PORT
TLS=$WHARF_LAB_FTP_REUSE_PORT

make_test_files

wharf() { printf '%s\n' "$WHARF_LAB_PASSWORD" | "$CLI" "$@" --password-stdin; }
lftp_run() {
    lftp -u "$USER_PASS" -p "$1" -e "set ssl:ca-file $WHARF_LAB_CA; set ftp:ssl-allow $2; \
        set ftp:ssl-force $2; set ftp:ssl-protect-data $2; set net:max-retries 1; $3; bye" "$HOST"
}

plain_url="ftp://$WHARF_LAB_USER@$HOST:$PLAIN$REMOTE_DIR"
tls_url="ftp://$WHARF_LAB_USER@$HOST:$TLS$REMOTE_DIR"
# curl reads FTP URL paths relative to the login folder; %2F makes this one absolute.
curl_plain="ftp://$HOST:$PLAIN/%2F${REMOTE_DIR#/}"
curl_tls="ftp://$HOST:$TLS/%2F${REMOTE_DIR#/}"
export CLI WHARF_LAB_PASSWORD USER_PASS HOST WHARF_LAB_CA REMOTE_DIR PLAIN TLS
export plain_url tls_url curl_plain curl_tls
export -f wharf lftp_run
CA="--ca-file $WHARF_LAB_CA"
BIG=$(big_label)
SMALL=$(small_label)
echo "FTP bench: $BIG file, $SMALL of 4 KiB in 20 folders, medians of $ROUNDS"
table_header

compare "FTP put $BIG" curl 'wharf put big.bin "$plain_url/big.bin" --tls=none' \
    'curl -sS -T big.bin -u "$USER_PASS" "$curl_plain/big.bin"'
compare "FTP get $BIG" curl 'wharf get "$plain_url/big.bin" got.bin --tls=none' \
    'curl -sS -o got.bin -u "$USER_PASS" "$curl_plain/big.bin"'
compare "FTP get $BIG" lftp 'wharf get "$plain_url/big.bin" got.bin --tls=none' \
    'lftp_run "$PLAIN" no "get $REMOTE_DIR/big.bin -o $PWD/got.bin"'
compare "FTPS get $BIG (TLS reuse)" curl \
    "wharf get \"\$tls_url/big.bin\" got.bin --tls=require $CA" \
    'curl -sS --ssl-reqd --cacert "$WHARF_LAB_CA" -o got.bin -u "$USER_PASS" "$curl_tls/big.bin"'
# curl's TLS 1.3 uploads to vsftpd fail 1 in 3 (it closes before the session ticket), so
# it runs with TLS 1.2 here.
compare "FTPS put $BIG (TLS reuse)" "curl(1.2)" \
    "wharf put big.bin \"\$tls_url/big2.bin\" --tls=require $CA" \
    'curl -sS --ssl-reqd --tls-max 1.2 --cacert "$WHARF_LAB_CA" -T big.bin -u "$USER_PASS" \
        "$curl_tls/big2.bin"'
# The tree benches clear their target first, inside the timed command, for both alike.
compare "FTP put -r $SMALL, 3 conns" lftp \
    'wharf rm -r "$plain_url/tree" --tls=none; wharf put -r small "$plain_url/tree" --tls=none' \
    'lftp_run "$PLAIN" no "rm -rf $REMOTE_DIR/tree; mirror -R -P 3 small $REMOTE_DIR/tree"'
compare "FTP get -r $SMALL, 3 conns" lftp \
    'rm -rf back; wharf get -r "$plain_url/tree" back --tls=none' \
    'rm -rf back; lftp_run "$PLAIN" no "mirror -P 3 $REMOTE_DIR/tree back"'
