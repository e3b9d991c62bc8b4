"""Shared, engine-free parts of the benchmark peers (issue 8): the dataset schemas of SPEC §3, the
reference data, the inbox walk with the file-name, period and header checks, and the output writer.

Everything here is per file or per reference row (a few hundred items), never per data row: the
per-row work (parse, check, deduplicate, aggregate) is done by DuckDB in `duckdb_check.py` and by
polars in `polars_check.py`. Keeping the per-file part in one place makes both peers apply exactly
the same rules, so their outputs can be compared byte for byte.
"""

import csv
import datetime as dt
import gzip
import io
import os
import re
import sys
import unicodedata
from collections import Counter

# Plausibility bounds of CellParser.swift.
MAX_COUNT = 1_000_000_000
MAX_MONEY_DONG = 1_000_000_000_000_000

# (name, Vietnamese label, type, required, code list) in the order of Dataset.swift.
# type: unit | int | money | code | text
SCHEMAS = {
    "staffing": [
        ("unit_code", "Mã đơn vị", "unit", True, None),
        ("total_staff", "Tổng biên chế", "int", True, None),
        ("procurators", "Số kiểm sát viên", "int", True, None),
        ("it_staff", "Cán bộ chuyên trách CNTT", "int", True, None),
        ("it_engineers", "Kỹ sư CNTT", "int", False, None),
    ],
    "hardware": [
        ("unit_code", "Mã đơn vị", "unit", True, None),
        ("category", "Loại thiết bị", "code", True, "device_categories.csv"),
        ("quantity", "Số lượng", "int", True, None),
        ("in_use", "Đang sử dụng", "int", True, None),
        ("broken", "Hỏng", "int", False, None),
        ("acquired_year", "Năm trang bị", "int", True, None),
        ("funding_source", "Nguồn kinh phí", "code", True, "funding_sources.csv"),
        ("protected", "Có phần mềm bảo vệ", "int", False, None),
        ("unit_value", "Đơn giá", "money", False, None),
    ],
    "software": [
        ("unit_code", "Mã đơn vị", "unit", True, None),
        ("software_code", "Mã phần mềm", "code", True, "software_catalog.csv"),
        ("status", "Tình trạng", "code", True, "software_statuses.csv"),
        ("hosting", "Nơi triển khai", "code", False, "hosting_places.csv"),
        ("accounts", "Số tài khoản", "int", False, None),
        ("active_users", "Người dùng hoạt động", "int", False, None),
        ("transactions", "Hồ sơ xử lý điện tử", "int", False, None),
        ("transactions_total", "Tổng hồ sơ", "int", False, None),
    ],
    "spending": [
        ("unit_code", "Mã đơn vị", "unit", True, None),
        ("category", "Nội dung chi", "code", True, "spending_categories.csv"),
        ("funding_source", "Nguồn kinh phí", "code", True, "funding_sources.csv"),
        ("allocated", "Dự toán", "money", True, None),
        ("spent", "Thực hiện", "money", True, None),
        ("amount_unit", "Đơn vị tính", "code", False, "amount_units.csv"),
        ("project_code", "Mã dự án", "text", False, None),
    ],
}

KEYS = {
    "staffing": ["unit_code"],
    "hardware": ["unit_code", "category", "acquired_year", "funding_source"],
    "software": ["unit_code", "software_code"],
    "spending": ["unit_code", "category", "funding_source", "project_code"],
}

DATASETS = ["staffing", "hardware", "software", "spending"]

# What the aggregate sums per dataset: (category column or None, measure column).
AGGREGATE = {
    "staffing": (None, "total_staff"),
    "hardware": ("category", "quantity"),
    "software": ("status", "accounts"),
    "spending": ("category", "spent"),
}

# Characters trimmed from every cell (vksict trims all Unicode white space and folds inner runs).
TRIM = " \t\r\n"
INT_PATTERN = r"^[+-]?[0-9]+$"
DECIMAL_PATTERN = r"^[+-]?[0-9]+\.[0-9]+$"


def read_table(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in rows]


class Reference:
    """pipelines/reference/: unit registry, former provinces, code lists (codes only), amount factors."""

    def __init__(self, folder):
        self.provinces = {r["province_code"] for r in read_table(os.path.join(folder, "provinces.csv"))}
        self.former = {r["old_code"] for r in read_table(os.path.join(folder, "provinces_pre2025.csv"))}
        self.units = []  # (era, code, province, active_from, active_to); era "pre" = before 2025-Q3
        for r in read_table(os.path.join(folder, "units.csv")):
            self.units.append(("post", r["unit_code"], r["province_code"],
                               parse_date(r.get("active_from", "")), parse_date(r.get("active_to", ""))))
        for code in sorted(self.former):
            # Before the merger only provincial procuracies reported, under the former province code.
            self.units.append(("pre", code, code, None, None))
        self.codes = {}
        self.factors = {}
        for file in {c[4] for cols in SCHEMAS.values() for c in cols if c[4]}:
            table = read_table(os.path.join(folder, file))
            self.codes[file] = [r["code"] for r in table]
            if file == "amount_units.csv":
                self.factors = {r["code"]: int(r["factor"]) for r in table}


def parse_date(text):
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


