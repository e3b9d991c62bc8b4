#!/usr/bin/env bash
# Renders a period's workbook as LibreOffice shows it and saves its first pages as PNG, so anyone
# can see what planners see in Excel (issue 19).
#
#   scripts/workbook-screenshot.sh [PERIOD] [OUT-PREFIX]
#
# Needs LibreOffice and poppler (`apt-get install libreoffice-calc poppler-utils`); runs the nightly
# pipeline on the sample data first if there are no exports yet. Writes OUT-PREFIX-1.png, -2.png, …
# (default var/workbook-PERIOD-N.png), one per printed page of the first sheets.
set -euo pipefail
cd "$(dirname "$0")/.."
period=${1:-2026-Q3}
prefix=${2:-var/workbook-$period}
swift build --product vksict >/dev/null
bin=.build/debug/vksict
[ -f "var/exports/$period/$period.xlsx" ] || "$bin" run --quiet || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf --outdir "$work" \
    "var/exports/$period/$period.xlsx" >/dev/null 2>&1
pdftoppm -png -r 70 -f 1 -l 4 "$work/$period.pdf" "$prefix"
ls "$prefix"-*.png
