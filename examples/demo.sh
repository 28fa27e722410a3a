#!/bin/sh
# The demo behind `make demo`: builds the example series' history from its
# three workshop snapshots with `pilotti import` into a new central (bare)
# repository, checks it at each workshop, and says where everything is.
# Usage: examples/demo.sh PILOTTI OUTDIR
set -eu
pilotti=$1
out=$(mkdir -p "$2" && cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
repo=$out/thl-2022.git

rm -rf "$repo"
for tp in tp1 tp2 tp3; do
  "$pilotti" -C "$repo" import "$here/thl-2022/$tp" --workshop "$tp"
done
echo
"$pilotti" -C "$repo" workshop list
for tp in tp1 tp2 tp3; do
  echo
  echo "== workshop/$tp"
  "$pilotti" -C "$repo" validate --rev "workshop/$tp"
  "$pilotti" -C "$repo" validate --rev "workshop/$tp" --format json >"$out/validate-$tp.json"
done
"$pilotti" -C "$repo" report -o "$out/report-tp3.html" >/dev/null
"$pilotti" -C "$repo" report --format md -o "$out/report-tp3.md" >/dev/null
"$pilotti" -C "$repo" report --format csv -o "$out/report-tp3.csv" >/dev/null
echo
echo "The example series with its history (a bare repository): $repo"
echo "  try: $pilotti -C $repo workshop list"
echo "Findings as JSON, one file per workshop: $out/validate-tp1.json, -tp2.json, -tp3.json"
echo "The comparison report at the final seminar (tp3): $out/report-tp3.html"
echo "  also as Markdown and CSV: $out/report-tp3.md, $out/report-tp3.csv"
