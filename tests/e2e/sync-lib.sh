# Helpers for the tests of pilotti sync: a generated series with any number
# of regions, region clones, and many regions committing and syncing at
# the same time.  Sourced after lib.sh.

FACILITATOR="Fasi Litaattori <fasi@thl.example>"

# skip_all REASON: this script cannot run here.  Under `make test`
# (PILOTTI_REQUIRE_SERVERS=1) the servers were installed, so it is a failure.
skip_all() {
  if [ -n "${PILOTTI_REQUIRE_SERVERS:-}" ]; then
    fail "cannot run: $1"
    finish
  fi
  echo "skipped: $1"
  exit 77
}

# with NAME=VALUE... CMD...: run CMD (a shell function too) with these set.
with() {
  (
    while [ "${1#*=}" != "$1" ]; do export "${1?}"; shift; done
    "$@"
  )
}
# without NAME CMD...: run CMD with NAME unset.
without() {
  (
    unset "$1"
    shift
    "$@"
  )
}
# make_series DIR N: a series with one model and regions r01..rN, each
# maintained by "Alue NN <rNN@alue.example>"; committed by the facilitator.
make_series() {
  local dir=$1 n=$2 i
  "$PILOTTI" init "$dir" --title "Testisarja" --author "$FACILITATOR" >/dev/null || return 1
  (
    cd "$dir" || exit 1
    "$PILOTTI" model add etsiva --title "Etsivä sosiaalityö" >/dev/null || exit 1
    for i in $(seq -f '%02g' 1 "$n"); do
      "$PILOTTI" region add "r$i" --name "Alue $i" --model etsiva \
        --maintainer "Alue $i <r$i@alue.example>" >/dev/null || exit 1
    done
    "$PILOTTI" commit -m "Sarja ja $n aluetta" --author "$FACILITATOR" >/dev/null
  )
}

# make_central SRC DEST: the central, bare repository with pilotti's hook.
make_central() {
  git clone -q --bare "$1" "$2" && "$PILOTTI" -C "$2" hook install >/dev/null
}

# region_clone URL DIR NN: a clone for region rNN's maintainer, made by
# pilotti itself (an empty repository, the address, and a first sync).
region_clone() {
  local url=$1 dir=$2 i=$3
  git init -q "$dir" &&
    git -C "$dir" config user.name "Alue $i" &&
    git -C "$dir" config user.email "r$i@alue.example" &&
    "$PILOTTI" -C "$dir" remote set "$url" >/dev/null &&
    "$PILOTTI" -C "$dir" sync >/dev/null
}

# theory NN: the program theory file of region rNN.
theory() {
  echo "regions/r$1/etsiva/program-theory.md"
}

# concurrent_sync CENTRAL N REVS PREFIX: in clones PREFIXNN (made
# already), every region at once appends REVS paragraphs to its program
# theory, committing and syncing after each.  Then checks that every
# revision is on the central main exactly once, every region's file holds
# all its paragraphs, git fsck --strict is clean, and every clone ends
# level with the central main; prints the counts.
concurrent_sync() {
  local central=$1 n=$2 revs=$3 prefix=$4 i k
  local log=$TRASH/$(basename "$prefix").sync-log failed=$TRASH/$(basename "$prefix").failed
  : >"$log"
  : >"$failed"
  local start=$SECONDS pids=""
  for i in $(seq -f '%02g' 1 "$n"); do
    (
      for k in $(seq 1 "$revs"); do
        printf '\nKierros %s: alue %s kokeili uutta työtapaa.\n' "$k" "$i" >>"$prefix$i/$(theory "$i")"
        "$PILOTTI" -C "$prefix$i" commit -m "r$i: kierros $k" >/dev/null 2>"$prefix$i.err" ||
          { echo "commit r$i $k: $(cat "$prefix$i.err")" >>"$failed"; continue; }
        "$PILOTTI" -C "$prefix$i" sync >"$prefix$i.out" 2>"$prefix$i.err" ||
          echo "sync r$i $k: $(cat "$prefix$i.err")" >>"$failed"
        cat "$prefix$i.out" >>"$log"
      done
    ) &
    pids="$pids $!"
  done
  # Only these: a test's servers run in the background too.
  wait $pids
  local took=$((SECONDS - start))
  if [ -s "$failed" ]; then
    fail "some commits or syncs failed:"
    sed 's/^/    /' "$failed" | head -20
  fi
  local subjects on_main dups
  subjects=$(git -C "$central" log --format=%s main | grep -E '^r[0-9]+: kierros [0-9]+$')
  on_main=$(printf '%s\n' "$subjects" | grep -c .)
  dups=$(printf '%s\n' "$subjects" | sort | uniq -d | grep -c .)
  [ "$on_main" -eq $((n * revs)) ] || fail "$on_main revisions on main, want $((n * revs))"
  [ "$dups" -eq 0 ] || fail "$dups revisions are on main twice"
  for i in $(seq -f '%02g' 1 "$n"); do
    for k in $(seq 1 "$revs"); do
      printf '%s\n' "$subjects" | grep -qx "r$i: kierros $k" || fail "lost: r$i: kierros $k"
    done
    local have
    have=$(git -C "$central" show "main:$(theory "$i")" | grep -c '^Kierros ')
    [ "$have" -eq "$revs" ] || fail "region r$i's file holds $have paragraphs, want $revs"
  done
  fsck_clean "$central"
  "$PILOTTI" -C "$central" validate --rev main >/dev/null || fail "the central series is not valid"
  local level=0
  for i in $(seq -f '%02g' 1 "$n"); do
    "$PILOTTI" -C "$prefix$i" sync >/dev/null 2>&1 &&
      [ "$(git -C "$prefix$i" rev-parse HEAD)" = "$(git -C "$central" rev-parse main)" ] &&
      level=$((level + 1))
  done
  [ "$level" -eq "$n" ] || fail "only $level of $n clones are level with the central main"
  local max
  max=$(grep -o 'on try [0-9]*' "$log" | awk '{ if ($3 > m) m = $3 } END { print m + 0 }')
  echo "# $n regions x $revs revisions in ${took}s: $on_main of $((n * revs)) on main," \
    "$(grep -c 'on try' "$log") syncs had to retry (at most $max tries), clones level: $level"
}
