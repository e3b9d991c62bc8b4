#!/usr/bin/env python3
"""Benchmark peer (issue 8): the job of `vksict check` on an inbox, written in DuckDB.

    duckdb_check.py INBOX REFERENCE_DIR OUT.csv.gz

Reads every `<province>_<YYYY-Qn>_<dataset>.csv` under INBOX as text, applies the row checks of
vksict (required cells, integer and money types, bounds, code lists, unit registry, the in-row rules
of RowRules.swift, duplicate keys within a file), prints one `CODE count` line per finding code to
stderr, and writes the aggregate of the rows without errors to OUT.csv.gz. See README.md.
"""

import os
import sys

import duckdb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as pc  # noqa: E402


def q(text):
    return "'" + str(text).replace("'", "''") + "'"


def date_sql(value):
    return "NULL::DATE" if value is None else f"DATE {q(value.isoformat())}"


def values_table(con, name, columns, rows):
    """A small table from Python rows (reference data, the file list) through a VALUES list."""
    if not rows:
        rows = [tuple("NULL" for _ in columns)]
        where = " WHERE false"
    else:
        where = ""
    body = ", ".join("(" + ", ".join(r) + ")" for r in rows)
    con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM (VALUES {body}) AS t({', '.join(columns)}){where}")


def source_sql(dataset, files, numbered):
    """One `read_csv` per header layout (all files of a layout in one parallel scan), every column
    VARCHAR, each row with its file's id. Appends (id, file) to `numbered`."""
    schema = pc.SCHEMAS[dataset]
    layouts = {}
    for file in files:
        layouts.setdefault(tuple(file.names), []).append(file)
    selects = []
    for names, group in sorted(layouts.items()):
        first = len(numbered)
        numbered += list(enumerate(group, start=first))
        columns = "{" + ", ".join(f"{q(n)}: 'VARCHAR'" for n in names) + "}"
        picked = ", ".join((f'"{c[0]}"' if c[0] in names else f'NULL::VARCHAR AS "{c[0]}"') for c in schema)
        selects.append(f"""
            SELECT {first} + file_index AS fid, {picked}
            FROM read_csv([{', '.join(q(f.path) for f in group)}], header = true, auto_detect = false,
                          columns = {columns}, delim = ',', quote = '"', escape = '"')""")
    return " UNION ALL ".join(selects)


