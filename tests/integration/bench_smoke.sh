# The benchmarks still run: bench/sftp.sh, bench/ftp.sh and bench/imap.sh on tiny sizes (one
# round, 2 MiB, 50 small files, 200 messages) print their Markdown tables with a number in
# every time and ratio cell.
# Not a timing test: how fast anything is stays bench/run's business.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../bench" && pwd)
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
fail() { echo "FAIL: $*" >&2; cat "$OUT" >&2; exit 1; }

# run NAME ROWS: runs bench/NAME.sh small and checks it printed ROWS comparison rows.
run() {
    echo "== bench/$1.sh, tiny"
    ROUNDS=1 BIG_MIB=2 SMALL_FILES=50 MESSAGES=200 BIG_MESSAGE_MIB=1 \
        timeout 120 bash "$BENCH/$1.sh" "$WHARF_BIN_DIR" >"$OUT" ||
        fail "bench/$1.sh exited $?"
    cat "$OUT"
    grep -q '^| case | wharf-cli s | peer | peer s | ratio |$' "$OUT" || fail "no table header"
    local number='[0-9]+\.[0-9]+' rows
    rows=$(grep -cE "^\| [^|]+ \| $number \| [^|]+ \| $number \| $number \|$" "$OUT" || true)
    [ "$rows" -eq "$2" ] || fail "$rows rows with numbers, expected $2"
}

run sftp 6
grep -qE '^\| get 2 MiB \| [0-9]+\.[0-9] \|$' "$OUT" || fail "no peak memory for the get"
grep -qE '^\| put 2 MiB \| [0-9]+\.[0-9] \|$' "$OUT" || fail "no peak memory for the put"
run ftp 7
run imap 2
grep -qE '^second open from the cache .*: [0-9]+\.[0-9]+ s$' "$OUT" || fail "no cached-open time"
grep -qE '^peak memory fetching a 1 MiB message: [0-9]+ MiB' "$OUT" || fail "no memory figure"
echo "ok"
