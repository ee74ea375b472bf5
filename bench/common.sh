# Shared by bench/*.sh (sourced, not run): the work folder, the test files, timing, medians and
# the Markdown table. Each comparison alternates Wharf and the peer so both see the same machine.
# Reads ROUNDS (default 3), BIG_MIB (set by the script), SMALL_FILES (default 2000) and
# BENCH_VERBOSE (set: every run's time on stderr).

ROUNDS=${ROUNDS:-3}
SMALL_FILES=${SMALL_FILES:-2000}
SMALL_FOLDERS=20

# Local files on tmpfs when there is one: disk write-back would drown the differences.
WORK=$(mktemp -d -p "$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp)")

# make_test_files: big.bin (BIG_MIB MiB) and small/ (SMALL_FILES x 4 KiB in 20 folders).
make_test_files() {
    head -c $((BIG_MIB * 1024 * 1024)) /dev/urandom >big.bin
    local i file
    for i in $(seq "$SMALL_FOLDERS"); do mkdir -p "small/d$i"; done
    # One read of /dev/urandom cut into 4 KiB files, dealt round the folders.
    mkdir -p chunks
    head -c $((SMALL_FILES * 4096)) /dev/urandom | (cd chunks && split -a 5 -d -b 4096 - f)
    i=0
    for file in chunks/*; do
        mv "$file" "small/d$((i % SMALL_FOLDERS + 1))/${file#chunks/}.bin"
        i=$((i + 1))
    done
    rmdir chunks
}

# Sizes for the case names: "1 GiB" or "512 MiB"; "2,000 files".
big_label() {
    if [ $((BIG_MIB % 1024)) -eq 0 ]; then echo "$((BIG_MIB / 1024)) GiB"; else echo "$BIG_MIB MiB"; fi
}
small_label() { echo "$SMALL_FILES" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta' -e 's/$/ files/'; }

# seconds CMD...: wall time of one run of the command.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>"$WORK/stderr" || {
        echo "bench: $* failed:" >&2
        tail -n 5 "$WORK/stderr" >&2
        exit 1
    }
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
median() { sort -n | sed -n "$(((ROUNDS + 1) / 2))p"; }

table_header() {
    echo
    echo "| case | wharf-cli s | peer | peer s | ratio |"
    echo "| --- | ---: | --- | ---: | ---: |"
}

report() { # name wharf-seconds peer-name peer-seconds
    printf '| %s | %.3f | %s | %.3f | %.2f |\n' "$1" "$2" "$3" "$4" "$(echo "$4 / $2" | bc -l)"
}

# compare NAME PEER 'WHARF COMMAND' 'PEER COMMAND' ['RESET COMMAND']: runs the two in turn,
# ROUNDS times (so both see the same machine state: write-back, caches), and reports the
# medians. The reset command runs untimed before every run, for both alike.
compare() {
    local name=$1 peer=$2 reset=${5:-:} wharf_times=() peer_times=()
    for _ in $(seq "$ROUNDS"); do
        # Untimed: free the last copy and flush write-back, which would slow whoever is next.
        rm -f got.bin got.bin.part && bash -c "$reset" && sync
        wharf_times+=("$(seconds bash -c "$3")")
        rm -f got.bin got.bin.part && bash -c "$reset" && sync
        peer_times+=("$(seconds bash -c "$4")")
    done
    if [ -n "${BENCH_VERBOSE:-}" ]; then # every run, to see the spread behind a median
        echo "$name: wharf-cli ${wharf_times[*]}; $peer ${peer_times[*]}" >&2
    fi
    report "$name" "$(printf '%s\n' "${wharf_times[@]}" | median)" "$peer" \
        "$(printf '%s\n' "${peer_times[@]}" | median)"
}