def check_sql(dataset, reference):
    """The checks of one dataset: a query for a table `checked` of every row with its findings but
    the duplicate keys, a query over that table for the aggregate with the duplicates found, and the
    names of the finding columns (each a code or NULL)."""
    schema = pc.SCHEMAS[dataset]
    # Cells are trimmed of spaces; an empty cell is NULL (DuckDB reads an empty field as NULL).
    trimmed = ", ".join(f"NULLIF(trim(r.{c[0]}), '') AS s_{c[0]}" for c in schema)

    # The row's amount unit (blank or not a unit: đồng) as a factor to đồng.
    factor = "1"
    if dataset == "spending":
        cases = " ".join(f"WHEN {q(code)} THEN {f}" for code, f in sorted(reference.factors.items()))
        factor = f"coalesce(CASE v_amount_unit {cases} END, 1)"

    parsed, findings, values = [], [], []
    for name, _, kind, required, codes in schema:
        missing = f"WHEN s_{name} IS NULL THEN {q('E_REQUIRED') if required else 'NULL'}"
        if kind == "int":
            # Digits with an optional sign only: DuckDB's own cast would also take 1.5, 1e3, 0x10, 1_000.
            parsed.append(f"CASE WHEN regexp_full_match(s_{name}, {q(pc.INT_PATTERN)}) "
                          f"THEN TRY_CAST(s_{name} AS BIGINT) END AS i_{name}")
            findings.append(f"CASE {missing} WHEN i_{name} IS NULL THEN 'E_TYPE' "
                            f"WHEN abs(i_{name}) > {pc.MAX_COUNT} THEN 'E_RANGE' END AS f_{name}")
            values.append(f"CASE WHEN abs(i_{name}) <= {pc.MAX_COUNT} THEN i_{name} END AS v_{name}")
        elif kind == "money":
            # Whole đồng: the amount times the row's unit factor, exact, rounded half away from zero.
            # Plain integers take a BIGINT path (as vksict's parser does); others an exact DECIMAL.
            # m_: 1 an integer (within 64 bits), 2 a decimal, NULL not a number; dong_ the value in
            # đồng, NULL when beyond ±10^18 đồng.
            parsed.append(f"""CASE WHEN regexp_full_match(s_{name}, {q(pc.INT_PATTERN)})
                                        THEN CASE WHEN TRY_CAST(s_{name} AS BIGINT) IS NOT NULL THEN 1 END
                                   WHEN regexp_full_match(s_{name}, {q(pc.DECIMAL_PATTERN)}) THEN 2 END AS m_{name}""")
            findings.append(f"CASE {missing} WHEN m_{name} IS NULL THEN 'E_TYPE' "
                            f"WHEN dong_{name} IS NULL THEN 'E_RANGE' END AS f_{name}")
            values.append(f"dong_{name} AS v_{name}")
        elif kind == "code":
            # The code as written, else the code written in another case (no names, no aliases).
            allowed = ", ".join(q(c) for c in reference.codes[codes])
            folded = " ".join(f"WHEN {q(c.lower())} THEN {q(c)}" for c in reference.codes[codes])
            parsed.append(f"CASE WHEN s_{name} IN ({allowed}) THEN s_{name} "
                          f"ELSE CASE lower(s_{name}) {folded} END END AS v_{name}")
            findings.append(f"CASE {missing} WHEN v_{name} IS NULL THEN 'E_CODE' END AS f_{name}")
        elif kind == "unit":
            # In the registry (former province codes before 2025-Q3), of the file's province, active.
            parsed.append(f"""CASE WHEN u.code IS NULL THEN 'E_CODE'
                WHEN u.province <> s.province THEN 'E_PROVINCE_MISMATCH'
                WHEN u.active_from > s.last_day OR u.active_to < s.first_day THEN 'E_CODE' END AS u_{name}""")
            findings.append(f"CASE {missing} ELSE u_{name} END AS f_{name}")
            values.append(f"CASE WHEN u_{name} IS NULL THEN s_{name} END AS v_{name}")
        else:  # text: trimmed, inner white space folded (the key compares normalised values)
            values.append(f"regexp_replace(s_{name}, '\\s+', ' ', 'g') AS v_{name}")

    money = [c[0] for c in schema if c[2] == "money"]
    dong = []
    limit = pc.MAX_MONEY_DONG
    for name in money:
        decimal = f"TRY_CAST(s_{name} AS DECIMAL(38, 10))"
        dong.append(f"""CASE WHEN m_{name} = 1 THEN
                    CASE WHEN abs(TRY_CAST(s_{name} AS BIGINT)) <= {limit} // factor
                         THEN TRY_CAST(s_{name} AS BIGINT) * factor END
                 WHEN m_{name} = 2 AND abs({decimal}) <= {limit} THEN
                    CASE WHEN abs(round({decimal} * factor)) <= {limit}
                         THEN CAST(round({decimal} * factor) AS BIGINT) END
                 END AS dong_{name}""")

    # In-row rules (RowRules.swift). Each is a column holding its finding code or NULL.
    def at_least(column, minimum):
        return f"CASE WHEN v_{column} < {minimum} THEN 'E_RANGE' END AS r_{column}_min"

    def not_more(column, other):
        return (f"CASE WHEN v_{column} > v_{other} AND v_{column} >= 0 AND v_{other} >= 0 "
                f"THEN 'E_CONSISTENCY' END AS r_{column}_le_{other}")

    key_rules = []
    if dataset == "staffing":
        rules = [at_least("total_staff", 1), at_least("procurators", 0), at_least("it_staff", 0),
                 at_least("it_engineers", 0), not_more("procurators", "total_staff"),
                 not_more("it_staff", "total_staff"), not_more("it_engineers", "it_staff")]
    elif dataset == "hardware":
        rules = [at_least("quantity", 1), at_least("in_use", 0), at_least("broken", 0),
                 at_least("protected", 0), at_least("unit_value", 0),
                 """CASE WHEN v_in_use >= 0 AND v_quantity >= 1
                     AND v_in_use + greatest(coalesce(v_broken, 0), 0) > v_quantity
                     THEN 'E_CONSISTENCY' END AS r_in_use_sum""",
                 "CASE WHEN v_acquired_year < 1990 OR v_acquired_year > year THEN 'E_RANGE' END AS r_year",
                 """CASE WHEN v_protected IS NOT NULL AND v_category IS NOT NULL
                         AND v_category NOT IN ('desktop', 'laptop', 'server') THEN 'E_CONSISTENCY'
                     WHEN v_protected > v_in_use AND v_protected >= 0 AND v_in_use >= 0 THEN 'E_CONSISTENCY'
                     END AS r_protected"""]
        key_rules = ["r_year"]
    elif dataset == "software":
        rules = [at_least("accounts", 0), at_least("active_users", 0), at_least("transactions", 0),
                 at_least("transactions_total", 0),
                 "CASE WHEN v_status = 'in_use' AND s_accounts IS NULL THEN 'E_REQUIRED' END AS r_accounts_required",
                 not_more("active_users", "accounts"),
                 """CASE WHEN v_transactions >= 0 AND v_transactions_total < v_transactions
                     THEN 'E_CONSISTENCY' END AS r_transactions_total"""]
    else:
        rules = [at_least("allocated", 0), at_least("spent", 0),
                 "CASE WHEN v_spent > v_allocated AND v_allocated >= 0 THEN 'W_OVERSPEND' END AS w_overspend"]

    finding_columns = [f"f_{c[0]}" for c in schema if c[2] != "text"]
    rule_columns = [r.rsplit(" AS ", 1)[1].strip() for r in rules]
    error_columns = finding_columns + [r for r in rule_columns if not r.startswith("w_")]
    keys = pc.KEYS[dataset]
    key_findings = [f"f_{k}" for k in keys if f"f_{k}" in finding_columns] + key_rules
    key_ok = " AND ".join(f"{c} IS NULL" for c in key_findings)
    category, measure = pc.AGGREGATE[dataset]

    # Every check but the duplicate keys, from the table `raw` of the rows read (whose rowid is the
    # row's place in its file) into a table `checked`.
    checked = f"""
    WITH s AS (
        SELECT r.rowid AS rn, f.fid, f.province, f.period, f.year, f.first_day, f.last_day, f.era, {trimmed}
        FROM raw r JOIN files f ON f.fid = r.fid
    ), p AS (
        SELECT s.*, {', '.join(parsed)}
        FROM s LEFT JOIN unitref u ON u.era = s.era AND u.code = s.s_unit_code
    ), f AS (
        SELECT p.*, {factor} AS factor FROM p
    ), m AS (
        SELECT f.* {''.join(', ' + x for x in dong)} FROM f
    ), v AS (
        SELECT m.*, {', '.join(findings + values)} FROM m
    ), r AS (
        SELECT v.*, {', '.join(rules)} FROM v
    )
    SELECT rn, fid, province, period, {f"v_{category}" if category else "''"} AS category,
           coalesce(v_{measure}, 0) AS measure,
           ({' AND '.join(f'{c} IS NULL' for c in error_columns)}) AS ok,
           ({key_ok}) AS key_ok, {', '.join('v_' + k + ' AS k_' + k for k in keys)},
           {', '.join(finding_columns + rule_columns)}
    FROM r
    """
    # A key seen before in the same file (keys compare parsed values; NULL project_codes collide)
    # is E_DUPLICATE_KEY, unless a key cell already has a finding: then the row takes no part.
    aggregate = f"""
    WITH repeated AS (
        SELECT fid, {', '.join('k_' + k for k in keys)}, min(rn) AS first_rn
        FROM checked WHERE key_ok GROUP BY ALL HAVING count(*) > 1
    ), k AS (
        SELECT c.province, c.period, c.category, c.measure, c.ok, coalesce(c.rn > d.first_rn, false) AS duplicate
        FROM checked c LEFT JOIN repeated d
          ON c.key_ok AND c.fid = d.fid {''.join(f' AND c.k_{k} IS NOT DISTINCT FROM d.k_{k}' for k in keys)}
    )
    SELECT province, period, category, count(*) FILTER (ok AND NOT duplicate),
           sum(measure) FILTER (ok AND NOT duplicate), count(*) FILTER (duplicate)
    FROM k GROUP BY ALL
    """
    return checked, aggregate, finding_columns + rule_columns


