#!/usr/bin/env python3
"""The measuring half of scripts/bench.sh (issue 8); run that script, not this one.

Every command runs under /usr/bin/time -v; its wall time and peak RSS are read back from it.
Peers and vksict run alternately, and the median of the repetitions is reported, so a slow
moment of the machine does not fall on one tool only.
"""

import argparse
import datetime
import gzip
import hashlib
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VKSICT = os.path.join(ROOT, ".build", "release", "vksict")
REFERENCE = os.path.join(ROOT, "pipelines", "reference")
PEERS = os.path.join(ROOT, "scripts", "peers")
PERIODS = "2025-Q4,2026-Q1,2026-Q2,2026-Q3"
# `sample --scale` (hardware and spending grow with it, not linearly): 8 gives 107 048 rows over the four
# quarters, 200 gives 1 056 241, 2200 gives 7 280 241, so 3100 about 10M.
SCALES = {"100k": 8, "1m": 200, "10m": 3100}
# The clock the runs see: after 2026-Q3's deadline, so each province's files of earlier quarters count as late.
NOW = "2026-10-10T00:00:00Z"
# A file held back from the first run, sent the next night (target 4).
LATE_FILE = os.path.join("01", "01_2026-Q3_hardware.csv")
# And the heaviest kind of night beside it: a province revises its largest return, spending.
REVISED_FILE = os.path.join("01", "01_2026-Q3_spending.csv")
REVISED_COPY = os.path.join("01", "revised", "01_2026-Q3_spending.csv")


