# Recursive transfers through wharf-cli's transfer queue: a tree of 200 files up and back over
# parallel connections, names that can't be local file names, and recursive delete.
set -euo pipefail

CLI=$WHARF_BIN_DIR/wharf-cli
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }

wharf() {
    local expected=$1 status=0
    shift
    printf '%s\n' "$WHARF_LAB_PASSWORD" | timeout 120 "$CLI" "$@" --password-stdin \
        >"$WORK/out" 2>"$WORK/err" || status=$?
    if [ "$status" -ne "$expected" ]; then
        echo "--- stdout"; cat "$WORK/out"; echo "--- stderr"; cat "$WORK/err"
        fail "wharf-cli $* exited $status, expected $expected"
    fi
}

# 200 files in nested folders, with an empty file, an empty folder and non-ASCII names.
mkdir -p tree/empty-folder
for i in $(seq 200); do
    dir="tree/level-$((i % 5))/sub-$((i % 3))"
    mkdir -p "$dir"
    head -c $((i * 97)) /dev/urandom >"$dir/file-$i.bin"
done
: >tree/zero.bin
printf 'Grüße\n' >"tree/Übersicht äöü.txt"
printf 'kanji\n' >"tree/level-1/日本語 名前.txt"

USERHOST="$WHARF_LAB_USER@$WHARF_LAB_HOST"
CA=(--ca-file "$WHARF_LAB_CA")

check_server() {
    local label=$1 base=$2
    shift 2
    local remote="$base/recursive-$label-$$"
    echo "== $label"
    wharf 0 put -r tree "$remote" --connections 3 "$@"
    grep -q '^203 of 203 files' "$WORK/err" || fail "$label: upload summary: $(cat "$WORK/err")"
    wharf 0 get -r "$remote" "back-$label" --connections 3 "$@"
    diff -r tree "back-$label" || fail "$label: the tree came back different"
    [ -z "$(find "back-$label" -name '*.part')" ] || fail "$label: .part files left"
    wharf 0 rm -r "$remote" "$@"
    wharf 6 ls "$remote" "$@"
}

check_server vsftpd-ssl-reuse "ftp://$USERHOST:$WHARF_LAB_FTP_REUSE_PORT$WHARF_LAB_FILES" \
    --tls=require "${CA[@]}"
check_server pyftpdlib "ftp://$USERHOST:$WHARF_LAB_PYFTP_PORT/~" --tls=none

echo "== names no local file may have are skipped and reported, the rest arrives"
hostile="$WHARF_LAB_FILES/hostile-tree-$$"
mkdir -p "$hostile/inner"
printf 'fine\n' >"$hostile/inner/fine.txt"
printf 'evil\n' >"$hostile/inner/evil"$'\n'"name.txt"
printf 'back\n' >"$hostile/inner/back\\slash.txt"
chown -R "$WHARF_LAB_USER" "$hostile"
wharf 9 get -r "ftp://$USERHOST:$WHARF_LAB_FTP_PORT$hostile" hostile-copy --tls=none
[ -f hostile-copy/inner/fine.txt ] || fail "the safe file did not arrive"
[ "$(find hostile-copy -type f | wc -l)" -eq 1 ] || fail "an unsafe name reached the disk"
grep -q 'unsafe name\|local file name' "$WORK/err" || fail "not reported: $(cat "$WORK/err")"
rm -rf "$hostile"

echo "ok"
