#!/usr/bin/env python3
"""Benchmark peer (issue 8): the job of `vksict check` on an inbox, written in polars (lazy).

    polars_check.py INBOX REFERENCE_DIR OUT.csv.gz

Reads every `<province>_<YYYY-Qn>_<dataset>.csv` under INBOX as text, applies the row checks of
vksict (required cells, integer and money types, bounds, code lists, unit registry, the in-row rules
of RowRules.swift, duplicate keys within a file), prints one `CODE count` line per finding code to
stderr, and writes the aggregate of the rows without errors to OUT.csv.gz. See README.md.
"""

import os
import sys

import polars as pl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as pc  # noqa: E402

C = pl.col


def scan_dataset(dataset, files, file_table):
    """One `scan_csv` per header layout (the files of a layout in one scan), every column String,
    with a row index (file order, for 'first occurrence wins') and the file's attributes."""
    schema = pc.SCHEMAS[dataset]
    layouts = {}
    for file in files:
        layouts.setdefault(tuple(file.names), []).append(file.path)
    frames = []
    for names, paths in sorted(layouts.items()):
        lf = pl.scan_csv(paths, has_header=True, separator=",", quote_char='"', infer_schema=False,
                         new_columns=list(names), row_index_name="rn", include_file_paths="path")
        frames.append(lf.select("rn", "path", *[(C(c[0]) if c[0] in names else pl.lit(None, pl.String).alias(c[0]))
                                                for c in schema]))
    return pl.concat(frames).join(file_table, on="path", how="inner")


