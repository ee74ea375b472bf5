# SFTP throughput of wharf-cli against OpenSSH's sftp (batch mode) and scp, on the lab's sshd,
# in one run, all with the same key and known_hosts. Run through the lab: bench/run sftp (or
# tests/lab/lab exec -- bash bench/sftp.sh BINDIR).
# Prints a Markdown table: medians of ROUNDS runs and each peer's time divided by wharf-cli's
# (>1: Wharf faster), then wharf-cli's peak memory during the big transfers. BIG_MIB (default
# 1024) and SMALL_FILES (default 2000) set the sizes.
set -euo pipefail

BIN=${1:-${WHARF_BIN_DIR:?pass the folder holding wharf-cli}}
BIG_MIB=${BIG_MIB:-1024}
CLI=$(cd "$BIN" && pwd)/wharf-cli # absolute: the script works in another folder
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
REMOTE_DIR=$WHARF_LAB_FILES/sftp-bench-$$
trap 'rm -rf "$WORK" "$REMOTE_DIR"' EXIT
mkdir -p "$REMOTE_DIR"
cd "$WORK"

make_test_files
# What the downloads fetch is put in place directly (untimed); uploads go to other names.
cp big.bin "$REMOTE_DIR/big.bin"
cp -r small "$REMOTE_DIR/tree"
chown -R "$WHARF_LAB_USER" "$REMOTE_DIR"
mkdir -p home # a HOME without ~/.ssh/config or keys for wharf-cli

export SSH_AUTH_SOCK= # no agent: everyone logs in with the lab's key file
HOST=$WHARF_LAB_HOST
PORT=$WHARF_LAB_SSH_PORT
LOGIN=$WHARF_LAB_USER@$HOST
URL="sftp://$LOGIN:$PORT$REMOTE_DIR"
# OpenSSH: this key only, this known_hosts only, no config file, never a question.
SSH_OPTIONS="-F none -i $WHARF_LAB_SSH_KEY -o IdentitiesOnly=yes -o BatchMode=yes \
-o StrictHostKeyChecking=yes -o UserKnownHostsFile=$WHARF_LAB_SSH_KNOWN_HOSTS \
-o GlobalKnownHostsFile=/dev/null"

# wharf ARGS...: wharf-cli with the lab's key and known_hosts, nothing asked.
wharf() {
    HOME=$WORK/home "$CLI" "$@" --identity "$WHARF_LAB_SSH_KEY" \
        --known-hosts "$WHARF_LAB_SSH_KNOWN_HOSTS" </dev/null
}
# wharf_peak FILE ARGS...: the same, adding wharf-cli's peak resident memory (KiB) to FILE.
wharf_peak() {
    local file=$1
    shift
    HOME=$WORK/home /usr/bin/time -a -o "$file" -f %M "$CLI" "$@" --identity "$WHARF_LAB_SSH_KEY" \
        --known-hosts "$WHARF_LAB_SSH_KNOWN_HOSTS" </dev/null
}
# sftp_batch 'COMMAND': OpenSSH sftp in batch mode (-b stops at the first failure).
sftp_batch() {
    # shellcheck disable=SC2086 # SSH_OPTIONS is a list of words
    printf '%s\n' "$1" | sftp -q $SSH_OPTIONS -P "$PORT" -b - "$LOGIN"
}
scp_run() {
    # shellcheck disable=SC2086
    scp -q $SSH_OPTIONS -P "$PORT" "$@"
}
export CLI WORK REMOTE_DIR URL LOGIN PORT SSH_OPTIONS WHARF_LAB_SSH_KEY WHARF_LAB_SSH_KNOWN_HOSTS
export -f wharf wharf_peak sftp_batch scp_run

BIG=$(big_label)
SMALL=$(small_label)
GET_PEAK=$WORK/peak-get
PUT_PEAK=$WORK/peak-put
export GET_PEAK PUT_PEAK
echo "SFTP bench: $BIG file, $SMALL of 4 KiB in 20 folders, medians of $ROUNDS"
# Untimed: the first download after the files were made runs on cold caches (1.5x slower
# here), which would count against whoever goes first.
wharf get "$URL/big.bin" got.bin >/dev/null 2>&1 || true # a failure shows below
table_header

compare "SFTP get $BIG" sftp 'wharf_peak "$GET_PEAK" get "$URL/big.bin" got.bin' \
    'sftp_batch "get $REMOTE_DIR/big.bin got.bin"'
compare "SFTP get $BIG" scp 'wharf_peak "$GET_PEAK" get "$URL/big.bin" got.bin' \
    'scp_run "$LOGIN:$REMOTE_DIR/big.bin" got.bin'
# Each upload makes a new file: truncating the last one's 1 GiB would add most of a second of
# the server's file system work to both sides alike.
compare "SFTP put $BIG" sftp 'wharf_peak "$PUT_PEAK" put big.bin "$URL/up.bin"' \
    'sftp_batch "put big.bin $REMOTE_DIR/up.bin"' 'rm -f "$REMOTE_DIR/up.bin"'
compare "SFTP put $BIG" scp 'wharf_peak "$PUT_PEAK" put big.bin "$URL/up.bin"' \
    'scp_run big.bin "$LOGIN:$REMOTE_DIR/up.bin"' 'rm -f "$REMOTE_DIR/up.bin"'
# The trees are cleared untimed before each run, for both alike: OpenSSH's sftp has no rm -r.
compare "SFTP get -r $SMALL, 3 conns" "sftp -r" 'wharf get -r "$URL/tree" back' \
    'sftp_batch "get -r $REMOTE_DIR/tree back"' 'rm -rf back'
compare "SFTP put -r $SMALL, 3 conns" "sftp -r" 'wharf put -r small "$URL/up-tree"' \
    'sftp_batch "put -r small $REMOTE_DIR/up-tree"' 'rm -rf "$REMOTE_DIR/up-tree"'

# Peak resident memory of wharf-cli over all rounds of the big transfers, in MiB.
peak() { echo "scale=1; $(sort -n "$1" | tail -n 1) / 1024" | bc; }
echo
echo "| wharf-cli peak memory | MiB |"
echo "| --- | ---: |"
echo "| get $BIG | $(peak "$GET_PEAK") |"
echo "| put $BIG | $(peak "$PUT_PEAK") |"
