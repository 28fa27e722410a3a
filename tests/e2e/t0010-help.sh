#!/usr/bin/env bash
# Every command answers -h with exit 0; pilotti -h lists every command.
. "$(dirname "$0")/lib.sh"

test_case "pilotti -h lists every command"
expect_status 0 pilotti -h
for c in init validate fmt model region workshop facilitator status commit log diff report audit hook show import; do
  grep -qE "^  $c " "$TRASH/out" || fail "'$c' missing from pilotti -h"
done
pass

test_case "every command and subcommand answers -h and --help with exit 0"
for cmd in init validate fmt model region workshop facilitator status commit log diff report audit hook show import \
           "model add" "region add" "region add-model" "workshop add" "workshop close" \
           "workshop list" "facilitator add" "hook install" "hook pre-receive"; do
  for h in -h --help; do
    # shellcheck disable=SC2086
    expect_status 0 pilotti $cmd $h || continue
    expect_out "usage: pilotti" || true
  done
done
pass

test_case "no command: usage on stderr, exit 2"
expect_status 2 pilotti
expect_err "usage: pilotti"
pass

test_case "unknown command and option: exit 2 with a pointer to help"
expect_status 2 pilotti frobnicate
expect_err "'frobnicate' is not a pilotti command"
expect_status 2 pilotti validate --frobnicate
expect_err "unknown option '--frobnicate'"
expect_status 2 pilotti region frobnicate
expect_err "'frobnicate' is not a command here"
pass

test_case "--version names the version"
expect_status 0 pilotti --version
expect_out "pilotti 0."
pass

test_case "a full stdout is a failure, not silence"
if [ -w /dev/full ]; then
  pilotti -h >/dev/full 2>"$TRASH/err"
  status=$?
  [ "$status" -eq 2 ] || fail "writing to /dev/full exited $status, expected 2"
  grep -q "cannot write the output" "$TRASH/err" || fail "no message about the failed write"
fi
pass

finish
