# Both executables answer --version with the project version, without a display.
set -euo pipefail
expected=$(sed -n 's/^ *VERSION \([0-9.]*\)$/\1/p' "$(dirname "$0")/../../CMakeLists.txt")
for program in wharf wharf-cli; do
    output=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$WHARF_BIN_DIR/$program" --version)
    echo "$program --version: $output"
    [ "$output" = "$program $expected" ] || { echo "expected '$program $expected'"; exit 1; }
done
# Without a display the GUI says so instead of crashing.
if message=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$WHARF_BIN_DIR/wharf" 2>&1); then
    echo "wharf started without a display"; exit 1
fi
grep -q 'no display' <<<"$message" || { echo "unclear message: $message"; exit 1; }
echo "ok"