class InboxFile:
    def __init__(self, path, province, period, year, quarter, dataset):
        self.path = path
        self.province = province
        self.period = period
        self.year = year
        self.era = "pre" if (year, quarter) < (2025, 3) else "post"
        self.first_day = dt.date(year, 3 * quarter - 2, 1)
        last_month = 3 * quarter
        next_first = dt.date(year + (last_month == 12), last_month % 12 + 1, 1)
        self.last_day = next_first - dt.timedelta(days=1)
        self.dataset = dataset
        self.names = None  # engine column name for every physical header cell


NAME_RE = re.compile(r"^([0-9]{2})_([^_]*)_([^_]*)\.csv(\.gz)?$")
PERIOD_RE = re.compile(r"^([0-9]{4})-Q([0-9])$")


def today_in_vietnam():
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=7)).date()


def text_key(text):
    """Header matching: NFC, lower case, trimmed, inner white space folded."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def map_header(dataset, header, findings):
    """HeaderMapper.swift without amount units in parentheses: engine names, or None when unusable."""
    schema = SCHEMAS[dataset]
    lookup = {}
    for name, label, _, _, _ in schema:
        lookup[text_key(name)] = name
        lookup[text_key(label)] = name
    width = len(header)
    while width > 0 and not header[width - 1].strip():
        width -= 1
    names, seen, errors, recognised = [], set(), 0, 0
    for position, written in enumerate(header):
        name = lookup.get(text_key(written)) if position < width else None
        if position >= width:
            names.append(f"_pad{position}")
        elif name is None:
            findings["W_UNKNOWN_COLUMN"] += 1
            names.append(f"_unknown{position}")
        elif name in seen:
            findings["E_HEADER_DUPLICATE"] += 1
            errors += 1
            names.append(f"_duplicate{position}")
        else:
            recognised += 1
            seen.add(name)
            names.append(name)
    if recognised == 0:
        findings["W_UNKNOWN_COLUMN"] -= sum(1 for n in names if n.startswith("_unknown"))
        findings["E_HEADER_MISSING"] += 1
        return None
    for name, _, _, required, _ in schema:
        if required and name not in seen:
            findings["E_HEADER_MISSING"] += 1
            errors += 1
    return None if errors else names


def read_header(path):
    """First non-empty line, parsed as CSV (comma, RFC 4180 quotes); None when the file has none."""
    opener = gzip.open if path.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        for raw in handle:
            line = raw.decode("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8").rstrip("\r\n")
            if line:
                return next(csv.reader(io.StringIO(line)))
    return None


def discover(inbox, reference, findings):
    """Every `*.csv` / `*.csv.gz` under the inbox (symlinks not followed), with its name, period and
    header checked. Returns {dataset: [InboxFile with usable header]}; file-level findings go to
    `findings`; files without a single data row are reported later by the engine (E_EMPTY)."""
    today = today_in_vietnam()
    found = {d: [] for d in DATASETS}
    paths = []
    for folder, dirs, files in os.walk(inbox):
        dirs.sort()
        for name in sorted(files):
            lower = name.lower()
            if lower.endswith(".csv") or lower.endswith(".csv.gz"):
                path = os.path.join(folder, name)
                if not os.path.islink(path):
                    paths.append(path)
    for path in paths:
        match = NAME_RE.match(os.path.basename(path).lower())
        if not match or match.group(3) not in SCHEMAS or len(match.group(2)) != 7 or match.group(2)[4] != "-":
            findings["E_FILE_NAME"] += 1
            continue
        province, period_text, dataset = match.group(1), match.group(2).upper(), match.group(3)
        period = PERIOD_RE.match(period_text)
        year, quarter = (int(period.group(1)), int(period.group(2))) if period else (0, 0)
        if not period or not (1 <= quarter <= 4 and 1900 <= year <= 9999):
            findings["E_PERIOD"] += 1
            continue
        file = InboxFile(path, province, period_text, year, quarter, dataset)
        rejected = False
        if file.first_day > today:
            findings["E_PERIOD"] += 1
            rejected = True
        if year < 2000:
            findings["E_PERIOD"] += 1
            rejected = True
        if province not in (reference.former if file.era == "pre" else reference.provinces):
            findings["E_FILE_NAME"] += 1
            rejected = True
        if rejected:
            continue
        try:
            header = read_header(path)
        except (UnicodeDecodeError, OSError, EOFError):
            findings["E_ENCODING" if not path.lower().endswith(".gz") else "E_GZIP"] += 1
            continue
        if header is None:
            findings["E_EMPTY"] += 1
            continue
        file.names = map_header(dataset, header, findings)
        if file.names is not None:
            found[dataset].append(file)
    return found


def write_output(rows, out_path):
    """`province_code,period,dataset,category,rows,total`, byte-order sorted, LF, gzip level 6,
    no time stamp and no file name in the gzip header (so equal content gives equal bytes)."""
    rows = sorted(rows)
    body = io.StringIO()
    body.write("province_code,period,dataset,category,rows,total\n")
    for province, period, dataset, category, count, total in rows:
        body.write(f"{province},{period},{dataset},{category},{int(count)},{int(total)}\n")
    with open(out_path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0) as out:
            out.write(body.getvalue().encode("utf-8"))


def print_findings(findings):
    for code in sorted(c for c, n in findings.items() if n):
        print(f"{code} {findings[code]}", file=sys.stderr)


def new_findings():
    return Counter()
