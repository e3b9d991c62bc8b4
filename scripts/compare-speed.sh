#!/usr/bin/env bash
# Times two commits on the same 1M-row inbox, alternately, so that a change can be shown to keep
# the speed (issue 17: a reshaping within noise; issue 18: `check` within 5 %).
#
#   scripts/compare-speed.sh BASE [HEAD] [--repeat 5]
#
# Builds each commit (release, in a worktree under .build/same-exports/, shared with
# scripts/same-exports.sh), then runs, BASE and HEAD in turn, `vksict check --totals` over every
# file of the inbox (bench.sh's section 1 job) and `vksict run` into an empty warehouse (section 2),
# and prints each one's median wall time and HEAD's ratio to BASE. Each commit reads its own
# reference data and XSD.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

base=${1:?usage: scripts/compare-speed.sh BASE [HEAD] [--repeat N]}
shift
head=HEAD
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then head=$1; shift; fi
repeat=5
if [ "${1:-}" = "--repeat" ]; then repeat=$2; fi

work=$root/.build/same-exports
mkdir -p "$work"

tree_of() { echo "$work/tree-$(git rev-parse "$1")"; }
build() {
    local tree; tree=$(tree_of "$1")
    [ -d "$tree" ] || git worktree add --detach --force "$tree" "$(git rev-parse "$1")" >/dev/null
    (cd "$tree" && swift build -c release --product vksict 2>&1 | tail -1 >&2)
}
build "$base"
build "$head"
base_tree=$(tree_of "$base") head_tree=$(tree_of "$head")

inbox=$work/inbox-1m
if [ ! -d "$inbox" ]; then
    "$base_tree/.build/release/vksict" sample --out "$inbox.partial" --seed 7 --scale 200 \
        --periods 2025-Q4,2026-Q1,2026-Q2,2026-Q3 >/dev/null
    mv "$inbox.partial" "$inbox"
fi
mapfile -t files < <(cd "$inbox" && find . -name '*.csv*' ! -name arrivals.csv | sort)

seconds() {  # command… → wall seconds
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || [ $? -eq 65 ]
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
check_job() {  # tree
    (cd "$inbox" && seconds "$1/.build/release/vksict" check --pipeline "$1/pipelines/nightly.yaml" \
        --totals "$work/totals.csv.gz" "${files[@]}")
}
run_job() {  # tree
    local folder=$work/speed-run
    rm -rf "$folder"; mkdir -p "$folder"
    cat > "$folder/pipeline.yaml" <<YAML
inbox: $inbox
archive: $folder/archive
warehouse: $folder/warehouse.sqlite
exports: $folder/exports
reference: $1/pipelines/reference
indicators: $1/pipelines/indicators
tables: $1/pipelines/tables
schema: $1/schemas/submission-v1.xsd
settle_seconds: 0
YAML
    VKSICT_NOW=2026-10-10T00:00:00Z seconds "$1/.build/release/vksict" run "$folder/pipeline.yaml"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

for job in check_job run_job; do
    : > "$work/$job.base"; : > "$work/$job.head"
    for _ in $(seq "$repeat"); do
        $job "$base_tree" >> "$work/$job.base"
        $job "$head_tree" >> "$work/$job.head"
    done
    b=$(median < "$work/$job.base") h=$(median < "$work/$job.head")
    printf '%-10s %s %6.2f s   %s %6.2f s   ratio %.3f   (median of %d, alternating)\n' "${job%_job}" \
        "$(git rev-parse --short "$base")" "$b" "$(git rev-parse --short "$head")" "$h" "$(echo "$h / $b" | bc -l)" "$repeat"
done
