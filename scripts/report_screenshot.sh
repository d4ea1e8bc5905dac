#!/usr/bin/env bash
# Renders a report in headless Chromium and takes a screenshot of it, checking that the page is
# under 5 MB and loads without a console error. Installs Debian's chromium and a CJK font
# (fonts-wqy-microhei) when they are missing.
#
# Usage: bash scripts/report_screenshot.sh [CORPUS] [BY] [OUT_DIR]
#   default: data/corpus/city-gwr-2024 province output/gwr; the screenshot is OUT_DIR/screenshot.png
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-data/corpus/city-gwr-2024}
by=${2:-province}
out=${3:-output/gwr}

if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "WenQuanYi\|Noto Sans CJK"; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi

cargo run --release --quiet -- report "$corpus" --by "$by" --out "$out" --force
page="$out/index.html"
bytes=$(stat -c %s "$page")
echo "index.html: $bytes bytes"
if [ "$bytes" -ge 5000000 ]; then
    echo "index.html is over 5 MB" >&2
    exit 1
fi

profile=$(mktemp -d)
log="$out/chromium.log"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 \
    --window-size=1280,4000 --screenshot="$out/screenshot.png" "file://$(realpath "$page")" \
    2>"$log"
rm -rf "$profile"
# Page errors reach the log as console messages; Chromium's own D-Bus noise does not count.
if grep -E "CONSOLE|Uncaught|Failed to load resource" "$log"; then
    echo "the page logged errors: see $log" >&2
    exit 1
fi
echo "screenshot: $out/screenshot.png"