def small_tables(con, reference, numbered):
    """The unit registry and the list of files, as tables to join."""
    values_table(con, "unitref", ["era", "code", "province", "active_from", "active_to"],
                 [(q(e), q(c), q(p), date_sql(a), date_sql(b)) for e, c, p, a, b in reference.units])
    values_table(con, "files", ["fid", "province", "period", "year", "first_day", "last_day", "era"],
                 [(str(i), q(f.province), q(f.period), str(f.year), date_sql(f.first_day),
                   date_sql(f.last_day), q(f.era)) for i, f in numbered])


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: duckdb_check.py INBOX REFERENCE_DIR OUT.csv.gz")
    inbox, reference_dir, out_path = sys.argv[1:]
    reference = pc.Reference(reference_dir)
    findings = pc.new_findings()
    found = pc.discover(inbox, reference, findings)

    numbered = []
    sources = {dataset: source_sql(dataset, found[dataset], numbered) for dataset in pc.DATASETS if found[dataset]}
    con = duckdb.connect()
    small_tables(con, reference, numbered)

    output = []
    for dataset, source in sources.items():
        checked, aggregate, finding_columns = check_sql(dataset, reference)
        # Loaded into a table first: DuckDB keeps the insertion order, so rowid is the row's place
        # in its file (later joins may reorder rows), which says which of two equal keys came first.
        con.execute(f"CREATE OR REPLACE TEMP TABLE raw AS {source}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE checked AS {checked}")
        con.execute("DROP TABLE raw")
        for code, count in con.execute(f"""
                SELECT code, count(*) FROM (UNPIVOT checked ON {', '.join(finding_columns)}
                                            INTO NAME finding VALUE code)
                GROUP BY code""").fetchall():
            findings[code] += count
        for province, period, category, rows, total, duplicates in con.execute(aggregate).fetchall():
            findings["E_DUPLICATE_KEY"] += duplicates
            if rows:
                output.append((province, period, dataset, category, rows, total))
        # A file with a header and no row is E_EMPTY.
        (present,) = con.execute("SELECT count(DISTINCT fid) FROM checked").fetchone()
        findings["E_EMPTY"] += len(found[dataset]) - present

    pc.write_output(output, out_path)
    pc.print_findings(findings)


if __name__ == "__main__":
    main()
