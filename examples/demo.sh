#!/bin/sh
# The demo behind `make demo`: checks the bundled example series, one
# snapshot per workshop, and says where the results are.
# Usage: examples/demo.sh PILOTTI OUTDIR
set -eu
pilotti=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
status=0
for tp in tp1 tp2 tp3; do
  echo "== examples/thl-2022/$tp"
  "$pilotti" -C "$here/thl-2022/$tp" validate || status=1
  "$pilotti" -C "$here/thl-2022/$tp" validate --format json >"$out/validate-$tp.json" || status=1
done
echo
echo "Findings as JSON, one file per workshop:"
for tp in tp1 tp2 tp3; do
  echo "  $(cd "$out" && pwd)/validate-$tp.json"
done
exit $status
