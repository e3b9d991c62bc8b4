#!/usr/bin/env bash
# Peak memory of reading an XML submission, for a small and a large file of the same shape
# (issue 4: a 1 GB file must be read with the same peak memory as a 1 MB one).
#
#   scripts/bench-xml-memory.sh [ROWS_SMALL] [ROWS_LARGE]
#
# Builds release, writes two synthetic hardware submissions (well-formed, XSD-valid), reads each
# with `vksict inspect` (the streaming reader with the XSD plugged in, every row counted) under
# /usr/bin/time -v, and prints size, rows, seconds and peak RSS. (`check` also keeps the set of
# row keys seen, to find duplicates: that grows with the number of distinct keys, not with reading.)
set -euo pipefail
cd "$(dirname "$0")/.."
small=${1:-4000}
large=${2:-4000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product vksict >/dev/null
bin=.build/release/vksict

write() { # rows file
    python3 - "$1" "$2" <<'PY'
import sys
rows, path = int(sys.argv[1]), sys.argv[2]
cats = ["desktop", "laptop", "printer", "scanner", "ups", "server"]
with open(path, "w", encoding="utf-8") as out:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<submission xmlns="urn:vksnd:cuc2:ict:1" province="79" '
              'period="2026-Q3" submittedAt="2026-10-05T08:00:00+07:00">\n  <hardware>\n')
    line = ('    <row><unit_code>79</unit_code><category>{c}</category><quantity>10</quantity><in_use>8</in_use>'
            '<broken>1</broken><acquired_year>{y}</acquired_year><funding_source>central</funding_source></row>\n')
    for i in range(rows):
        out.write(line.format(c=cats[i % 6], y=1990 + (i // 6) % 37))
    out.write('  </hardware>\n</submission>\n')
PY
}

printf '%-10s %12s %10s %9s %12s\n' file bytes rows seconds "peak RSS KiB"
for rows in "$small" "$large"; do
    file="$work/79_2026-Q3.xml"
    write "$rows" "$file"
    bytes=$(stat -c %s "$file")
    /usr/bin/time -v "$bin" inspect --pipeline pipelines/nightly.yaml "$file" >"$work/out" 2>"$work/time"
    grep -q "hardware: $rows rows" "$work/out" || { echo "not every row was read:"; cat "$work/out"; exit 1; }
    seconds=$(grep "Elapsed (wall clock)" "$work/time" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$work/time" | awk '{print $NF}')
    printf '%-10s %12s %10s %9s %12s\n' "$rows" "$bytes" "$rows" "$seconds" "$rss"
    rm -f "$file"
done
