#!/usr/bin/env bash
# The exit-status table in README.md is what pilotti does.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"
README=$PILOTTI_SRC/README.md

test_case "README documents exactly the codes 0, 1 and 2"
codes=$(sed -n '/^### Exit status/,/^## /p' "$README" | grep -oE '^\| [0-9]+ \|' | tr -dc '0-9\n' | tr '\n' ' ')
[ "$codes" = "0 1 2 " ] || fail "README table lists '$codes'"
pass

copy_series "$DATA/mini" ok
copy_series "$DATA/mini" bad
sed -i 's/"format": 1,/"format": 2,/' bad/pilot.json
copy_series "$DATA/mini" warn
echo x > warn/regions/kainuu/notes.txt

test_case "0: done, valid (warnings allowed unless --strict)"
expect_status 0 pilotti -C ok validate
expect_status 0 pilotti -C warn validate && expect_out "1 warning"
expect_status 0 pilotti -C ok fmt --check
expect_status 0 pilotti init fresh
pass

test_case "1: the data has problems, or a change was refused"
expect_status 1 pilotti -C bad validate
expect_status 1 pilotti -C bad validate --format json
expect_status 1 pilotti -C warn validate --strict
expect_status 1 pilotti -C fresh workshop add tp1 --date 2022-13-01 --title X
expect_status 1 pilotti init ok
pass

test_case "2: bad command line, no series, unreadable input"
expect_status 2 pilotti -C ok validate --format xml
expect_status 2 pilotti -C ok validate --rev
expect_status 2 pilotti nonsense
expect_status 2 pilotti -C "$TRASH" validate
expect_status 2 pilotti -C ok validate --rev HEAD
expect_status 2 pilotti -C /nonexistent/folder validate
pass

finish