def timed(command, env=None):
    """Runs `command`; returns (seconds, peak RSS in KiB, its output: stdout, then stderr)."""
    result = subprocess.run(["/usr/bin/time", "-v"] + command, cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    report = result.stderr
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", report)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    if wall is None or rss is None:
        sys.exit(f"bench: no timing for {' '.join(command)}:\n{report}")
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    if result.returncode not in (0, 65):   # 65: findings with errors, still a complete run
        sys.exit(f"bench: {' '.join(command)} exited {result.returncode}:\n{result.stdout[-2000:]}\n{report[-2000:]}")
    # Stage summaries go to standard error, before time's own report.
    return seconds, int(rss.group(1)), result.stdout + report.split("\tCommand being timed")[0]


def content_digest(path):
    """SHA-256 of a gzipped CSV's text, ignoring a BOM and CR: vksict writes exports for Excel, the peers plain."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def sample(work, size, xml=False):
    inbox = os.path.join(work, f"inbox-{size}{'-xml' if xml else ''}")
    if not os.path.isdir(inbox):
        subprocess.run([VKSICT, "sample", "--out", inbox + ".partial", "--seed", "7", "--scale", str(SCALES[size]),
                        "--periods", PERIODS, "--error-share", "0", "--messy-share", "0",
                        "--xml-share", "1" if xml else "0"], cwd=ROOT, check=True, capture_output=True)
        # The runs stand on a fixed clock (NOW), not on the sample's arrival times; the peers read
        # every file of the inbox as a return.
        os.remove(os.path.join(inbox + ".partial", "arrivals.csv"))
        os.rename(inbox + ".partial", inbox)
    return inbox


def files_of(inbox):
    return sorted(os.path.join(folder, name) for folder, _, names in os.walk(inbox) for name in names)


def count_rows(inbox):
    rows = 0
    for path in files_of(inbox):
        with open(path, "rb") as f:
            rows += max(f.read().count(b"\n") - 1, 0)
    return rows


def check_job(work, size, repeat, peers):
    """Target 1: checks + the aggregate, gzipped; every tool's aggregate must be the same."""
    inbox = sample(work, size)
    files = files_of(inbox)
    def peer_command(peer):
        return lambda out: [sys.executable, os.path.join(PEERS, f"{peer}_check.py"), inbox, REFERENCE, out]

    tools = {"vksict check": lambda out: [VKSICT, "check", "--totals", out] + files}
    for peer in peers:
        tools[peer] = peer_command(peer)
    times = {tool: [] for tool in tools}
    memory = {tool: [] for tool in tools}
    digests = {}
    for _ in range(repeat):
        for tool, command in tools.items():
            out = os.path.join(work, f"totals-{tool.split()[0]}-{size}.csv.gz")
            seconds, rss, _ = timed(command(out))
            times[tool].append(seconds)
            memory[tool].append(rss)
            digests[tool] = content_digest(out)
    return {tool: (statistics.median(times[tool]), max(memory[tool]), digests[tool]) for tool in tools}


def stage_seconds(output):
    """`normalize: 544 tệp, 1056241 dòng, 0 bị từ chối, 8,69 giây` → {"normalize": (files, rows, 8.69)}."""
    stages = {}
    for match in re.finditer(r"^(\w+): (\d+) tệp, (\d+) dòng, \d+ bị từ chối, ([\d,]+) giây", output, re.M):
        stages[match.group(1)] = (int(match.group(2)), int(match.group(3)), float(match.group(4).replace(",", ".")))
    stages["loaded by validate"] = (0, loaded_rows(output), 0.0)
    return stages


def loaded_rows(output):
    """The rows `validate` loaded as it checked them (`run`): `… — đã nạp luôn 544 tệp được nhận (1056241 dòng) vào kho`."""
    match = re.search(r"^validate: .*đã nạp luôn \d+ tệp được nhận \((\d+) dòng\)", output, re.M)
    return int(match.group(1)) if match else 0


def pipeline_file(work, name, inbox, reference=REFERENCE):
    folder = os.path.join(work, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    path = os.path.join(folder, "pipeline.yaml")
    with open(path, "w") as f:
        f.write(f"""inbox: {inbox}
archive: {folder}/archive
warehouse: {folder}/warehouse.sqlite
exports: {folder}/exports
reference: {reference}
indicators: {ROOT}/pipelines/indicators
tables: {ROOT}/pipelines/tables
schema: {ROOT}/schemas/submission-v1.xsd
settle_seconds: 0
""")
    return path


def run_job(work, size, repeat, xml=False):
    """Target 2 (and 3 with xml): `vksict run` from an empty warehouse; median over `repeat` runs."""
    inbox = sample(work, size, xml=xml)
    results = []
    for _ in range(repeat):
        pipeline = pipeline_file(work, f"run-{size}{'-xml' if xml else ''}", inbox)
        seconds, rss, out = timed([VKSICT, "run", pipeline], env={"VKSICT_NOW": NOW})
        results.append((seconds, rss, stage_seconds(out)))
    results.sort(key=lambda r: r[0])
    seconds, _, stages = results[len(results) // 2]
    return seconds, max(r[1] for r in results), stages


def fact_count(pipeline):
    with sqlite3.connect(os.path.join(os.path.dirname(pipeline), "warehouse.sqlite")) as db:
        return sum(db.execute(f"SELECT COUNT(*) FROM {d}_fact").fetchone()[0]
                   for d in ("staffing", "hardware", "software", "spending"))


def nightly_job(work, size):
    """Target 4: a night with nothing new, then a night with one new province file."""
    inbox = sample(work, size)
    held = os.path.join(work, f"held-{size}")
    os.makedirs(held, exist_ok=True)
    late = os.path.join(inbox, LATE_FILE)
    shutil.move(late, os.path.join(held, "file"))
    try:
        pipeline = pipeline_file(work, f"nightly-{size}", inbox)
        timed([VKSICT, "run", pipeline], env={"VKSICT_NOW": NOW})
        nothing = timed([VKSICT, "run", pipeline], env={"VKSICT_NOW": NOW})
        shutil.copy(os.path.join(held, "file"), late)
        one = timed([VKSICT, "run", pipeline], env={"VKSICT_NOW": NOW})
        facts = fact_count(pipeline)
        # A revision: the same return with one amount changed, which supersedes the one loaded.
        revised = os.path.join(inbox, REVISED_COPY)
        os.makedirs(os.path.dirname(revised), exist_ok=True)
        with open(os.path.join(inbox, REVISED_FILE), "rb") as f:
            lines = f.read().split(b"\n")
        cells = lines[1].split(b",")
        cells[4] = str(int(cells[4]) + 1).encode()   # spent
        lines[1] = b",".join(cells)
        with open(revised, "wb") as f:
            f.write(b"\n".join(lines))
        revision = timed([VKSICT, "run", pipeline], env={"VKSICT_NOW": NOW})
        revision_rows = len(lines) - 2
    finally:
        if not os.path.exists(late):
            shutil.move(os.path.join(held, "file"), late)
        shutil.rmtree(os.path.join(inbox, os.path.dirname(REVISED_COPY)), ignore_errors=True)
    periods = stage_seconds(one[2]).get("aggregate", (0, 0, 0))[0]
    return facts, nothing[0], nothing[1], one[0], one[1], periods, revision[0], revision[1], revision_rows


def recheck_job(work, size):
    """A reference change that lets 34 refused files through: each province's extra staffing file of
    2026-Q3 names a regional unit the registry lacks (P-99); Cục 2 registers the 34 units, and the
    next night checks the 34 files again, accepts them and recomputes every period."""
    inbox = sample(work, size)
    reference = os.path.join(work, f"recheck-reference-{size}")
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(REFERENCE, reference)
    with open(os.path.join(reference, "provinces.csv")) as f:
        provinces = [line.split(",")[0] for line in f.read().splitlines()[1:] if line]
    added = []
    try:
        pipeline = pipeline_file(work, f"recheck-{size}", inbox, reference=reference)
        timed([VKSICT, "run", pipeline], env={"VKSICT_NOW": NOW})
        for code in provinces:
            folder = os.path.join(inbox, code, "recheck")
            os.makedirs(folder, exist_ok=True)
            added.append(folder)
            with open(os.path.join(folder, f"{code}_2026-Q3_staffing.csv"), "w") as f:
                f.write(f"unit_code,total_staff,procurators,it_staff\n{code},100,40,4\n{code}-99,30,10,1\n")
        _, _, refused = timed([VKSICT, "run", pipeline], env={"VKSICT_NOW": NOW})
        rejected = stage_seconds(refused).get("validate", (0, 0, 0))[0]
        with open(os.path.join(reference, "units.csv"), "a") as f:
            for code in provinces:
                f.write(f"{code}-99,Viện kiểm sát nhân dân khu vực 99,{code},regional,2025-07-01,\n")
        seconds, rss, out = timed([VKSICT, "run", pipeline], env={"VKSICT_NOW": NOW})
    finally:
        for folder in added:
            shutil.rmtree(folder, ignore_errors=True)
    return rejected, seconds, rss, stage_seconds(out)


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
            memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores ({model}){memory}, {platform.system()} {platform.release()}"


def peer_versions(peers):
    versions = []
    for peer in peers:
        module = __import__(peer)
        versions.append(f"{peer} {module.__version__}")
    return ", ".join(versions)


def verdict(ok):
    return "met" if ok else "**not met**"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--main-size", default="1m", help="the inbox of targets 1–4 (100k for a quick try)")
    parser.add_argument("--work", default="/tmp/vksict-bench")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--only", default="1,2,4,4b,5",
                        help="sections to run, comma-separated (1 check, 2 run, 4 nights, 4b re-check, 5 sizes)")
    args = parser.parse_args()
    only = set(args.only.split(","))
    if args.write_docs and only != {"1", "2", "4", "4b", "5"}:
        sys.exit("bench: --write-docs writes the whole table: run every section")
    sizes = args.sizes.split(",")
    os.makedirs(args.work, exist_ok=True)

    peers = []
    for peer in ("duckdb", "polars"):
        try:
            __import__(peer)
            peers.append(peer)
        except ImportError:
            print(f"bench: {peer} not installed, left out", file=sys.stderr)

    lines = []
    say = lambda text="": (print(text, flush=True), lines.append(text))
    main_size = args.main_size
    rows_1m = count_rows(sample(args.work, main_size))

    # 1. check + aggregate beside the peers.
    check = check_job(args.work, main_size, args.repeat, peers) if "1" in only else {}
    if "1" in only:
        section_check(check, rows_1m, args, say)
    targets = targets_of_check(check) if "1" in only else []
    if "2" in only:
        section_run(check, rows_1m, args, main_size, say, targets)
    if "4" in only:
        section_nights(args, sizes, main_size, say, targets)
    if "4b" in only:
        section_recheck(args, main_size, rows_1m, say, targets)
    if "5" in only:
        section_sizes(args, sizes, main_size, rows_1m, say, targets)
    finish(args, peers, lines, say, targets)


def section_check(check, rows_1m, args, say):
    say(f"### 1. Check every rule and write the aggregate, gzipped: {rows_1m:,} rows, 544 CSV files, "
        f"median of {args.repeat}")
    say()
    say("| tool | wall time | rows/s | peak RSS | same aggregate as vksict |")
    say("|---|---:|---:|---:|---|")
    ours = check["vksict check"]
    for tool, (seconds, rss, digest) in check.items():
        same = "—" if tool == "vksict check" else ("yes" if digest == ours[2] else "**NO**")
        say(f"| {tool} | {seconds:.2f} s | {rows_1m / seconds:,.0f} | {rss / 1024:.1f} MiB | {same} |")
    say()


def targets_of_check(check):
    ours = check["vksict check"]
    targets = []
    for peer, bound in (("duckdb", 0.7), ("polars", 0.8)):
        if peer in check:
            ratio = ours[0] / check[peer][0]
            targets.append(f"check ≤ {bound}× {peer}: {ratio:.2f}× — {verdict(ratio <= bound)}")
    targets.append(f"check peak memory ≤ 32 MiB: {ours[1] / 1024:.1f} MiB — {verdict(ours[1] <= 32 * 1024)}")
    return targets


def section_run(check, rows_1m, args, main_size, say, targets):
    # 2. and 3. the whole run, CSV and XML.
    repeat_runs = max(1, min(args.repeat, 3))
    run_seconds, run_rss, stages = run_job(args.work, main_size, repeat_runs)
    xml_seconds, xml_rss, xml_stages = run_job(args.work, main_size, repeat_runs, xml=True)
    say(f"### 2–3. `vksict run` from an empty warehouse (hash, archive, validate, normalise, load, aggregate, "
        f"export), median of {repeat_runs}")
    say()
    say("| input | wall time | rows/s | peak RSS | ingest | validate | normalize | aggregate | export |")
    say("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, seconds, rss, st in (("CSV", run_seconds, run_rss, stages), ("XML (same rows)", xml_seconds, xml_rss, xml_stages)):
        cells = " | ".join(f"{st.get(s, (0, 0, 0))[2]:.2f} s" for s in ("ingest", "validate", "normalize", "aggregate", "export"))
        say(f"| {label} | {seconds:.2f} s | {rows_1m / seconds:,.0f} | {rss / 1024:.1f} MiB | {cells} |")
    say()
    # In `run`, validate loads the rows as it checks them and normalize finds nothing left: the rate
    # is the rows loaded over both stages' time (reading and checking the files included).
    load_rate = (stages["loaded by validate"][1] + stages["normalize"][1]) / (stages["validate"][2] + stages["normalize"][2])
    if "duckdb" in check:
        ratio = run_seconds / check["duckdb"][0]
        targets.append(f"run ≤ 2.5× DuckDB's check job: {ratio:.2f}× — {verdict(ratio <= 2.5)}")
    targets.append(f"run peak memory ≤ 64 MiB: {run_rss / 1024:.1f} MiB — {verdict(run_rss <= 64 * 1024)}")
    targets.append(f"fact loading ≥ 300k rows/s (rows loaded ÷ validate and normalize time, reading and checking included): "
                   f"{load_rate:,.0f} rows/s — "
                   f"{verdict(load_rate >= 300_000)}")
    targets.append(f"XML run ≤ 1.6× the CSV run: {xml_seconds / run_seconds:.2f}× — {verdict(xml_seconds / run_seconds <= 1.6)}")


def section_nights(args, sizes, main_size, say, targets):
    # 4. nightly runs over the biggest warehouse measured.
    biggest = "10m" if "10m" in sizes else main_size
    facts, nothing, nothing_rss, one, one_rss, periods, revision, revision_rss, revision_rows = nightly_job(args.work, biggest)
    say(f"### 4. Nightly runs over a warehouse of {facts:,} facts")
    say()
    say("| night | wall time | peak RSS | periods re-aggregated |")
    say("|---|---:|---:|---:|")
    say(f"| nothing new | {nothing:.2f} s | {nothing_rss / 1024:.1f} MiB | 0 |")
    say(f"| one new province file (`{LATE_FILE}`) | {one:.2f} s | {one_rss / 1024:.1f} MiB | {periods} |")
    say(f"| then a revision of `{REVISED_FILE}` ({revision_rows:,} rows, not a target) | {revision:.2f} s | "
        f"{revision_rss / 1024:.1f} MiB | 2 |")
    say()
    scale_note = "" if biggest == "10m" else f" ({facts:,} facts; add 10m to --sizes for 10M)"
    targets.append(f"nothing new ≤ 1 s{scale_note}: {nothing:.2f} s — {verdict(nothing <= 1)}")
    targets.append(f"one new file ≤ 2 s, its quarter and year only{scale_note}: {one:.2f} s, {periods} periods — "
                   f"{verdict(one <= 2 and periods == 2)}")



def section_recheck(args, main_size, rows_1m, say, targets):
    # 4b. a reference change re-checks what it refused.
    refused, recheck, recheck_rss, recheck_stages = recheck_job(args.work, main_size)
    rechecked = recheck_stages.get("validate", (0, 0, 0))
    say(f"### 4b. A reference change that lets {refused} refused files through ({rows_1m:,}-row warehouse)")
    say()
    say("| night | wall time | peak RSS | files checked again | validate | aggregate (every period) | export |")
    say("|---|---:|---:|---:|---:|---:|---:|")
    say(f"| units added to the registry | {recheck:.2f} s | {recheck_rss / 1024:.1f} MiB | {rechecked[0]} | "
        f"{rechecked[2]:.2f} s | {recheck_stages.get('aggregate', (0, 0, 0))[2]:.2f} s | "
        f"{recheck_stages.get('export', (0, 0, 0))[2]:.2f} s |")
    say()
    targets.append(f"re-checking {refused} refused files after a reference change ≤ 5 s: {recheck:.2f} s — "
                   f"{verdict(recheck <= 5 and rechecked[0] == refused == 34)}")



def section_sizes(args, sizes, main_size, rows_1m, say, targets):
    # 5. and 6. memory and time per row across sizes (vksict check).
    say("### 5–6. `vksict check` across sizes (one run each)")
    say()
    say("| rows | wall time | µs per row | peak RSS |")
    say("|---:|---:|---:|---:|")
    curve = {}
    for size in sizes:
        inbox = sample(args.work, size)
        rows = rows_1m if size == main_size else count_rows(inbox)
        out = os.path.join(args.work, f"totals-curve-{size}.csv.gz")
        seconds, rss, _ = timed([VKSICT, "check", "--totals", out] + files_of(inbox))
        curve[size] = (rows, seconds, rss)
        say(f"| {rows:,} | {seconds:.2f} s | {seconds / rows * 1e6:.2f} | {rss / 1024:.1f} MiB |")
    say()
    peaks = [rss for _, _, rss in curve.values()]
    targets.append(f"peak RSS across {', '.join(sizes)} within 1.5×: {max(peaks) / min(peaks):.2f}× — "
                   f"{verdict(max(peaks) / min(peaks) <= 1.5)}")
    if "10m" in curve:
        per_row = lambda size: curve[size][1] / curve[size][0]
        ratio = per_row("10m") / per_row("1m")
        targets.append(f"time per row at 10M ≤ 1.3× at 1M: {ratio:.2f}× — {verdict(ratio <= 1.3)}")


def finish(args, peers, lines, say, targets):
    say("### Targets")
    say()
    for target in targets:
        say(f"- {target}")

    if args.write_docs:
        header = (f"Run on {datetime.date.today().isoformat()} by `scripts/bench.sh --repeat {args.repeat} --sizes {args.sizes} "
                  f"--write-docs` on {machine()}; {peer_versions(peers) or 'no peers'}; vksict release build.")
        section = "<!-- bench:start -->\n" + header + "\n\n" + "\n".join(lines) + "\n<!-- bench:end -->"
        path = os.path.join(ROOT, "docs", "BENCHMARKS.md")
        with open(path) as f:
            text = f.read()
        text = re.sub(r"<!-- bench:start -->.*<!-- bench:end -->", lambda _: section, text, flags=re.S)
        with open(path, "w") as f:
            f.write(text)
        print(f"bench: written to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
