#!/usr/bin/env bash
# Renders the bundled example's HTML report in headless Chromium to a PNG, to look at it as a
# browser shows it (and as docs/report.png in the README).
#
#   scripts/render-report.sh [OUT.png]        (default: target/report/report.png)
#
# Needs Chromium (Debian: apt-get install chromium); pngquant, if present, shrinks the PNG.
# Installs nothing itself. Chromium runs with its background networking off and a throwaway
# profile; the report references nothing outside itself, so nothing is fetched.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/target/report/report.png}
chromium=${CHROMIUM:-/usr/bin/chromium}

if [[ ! -x $chromium ]]; then
    echo "render-report: $chromium not found; install it (Debian: apt-get install chromium) or set CHROMIUM" >&2
    exit 2
fi

work=$root/target/report
mkdir -p "$work" "$(dirname "$out")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

cd "$root"
cargo build --quiet --release
html=$work/bao-cao-2023-9t.html
./target/release/parindex report --force \
    -c criteria/langson-huyen-2023.yaml --period 2023-9T \
    -o "$html" examples/langson-2023-9t 2>/dev/null

# 1240 × 1754: an A4 page at 150 dpi.
"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --disable-sync --hide-scrollbars \
    --user-data-dir="$profile" --screenshot="$out" --window-size=1240,1754 \
    "file://$html" 2>/dev/null

# Smaller PNG for the README, if pngquant is there (Debian: apt-get install pngquant).
if command -v pngquant >/dev/null; then
    pngquant --force --skip-if-larger --quality 60-95 --output "$out" "$out" || true
fi

echo "$html"
echo "$out"
