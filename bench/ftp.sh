# FTP/FTPS throughput of wharf-cli against curl and lftp, on the lab's vsftpd, in one run.
# Run through the lab: tools/dev bench (or tests/lab/lab exec -- bash bench/ftp.sh BINDIR).
# Prints medians of ROUNDS runs and each peer's time divided by wharf-cli's (>1: Wharf faster).
set -euo pipefail

BIN=${1:-${WHARF_BIN_DIR:?pass the folder holding wharf-cli}}
ROUNDS=${ROUNDS:-3}
BIG_MIB=${BIG_MIB:-512}
CLI=$BIN/wharf-cli
# Local files on tmpfs when there is one: disk write-back would drown the differences.
WORK=$(mktemp -d -p "$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp)")
REMOTE_DIR=$WHARF_LAB_FILES/bench-$$
trap 'rm -rf "$WORK" "$REMOTE_DIR"' EXIT
mkdir -p "$REMOTE_DIR"
chown "$WHARF_LAB_USER" "$REMOTE_DIR"
cd "$WORK"

USER_PASS="$WHARF_LAB_USER:$WHARF_LAB_PASSWORD"
HOST=$WHARF_LAB_HOST
PLAIN=$WHARF_LAB_FTP_PORT
TLS=$WHARF_LAB_FTP_REUSE_PORT

head -c $((BIG_MIB * 1024 * 1024)) /dev/urandom >big.bin
mkdir -p small
for d in $(seq 20); do
    mkdir -p "small/d$d"
    for f in $(seq 100); do head -c 4096 /dev/urandom >"small/d$d/f$f.bin"; done
done

# seconds CMD...: wall time of one run of the command.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || { echo "bench: $1 failed (run it by hand to see why)" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
median() { sort -n | sed -n "$(((ROUNDS + 1) / 2))p"; }

# compare NAME PEER 'WHARF COMMAND' 'PEER COMMAND': runs the two in turn, ROUNDS times (so
# both see the same machine state: write-back, caches), and reports the medians.
compare() {
    local name=$1 peer=$2 wharf_times=() peer_times=()
    for _ in $(seq "$ROUNDS"); do
        # Untimed: free the last copy and flush write-back, which would slow whoever is next.
        rm -f got.bin got.bin.part && sync
        wharf_times+=("$(seconds bash -c "$3")")
        rm -f got.bin got.bin.part && sync
        peer_times+=("$(seconds bash -c "$4")")
    done
    report "$name" "$(printf '%s\n' "${wharf_times[@]}" | median)" "$peer" \
        "$(printf '%s\n' "${peer_times[@]}" | median)"
}

wharf() { printf '%s\n' "$WHARF_LAB_PASSWORD" | "$CLI" "$@" --password-stdin; }
lftp_run() {
    lftp -u "$USER_PASS" -p "$1" -e "set ssl:ca-file $WHARF_LAB_CA; set ftp:ssl-allow $2; \
        set ftp:ssl-force $2; set ftp:ssl-protect-data $2; set net:max-retries 1; $3; bye" "$HOST"
}

report() { # name wharf-seconds peer-name peer-seconds
    printf '%-34s wharf-cli %7.3f s  %-10s %7.3f s  ratio %5.2f\n' "$1" "$2" "$3" "$4" \
        "$(echo "$4 / $2" | bc -l)"
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
echo "FTP bench: ${BIG_MIB} MiB file, 2,000 x 4 KiB in 20 folders, median of $ROUNDS"

compare "FTP put ${BIG_MIB} MiB" curl 'wharf put big.bin "$plain_url/big.bin" --tls=none' \
    'curl -sS -T big.bin -u "$USER_PASS" "$curl_plain/big.bin"'
compare "FTP get ${BIG_MIB} MiB" curl 'wharf get "$plain_url/big.bin" got.bin --tls=none' \
    'curl -sS -o got.bin -u "$USER_PASS" "$curl_plain/big.bin"'
compare "FTP get ${BIG_MIB} MiB" lftp 'wharf get "$plain_url/big.bin" got.bin --tls=none' \
    'lftp_run "$PLAIN" no "get $REMOTE_DIR/big.bin -o $PWD/got.bin"'
compare "FTPS get ${BIG_MIB} MiB (TLS reuse)" curl \
    "wharf get \"\$tls_url/big.bin\" got.bin --tls=require $CA" \
    'curl -sS --ssl-reqd --cacert "$WHARF_LAB_CA" -o got.bin -u "$USER_PASS" "$curl_tls/big.bin"'
# curl's TLS 1.3 uploads to vsftpd fail 1 in 3 (it closes before the session ticket), so
# it runs with TLS 1.2 here.
compare "FTPS put ${BIG_MIB} MiB (TLS reuse)" "curl(1.2)" \
    "wharf put big.bin \"\$tls_url/big2.bin\" --tls=require $CA" \
    'curl -sS --ssl-reqd --tls-max 1.2 --cacert "$WHARF_LAB_CA" -T big.bin -u "$USER_PASS" \
        "$curl_tls/big2.bin"'
# The tree benches clear their target first, inside the timed command, for both alike.
compare "FTP put -r 2,000 files, 3 conns" lftp \
    'wharf rm -r "$plain_url/tree" --tls=none; wharf put -r small "$plain_url/tree" --tls=none' \
    'lftp_run "$PLAIN" no "rm -rf $REMOTE_DIR/tree; mirror -R -P 3 small $REMOTE_DIR/tree"'
compare "FTP get -r 2,000 files, 3 conns" lftp \
    'rm -rf back; wharf get -r "$plain_url/tree" back --tls=none' \
    'rm -rf back; lftp_run "$PLAIN" no "mirror -P 3 $REMOTE_DIR/tree back"'
