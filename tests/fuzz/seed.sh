#!/bin/sh
# Seeds the fuzz corpora from the example series and the test fixtures.
# fuzz_json reads the file kind from the first byte (0 pilot, 1 model,
# 2 logic model, 3 evaluation).  Usage: tests/fuzz/seed.sh OUTDIR
set -eu
out=$1
mkdir -p "$out/json" "$out/md"
find examples tests/data -name '*.json' | while read -r f; do
  case $f in
    */pilot.json) k='\000' ;;
    */model.json) k='\001' ;;
    */logic-model.json) k='\002' ;;
    *) k='\003' ;;
  esac
  { printf "$k"; cat "$f"; } >"$out/json/$(echo "$f" | tr / _)"
done
find examples tests/data -name '*.md' | while read -r f; do
  cp "$f" "$out/md/$(echo "$f" | tr / _)"
done
