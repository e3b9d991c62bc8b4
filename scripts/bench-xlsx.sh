#!/usr/bin/env bash
# Times `vksict check` over the same rows sent as workbooks and as CSV (issue 19: reading from
# .xlsx within 3× of CSV, memory flat), release build, a quarter of the 1M-row inbox (scale 200).
#
#   scripts/bench-xlsx.sh [ROUNDS]
#
# The workbooks come from `vksict sample --xlsx-share 1`; the CSV files hold the very cells of those
# workbooks, written by openpyxl (pip install openpyxl), so both checks read the same rows.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rounds=${1:-3}
swift build -c release --product vksict >/dev/null
bin=$root/.build/release/vksict
work=$root/.build/bench-xlsx
if [ ! -d "$work/xlsx" ]; then
    rm -rf "$work"; mkdir -p "$work"
    "$bin" sample --out "$work/xlsx" --seed 9 --scale 200 --period 2026-Q3 --error-share 0 --messy-share 0 \
        --xlsx-share 1 --pipeline pipelines/nightly.yaml >/dev/null
    python3 - "$work" <<'PY'
import csv, glob, os, sys, openpyxl
work = sys.argv[1]
for path in glob.glob(work + "/xlsx/*/*.xlsx"):
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    out = path.replace("/xlsx/", "/csv/").replace(".xlsx", ".csv")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        for row in sheet.iter_rows(values_only=True):
            writer.writerow(["" if v is None else str(v).replace(".", ",") if isinstance(v, float) else str(v)
                             for v in row])
PY
fi
for _ in $(seq "$rounds"); do
    for kind in csv xlsx; do
        start=$(date +%s.%N)
        (cd "$work/$kind" && /usr/bin/time -f "%M" -o "$work/peak" "$bin" check --pipeline "$root/pipelines/nightly.yaml" \
            $(find . -name "*.$kind" | sort) >/dev/null)
        end=$(date +%s.%N)
        printf '%-5s %6.2f s   peak %s KB\n' "$kind" "$(echo "$end - $start" | bc)" "$(cat "$work/peak")"
    done
done
