#!/usr/bin/env bash
# Speed and memory of vksict beside DuckDB and polars on the same job (issue 8).
#
#   scripts/bench.sh [--repeat 5] [--sizes 100k,1m] [--write-docs]
#
# Builds release, installs DuckDB and polars into .build/bench-venv with pip (when it can: without
# them vksict alone is measured), generates the inboxes with `vksict sample`, runs each peer and
# vksict alternately, and prints the table (median wall time, rows/s, peak RSS from
# /usr/bin/time -v, the ratios against each target). --write-docs also puts it into
# docs/BENCHMARKS.md with the date and the machine. Add 10m to --sizes for the 10M-row measures
# (about 15 more minutes and 1.5 GB of disk).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product vksict 2>&1 | tail -1
venv=.build/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check duckdb polars \
    || echo "bench: pip could not install duckdb/polars; measuring vksict alone" >&2
exec "$venv/bin/python" scripts/bench.py "$@"