def check(dataset, lf, reference, unit_table):
    """The checks of one dataset: parse, unit registry, rules, duplicate keys. Returns the frame
    with `ok`, `category`, `measure` and the finding columns (each a finding code or null)."""
    schema = pc.SCHEMAS[dataset]
    # Cells are trimmed of spaces; an empty cell is null (polars reads an empty field as null).
    trimmed = []
    for name, *_ in schema:
        s = C(name).str.strip_chars(" ")
        trimmed.append(pl.when(s.str.len_bytes() > 0).then(s).alias(f"s_{name}"))
    lf = lf.with_columns(trimmed).drop([c[0] for c in schema])
    lf = lf.join(unit_table, left_on=["era", "s_unit_code"], right_on=["u_era", "u_code"], how="left",
                 coalesce=False)

    # The row's amount unit (blank or not a unit: đồng) as a factor to đồng.
    factor = pl.lit(1, pl.Int64)
    if dataset == "spending":
        factor = (C("v_amount_unit").replace_strict(reference.factors, default=None, return_dtype=pl.Int64)
                  .fill_null(1))

    limit = pc.MAX_MONEY_DONG
    parsed, findings, values = [], [], []
    for name, _, kind, required, codes in schema:
        s = C(f"s_{name}")
        missing = pl.lit("E_REQUIRED" if required else None, pl.String)
        if kind == "int":
            # polars' string-to-integer cast takes digits with an optional sign only.
            i = C(f"i_{name}")
            parsed.append(s.cast(pl.Int64, strict=False).alias(f"i_{name}"))
            findings.append(pl.when(s.is_null()).then(missing).when(i.is_null()).then(pl.lit("E_TYPE"))
                            .when(i.abs() > pc.MAX_COUNT).then(pl.lit("E_RANGE")).alias(f"f_{name}"))
            values.append(pl.when(i.abs() <= pc.MAX_COUNT).then(i).alias(f"v_{name}"))
        elif kind == "money":
            # Whole đồng: the amount times the row's unit factor, exact, rounded half away from zero.
            # Plain integers take an Int64 path (as vksict's parser does); others an exact Decimal.
            # i_: the integer (within 64 bits); m_: written as a decimal; d_: its value (null when
            # beyond DECIMAL(38, 10)); dong_: the value in đồng, null when beyond ±10^18 đồng.
            parsed.append(s.cast(pl.Int64, strict=False).alias(f"i_{name}"))
            decimal = s.str.contains(pc.DECIMAL_PATTERN)
            parsed.append(decimal.alias(f"m_{name}"))
            parsed.append(pl.when(decimal).then(s.cast(pl.Decimal(38, 10), strict=False)).alias(f"d_{name}"))
            i, dong = C(f"i_{name}"), C(f"dong_{name}")
            findings.append(pl.when(s.is_null()).then(missing)
                            .when(i.is_null() & ~C(f"m_{name}")).then(pl.lit("E_TYPE"))
                            .when(dong.is_null()).then(pl.lit("E_RANGE")).alias(f"f_{name}"))
            values.append(dong.alias(f"v_{name}"))
        elif kind == "code":
            v = C(f"v_{name}")
            # The code as written, else the code written in another case (no names, no aliases).
            folded = {c.lower(): c for c in reference.codes[codes]}
            parsed.append(pl.when(s.is_in(reference.codes[codes])).then(s)
                          .otherwise(s.str.to_lowercase().replace_strict(folded, default=None, return_dtype=pl.String))
                          .alias(f"v_{name}"))
            findings.append(pl.when(s.is_null()).then(missing).when(v.is_null()).then(pl.lit("E_CODE"))
                            .alias(f"f_{name}"))
        elif kind == "unit":
            # In the registry (former province codes before 2025-Q3), of the file's province, active.
            u = C(f"u_{name}")
            parsed.append(pl.when(C("u_code").is_null()).then(pl.lit("E_CODE"))
                          .when(C("u_province") != C("province")).then(pl.lit("E_PROVINCE_MISMATCH"))
                          .when((C("u_from") > C("last_day")) | (C("u_to") < C("first_day"))).then(pl.lit("E_CODE"))
                          .alias(f"u_{name}"))
            findings.append(pl.when(s.is_null()).then(missing).otherwise(u).alias(f"f_{name}"))
            values.append(pl.when(u.is_null()).then(s).alias(f"v_{name}"))
        else:  # text: trimmed, inner white space folded (the key compares normalised values)
            values.append(s.str.replace_all(r"\s+", " ").alias(f"v_{name}"))

    dong = []
    for name in [c[0] for c in schema if c[2] == "money"]:
        i, d, f = C(f"i_{name}"), C(f"d_{name}"), C("factor")
        rounded = (d * f).round(0, mode="half_away_from_zero")
        dong.append(pl.when(i.is_not_null()).then(pl.when(i.abs() <= limit // f).then(i * f))
                    .when(d.abs() <= limit).then(pl.when(rounded.abs() <= limit).then(rounded.cast(pl.Int64)))
                    .alias(f"dong_{name}"))

    # In-row rules (RowRules.swift). Each is a column holding its finding code or null.
    def v(name):
        return C(f"v_{name}")

    def at_least(column, minimum):
        return pl.when(v(column) < minimum).then(pl.lit("E_RANGE")).alias(f"r_{column}_min")

    def not_more(column, other):
        return (pl.when((v(column) > v(other)) & (v(column) >= 0) & (v(other) >= 0))
                .then(pl.lit("E_CONSISTENCY")).alias(f"r_{column}_le_{other}"))

    consistency = pl.lit("E_CONSISTENCY")
    key_rules = []
    if dataset == "staffing":
        rules = [at_least("total_staff", 1), at_least("procurators", 0), at_least("it_staff", 0),
                 at_least("it_engineers", 0), not_more("procurators", "total_staff"),
                 not_more("it_staff", "total_staff"), not_more("it_engineers", "it_staff")]
    elif dataset == "hardware":
        rules = [at_least("quantity", 1), at_least("in_use", 0), at_least("broken", 0),
                 at_least("protected", 0), at_least("unit_value", 0),
                 pl.when((v("in_use") >= 0) & (v("quantity") >= 1)
                         & (v("in_use") + pl.max_horizontal(v("broken").fill_null(0), 0) > v("quantity")))
                 .then(consistency).alias("r_in_use_sum"),
                 pl.when((v("acquired_year") < 1990) | (v("acquired_year") > C("year")))
                 .then(pl.lit("E_RANGE")).alias("r_year"),
                 pl.when(v("protected").is_not_null() & v("category").is_not_null()
                         & ~v("category").is_in(["desktop", "laptop", "server"])).then(consistency)
                 .when((v("protected") > v("in_use")) & (v("protected") >= 0) & (v("in_use") >= 0))
                 .then(consistency).alias("r_protected")]
        key_rules = ["r_year"]
    elif dataset == "software":
        rules = [at_least("accounts", 0), at_least("active_users", 0), at_least("transactions", 0),
                 at_least("transactions_total", 0),
                 pl.when((v("status") == "in_use") & C("s_accounts").is_null())
                 .then(pl.lit("E_REQUIRED")).alias("r_accounts_required"),
                 not_more("active_users", "accounts"),
                 pl.when((v("transactions") >= 0) & (v("transactions_total") < v("transactions")))
                 .then(consistency).alias("r_transactions_total")]
    else:
        rules = [at_least("allocated", 0), at_least("spent", 0),
                 pl.when((v("spent") > v("allocated")) & (v("allocated") >= 0))
                 .then(pl.lit("W_OVERSPEND")).alias("w_overspend")]

    finding_columns = [f"f_{c[0]}" for c in schema if c[2] != "text"]
    rule_columns = [r.meta.output_name() for r in rules]
    error_columns = finding_columns + [r for r in rule_columns if not r.startswith("w_")] + ["f_duplicate"]
    keys = pc.KEYS[dataset]
    key_findings = [f"f_{k}" for k in keys if f"f_{k}" in finding_columns] + key_rules
    category, measure = pc.AGGREGATE[dataset]

    lf = (lf.with_columns(parsed)
          .with_columns(factor.alias("factor"))
          .with_columns(dong)
          .with_columns(findings + values)
          .with_columns(rules)
          .with_columns(pl.all_horizontal([C(c).is_null() for c in key_findings]).alias("key_ok")))
    # A key seen before in the same file (keys compare parsed values; null project_codes collide)
    # is E_DUPLICATE_KEY, unless a key cell already has a finding: then the row takes no part.
    first = C("rn").min().over(["fid", "key_ok"] + [f"v_{k}" for k in keys])
    lf = lf.with_columns(pl.when(C("key_ok") & (C("rn") > first)).then(pl.lit("E_DUPLICATE_KEY"))
                         .alias("f_duplicate"))
    lf = lf.select("fid", "province", "period",
                   (v(category) if category else pl.lit("")).alias("category"),
                   pl.all_horizontal([C(c).is_null() for c in error_columns]).alias("ok"),
                   v(measure).fill_null(0).alias("measure"),
                   *finding_columns, *rule_columns, "f_duplicate")
    return lf, finding_columns + rule_columns + ["f_duplicate"]


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: polars_check.py INBOX REFERENCE_DIR OUT.csv.gz")
    inbox, reference_dir, out_path = sys.argv[1:]
    reference = pc.Reference(reference_dir)
    findings = pc.new_findings()
    found = pc.discover(inbox, reference, findings)

    units = list(zip(*reference.units)) or [[], [], [], [], []]
    unit_table = pl.LazyFrame({"u_era": units[0], "u_code": units[1], "u_province": units[2],
                               "u_from": units[3], "u_to": units[4]},
                              schema={"u_era": pl.String, "u_code": pl.String, "u_province": pl.String,
                                      "u_from": pl.Date, "u_to": pl.Date})
    all_files = [f for d in pc.DATASETS for f in found[d]]
    file_table = pl.LazyFrame({
        "path": [f.path for f in all_files], "fid": list(range(len(all_files))),
        "province": [f.province for f in all_files], "period": [f.period for f in all_files],
        "year": [f.year for f in all_files], "first_day": [f.first_day for f in all_files],
        "last_day": [f.last_day for f in all_files], "era": [f.era for f in all_files],
    }, schema={"path": pl.String, "fid": pl.Int64, "province": pl.String, "period": pl.String,
               "year": pl.Int64, "first_day": pl.Date, "last_day": pl.Date, "era": pl.String})

    queries, kinds = [], []
    for dataset in pc.DATASETS:
        files = found[dataset]
        if not files:
            continue
        lf, finding_columns = check(dataset, scan_dataset(dataset, files, file_table), reference, unit_table)
        lf = lf.cache()
        queries.append(lf.group_by("province", "period", "category")
                       .agg(C("ok").sum().alias("rows"), C("measure").filter(C("ok")).cast(pl.Int128).sum().alias("total"))
                       .filter(C("rows") > 0)
                       .with_columns(pl.lit(dataset).alias("dataset")))
        kinds.append("aggregate")
        queries.append(lf.unpivot(on=finding_columns, index=[]).drop_nulls("value")
                       .group_by("value").len())
        kinds.append("findings")
        # A file with a header and no row is E_EMPTY.
        queries.append(lf.select(C("fid").unique()))
        kinds.append(("present", dataset))

    output = []
    for kind, frame in zip(kinds, pl.collect_all(queries)):
        if kind == "aggregate":
            output += [(r["province"], r["period"], r["dataset"], r["category"], r["rows"], r["total"])
                       for r in frame.iter_rows(named=True)]
        elif kind == "findings":
            for code, count in frame.iter_rows():
                findings[code] += count
        else:
            findings["E_EMPTY"] += len(found[kind[1]]) - frame.height

    pc.write_output(output, out_path)
    pc.print_findings(findings)


if __name__ == "__main__":
    main()
