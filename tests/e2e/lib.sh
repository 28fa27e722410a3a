# Shared set-up for the end-to-end tests, in the manner of git's t/test-lib.sh.
# Each test script sources this file, then calls test_case/expect_* helpers;
# finish prints a summary and exits non-zero if anything failed.  A failed
# check is counted and the script goes on, so one run shows every failure.
set -u

: "${PILOTTI:?PILOTTI must point at the pilotti binary}"
: "${PILOTTI_SRC:?PILOTTI_SRC must point at the source tree}"
TEST_NAME=$(basename "$0" .sh)
TMP_BASE=${PILOTTI_TEST_TMP:-${TMPDIR:-/tmp}}
mkdir -p "$TMP_BASE"
TRASH=$(mktemp -d "$TMP_BASE/$TEST_NAME.XXXXXX")
EXAMPLES=$PILOTTI_SRC/examples/thl-2022
DATA=$PILOTTI_SRC/tests/data

# A home of our own: no user config leaks in, and commits have an author.
export HOME=$TRASH/home
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1
# Never find the repository the tests themselves live in.
export GIT_CEILING_DIRECTORIES=$TMP_BASE
git config --global user.name "Testi Käyttäjä"
git config --global user.email "testi@thl.example"
git config --global init.defaultBranch main
git config --global advice.detachedHead false
unset NO_COLOR GIT_DIR GIT_WORK_TREE
export LC_ALL=C.UTF-8

# Failures are recorded in a file, so that checks made in subshells
# ( cd dir && expect_status ... ) count as well.
FAILURES=$TRASH/.failures
: >"$FAILURES"
tests=0
current=""

failure_count() {
  wc -l <"$FAILURES" | tr -d ' '
}

cleanup() {
  if [ "$(failure_count)" -eq 0 ]; then rm -rf "$TRASH"; fi
}
trap cleanup EXIT

test_case() {
  current=$1
  tests=$((tests + 1))
}

fail() {
  echo "$tests" >>"$FAILURES"
  printf 'not ok %d - %s: %s\n' "$tests" "$current" "$*"
}

# pass: closes a test case, reporting ok unless a check in it failed.
pass() {
  grep -qx "$tests" "$FAILURES" || printf 'ok %d - %s\n' "$tests" "$current"
  return 0
}

# pilotti [args...]: runs the binary (under $PILOTTI_WRAPPER, e.g. valgrind).
pilotti() {
  ${PILOTTI_WRAPPER:-} "$PILOTTI" "$@"
}

# run CMD...: runs a command, keeping its stdout, stderr and exit status in
# $TRASH/out, $TRASH/err and $status.
run() {
  "$@" >"$TRASH/out" 2>"$TRASH/err"
  status=$?
  # Sanitizers and valgrind report with their own exit codes and text.
  if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|^==[0-9]+== [A-Z]' "$TRASH/err"; then
    fail "memory error reported:"
    sed 's/^/    /' "$TRASH/err" | head -40
  fi
}

# expect_status N CMD...: runs CMD and checks its exit status.
expect_status() {
  local want=$1
  shift
  run "$@"
  if [ "$status" -ne "$want" ]; then
    fail "'$*' exited $status, expected $want"
    sed 's/^/    stdout: /' "$TRASH/out" | head -20
    sed 's/^/    stderr: /' "$TRASH/err" | head -20
    return 1
  fi
  return 0
}

# expect_out TEXT / expect_err TEXT: the last run's stdout/stderr holds TEXT.
expect_out() {
  grep -qF -- "$1" "$TRASH/out" || { fail "stdout lacks '$1'"; sed 's/^/    stdout: /' "$TRASH/out" | head -20; return 1; }
}
expect_err() {
  grep -qF -- "$1" "$TRASH/err" || { fail "stderr lacks '$1'"; sed 's/^/    stderr: /' "$TRASH/err" | head -20; return 1; }
}

# test_cmp EXPECTED ACTUAL: files must be equal.
test_cmp() {
  if ! diff -u "$1" "$2" >"$TRASH/diff"; then
    fail "output differs from $(basename "$1"):"
    sed 's/^/    /' "$TRASH/diff" | head -40
    return 1
  fi
}

# fsck_clean REPO: stock git accepts everything in the repository.
fsck_clean() {
  if ! git -C "$1" fsck --strict --no-progress >"$TRASH/fsck" 2>&1; then
    fail "git fsck --strict failed in $1:"
    sed 's/^/    /' "$TRASH/fsck"
    return 1
  fi
}

# copy_series SRC DEST: a writable copy of a series folder.
copy_series() {
  rm -rf "$2"
  cp -R "$1" "$2"
  chmod -R u+w "$2"
}

finish() {
  local failed
  failed=$(sort -u "$FAILURES" | wc -l | tr -d ' ')
  if [ "$failed" -ne 0 ]; then
    printf '%s: %d of %d failed (kept %s)\n' "$TEST_NAME" "$failed" "$tests" "$TRASH"
    exit 1
  fi
  printf '%s: all %d passed\n' "$TEST_NAME" "$tests"
  exit 0
}

