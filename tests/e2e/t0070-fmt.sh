#!/usr/bin/env bash
# pilotti fmt: canonical layout, data unchanged, --check, refusals.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"
copy_series "$DATA/mini" s
LM=regions/kainuu/etsiva-sosiaalityo/logic-model.json

test_case "fmt --check on a canonical series lists nothing, exit 0"
(cd s && expect_status 0 pilotti fmt --check && [ ! -s "$TRASH/out" ] || fail "output on a canonical series")
pass

test_case "fmt restores the canonical layout of a reshuffled, minified file"
cp s/$LM canonical.json
# Minify and put the keys of the top object in reverse order.
awk 'BEGIN{ORS=""} {gsub(/^ +/, ""); print}' s/$LM > s/min.json
mv s/min.json s/$LM
sed -i 's/^{"\$schema": "[^"]*",/{/; s/}$/,"$schema": "..\/..\/..\/schemas\/logic-model.schema.json"}/' s/$LM
(cd s && expect_status 1 pilotti fmt --check && expect_out "not canonical: $LM")
cmp -s s/$LM canonical.json && fail "the test did not change the file"
(cd s && expect_status 0 pilotti fmt && expect_out "formatted $LM")
cmp -s s/$LM canonical.json || { fail "fmt did not restore the canonical bytes"; diff canonical.json s/$LM | head; }
pass

test_case "fmt keeps unknown fields (after the known ones) instead of dropping data"
sed -i 's/"model": "etsiva-sosiaalityo",/"model": "etsiva-sosiaalityo", "huomautus": "säilyy",/' s/$LM
(cd s && expect_status 0 pilotti fmt)
grep -q '"huomautus": "säilyy"' s/$LM || fail "unknown field lost"
[ "$(tail -c 1 s/$LM | od -An -c | tr -d ' ')" = '\n' ] || fail "no final newline"
pass

test_case "fmt leaves a file that does not parse alone and says where it breaks"
printf '{ "region": "kainuu", }\n' > s/regions/kainuu/etsiva-sosiaalityo/evaluation.json
cp s/regions/kainuu/etsiva-sosiaalityo/evaluation.json before.json
(cd s && expect_status 1 pilotti fmt && expect_err "regions/kainuu/etsiva-sosiaalityo/evaluation.json:1:")
cmp -s before.json s/regions/kainuu/etsiva-sosiaalityo/evaluation.json || fail "a broken file was rewritten"
pass

test_case "fmt with paths touches only those"
sed -i 's/^  "format": 1,/"format":1,/' s/pilot.json
(cd s && expect_status 0 pilotti fmt models && [ ! -s "$TRASH/out" ] || fail "fmt models touched other files")
grep -q '^"format":1,' s/pilot.json || fail "pilot.json was changed"
(cd s && expect_status 0 pilotti fmt pilot.json && expect_out "formatted pilot.json")
pass

test_case "fmt outside a series: exit 2"
expect_status 2 pilotti fmt && expect_err "no pilot series here"
pass

finish
