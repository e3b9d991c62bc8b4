#!/usr/bin/env bash
# Builds the one file a province runs (SPEC §10): vksict with the Swift runtime linked in
# (`--static-swift-stdlib`), packed with the README's province section into a tarball.
#
#   scripts/release.sh [--out DIR] [--debug]
#
# The tarball `vksict-<version>-linux-<arch>.tar.gz` holds `vksict` and `HUONG-DAN.md`; it is
# byte-for-byte the same for the same binary (sorted entries, fixed times and owners, gzip without
# a name). The binary needs no Swift toolchain: only the C libraries every Debian or Ubuntu desktop
# has (glibc, and libxml2, SQLite, zlib and libxlsxwriter, which `apt install libxml2 libsqlite3-0 zlib1g
# libxlsxwriter4` brings).
# `--debug` packs a debug build (faster to make; what the test of the packing uses).
set -euo pipefail
cd "$(dirname "$0")/.."

out=dist
configuration=release
while [ $# -gt 0 ]; do
    case $1 in
    --out) out=$2; shift 2 ;;
    --debug) configuration=debug; shift ;;
    *) echo "release: unknown option $1 (--out DIR, --debug)" >&2; exit 64 ;;
    esac
done
scratch=.build/static

swift build -c "$configuration" --static-swift-stdlib --product vksict --scratch-path "$scratch" >&2
binary=$scratch/$configuration/vksict
version=$("$binary" --version)
name=vksict-$version-linux-$(uname -m)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name" "$out"
cp "$binary" "$stage/$name/vksict"
# The README's province section, from its heading to the next one.
awk '/^## Dành cho cán bộ CNTT cấp tỉnh/ { on = 1 } /^## / && !/^## Dành cho cán bộ CNTT cấp tỉnh/ { on = 0 } on' \
    README.md > "$stage/$name/HUONG-DAN.md"
tar -C "$stage" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - "$name" \
    | gzip -n -9 > "$out/$name.tar.gz"
echo "$out/$name.tar.gz"
