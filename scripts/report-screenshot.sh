#!/usr/bin/env bash
# Renders the HTML report of the sample data in headless Chromium and saves a screenshot, so anyone
# can see what planning staff see (issue 6).
#
#   scripts/report-screenshot.sh [PERIOD] [OUT.png]
#
# Needs Debian's chromium (`apt-get install chromium`); runs the nightly pipeline first if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
period=${1:-2026-Q3}
out=${2:-var/report-$period.png}
swift build --product vksict >/dev/null
bin=.build/debug/vksict
[ -f var/warehouse.sqlite ] || "$bin" run --quiet || true
"$bin" report --period "$period" --out "var/report-$period.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,4000 \
    --screenshot="$out" "file://$PWD/var/report-$period.html" 2>/dev/null
echo "$out"
