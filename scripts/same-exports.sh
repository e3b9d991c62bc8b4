#!/usr/bin/env bash
# Shows that two commits write byte-identical exports (issue 17: a reshaping changes no output).
#
#   scripts/same-exports.sh BASE [HEAD] [--sizes sample,1m]
#
# Every file is compared byte for byte, except the `run_id` line of each manifest.json: a run's id
# carries a random suffix, so two runs never share one.
#
# Builds each commit (release, in a worktree of its own under .build/same-exports/), runs
# `vksict run` of each on the same inboxes at the same clock, and compares every file under
# exports/ byte for byte: the bundled sample inbox (sample-data/inbox, with its arrivals file and
# its deliberate errors) and the 1M-row inbox `vksict sample --scale 200 --seed 7` writes. HEAD
# defaults to the working tree's HEAD. Exit 0 when every file is the same, 1 when one differs
# (each difference is named).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

base=${1:?usage: scripts/same-exports.sh BASE [HEAD] [--sizes sample,1m]}
shift
head=HEAD
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then head=$1; shift; fi
sizes=sample,1m
if [ "${1:-}" = "--sizes" ]; then sizes=$2; fi

work=$root/.build/same-exports
mkdir -p "$work"
now=2026-10-10T00:00:00Z

build() {  # commit → path of its vksict
    local commit; commit=$(git rev-parse "$1")
    local tree=$work/tree-$commit
    if [ ! -d "$tree" ]; then git worktree add --detach --force "$tree" "$commit" >/dev/null; fi
    (cd "$tree" && swift build -c release --product vksict 2>&1 | tail -1 >&2)
    echo "$tree/.build/release/vksict"
}

inbox_of() {  # size → inbox folder
    case $1 in
    sample) echo "$root/sample-data/inbox" ;;
    1m)
        local inbox=$work/inbox-1m
        if [ ! -d "$inbox" ]; then
            "$base_tool" sample --out "$inbox.partial" --seed 7 --scale 200 \
                --periods 2025-Q4,2026-Q1,2026-Q2,2026-Q3 >/dev/null
            mv "$inbox.partial" "$inbox"
        fi
        echo "$inbox"
        ;;
    *) echo "same-exports: unknown size $1 (sample, 1m)" >&2; exit 64 ;;
    esac
}

run_exports() {  # tool, inbox, folder → exports written in folder/exports
    local tool=$1 inbox=$2 folder=$3
    rm -rf "$folder"; mkdir -p "$folder"
    local arrivals=""
    [ -f "$inbox/arrivals.csv" ] && arrivals="arrivals: $inbox/arrivals.csv"
    cat > "$folder/pipeline.yaml" <<YAML
inbox: $inbox
archive: $folder/archive
warehouse: $folder/warehouse.sqlite
exports: $folder/exports
reference: $root/pipelines/reference
indicators: $root/pipelines/indicators
tables: $root/pipelines/tables
schema: $root/schemas/submission-v1.xsd
settle_seconds: 0
$arrivals
YAML
    local status=0
    VKSICT_NOW=$now "$tool" run "$folder/pipeline.yaml" >"$folder/run.log" 2>&1 || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 65 ]; then  # 65: the inbox's own errors
        echo "same-exports: $tool exited $status on $inbox (see $folder/run.log)" >&2; exit 1
    fi
}

base_tool=$(build "$base")
head_tool=$(build "$head")
different=0
for size in ${sizes//,/ }; do
    inbox=$(inbox_of "$size")
    run_exports "$base_tool" "$inbox" "$work/run-base-$size"
    run_exports "$head_tool" "$inbox" "$work/run-head-$size"
    a=$work/run-base-$size/exports b=$work/run-head-$size/exports
    if ! diff <(cd "$a" && find . -type f | sort) <(cd "$b" && find . -type f | sort); then
        echo "$size: the two commits wrote different files" >&2; different=1; continue
    fi
    files=0 differing=0
    while IFS= read -r file; do
        files=$((files + 1))
        if [ "$(basename "$file")" = manifest.json ]; then
            same() { cmp -s <(grep -v '"run_id"' "$a/$file") <(grep -v '"run_id"' "$b/$file"); }
        else
            same() { cmp -s "$a/$file" "$b/$file"; }
        fi
        if ! same; then echo "$size: $file differs" >&2; differing=$((differing + 1)); fi
    done < <(cd "$a" && find . -type f | sort)
    if [ "$differing" -eq 0 ]; then
        echo "$size: $files export files, byte-identical ($(git rev-parse --short "$base") vs $(git rev-parse --short "$head"))"
    else
        different=1
    fi
done
exit $different
