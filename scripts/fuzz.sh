#!/usr/bin/env bash
# Runs the libFuzzer targets of Fuzz/ for a while each (issue 7).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      (default 60 s; FuzzCSV FuzzNumbers FuzzEncoding FuzzXML FuzzXLSX)
#
# Builds with -sanitize=fuzzer,address (about 3 minutes the first time), seeds each target with the
# sample data and the kept regression inputs of Tests/FuzzRegressions/<target>/, and writes any crash
# to Fuzz/crashes/<target>/. A crash found is fixed, and its input is added to
# Tests/FuzzRegressions/<target>/, which the normal tests replay (FuzzRegressionTests).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzCSV FuzzNumbers FuzzEncoding FuzzXML FuzzXLSX)

cd Fuzz
# Swift's own crash backtracer would stand in libFuzzer's way when a target traps.
export SWIFT_BACKTRACE=enable=no
for target in "${targets[@]}"; do
    swift build -c debug --product "$target" -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld >/dev/null
done
for target in "${targets[@]}"; do
    corpus=corpus/$target
    mkdir -p "$corpus" "crashes/$target" "$root/Tests/FuzzRegressions/$target"
    # Seeds: a few real submissions of each kind.
    case "$target" in
        FuzzCSV|FuzzEncoding) find "$root/sample-data/inbox" -name '*.csv' | sort | head -20 | xargs -I{} cp {} "$corpus/" || true ;;
        FuzzXML) find "$root/sample-data/inbox" -name '*.xml' | sort | head -5 | xargs -I{} cp {} "$corpus/" || true ;;
        FuzzXLSX) ;;  # seeded by its regression inputs: a workbook and sheet parts
        FuzzNumbers) printf '1.234.567' > "$corpus/a"; printf '125,36' > "$corpus/b"; printf '05/10/2026' > "$corpus/c" ;;
    esac
    echo "== $target: $seconds s"
    ".build/debug/$target" "$corpus" "$root/Tests/FuzzRegressions/$target" -max_total_time="$seconds" \
        -max_len="$([ "$target" = FuzzXLSX ] && echo 32768 || echo 4096)" -artifact_prefix="crashes/$target/" -print_final_stats=1 2>&1 \
        | grep -E "stat::number_of_executed_runs|stat::peak_rss_mb|ERROR|SUMMARY|Done|Test unit written" || true
done
