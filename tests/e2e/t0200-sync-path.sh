#!/usr/bin/env bash
# pilotti remote and pilotti sync against a central repository on a shared
# file path: revisions combine by region, a true conflict stops with the own
# revision kept, the hook's refusals reach the user, workshops travel both
# ways, and 14 regions syncing at once lose nothing (libgit2's local
# transport has no compare-and-swap; pilotti's own push must not lose any).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync-lib.sh"
cd "$TRASH"
N=${SYNC_REGIONS:-14}
make_series src $N || fail "cannot make the series"
make_central src central.git || fail "cannot make the central repository"
CENTRAL=$TRASH/central.git
main() { git -C central.git rev-parse main; }

test_case "remote shows and sets the central repository's address"
git init -q a
expect_status 1 pilotti -C a remote && expect_err "no central repository is set; set it with: pilotti remote set URL"
expect_status 0 pilotti -C a remote set "$CENTRAL" && expect_out "The central repository (origin) is now $CENTRAL"
expect_status 0 pilotti -C a remote && expect_out "origin	$CENTRAL"
expect_status 0 pilotti -C a remote show && expect_out "origin	$CENTRAL"
[ "$(git -C a config remote.origin.url)" = "$CENTRAL" ] || fail "git does not see the address"
expect_status 2 pilotti -C a remote set "" && expect_err "is not an address of a repository"
git -C a config pilotti.remote keskus
expect_status 1 pilotti -C a remote && expect_err "no central repository is set"
git -C a config --unset pilotti.remote
pass

test_case "a first sync into an empty clone checks out the central main"
git -C a config user.name "Alue 01"
git -C a config user.email r01@alue.example
expect_status 0 pilotti -C a sync && expect_out "Received 2 revisions from the central repository"
[ "$(git -C a rev-parse HEAD)" = "$(main)" ] || fail "main is not the central one"
[ -f "a/$(theory 01)" ] || fail "the files are not there"
[ -z "$(git -C a status --porcelain)" ] || fail "the clone is not clean"
expect_status 0 pilotti -C a sync && expect_out "Up to date with the central repository"
# Progress only on a terminal: nothing of it in a pipe.
[ ! -s "$TRASH/err" ] || fail "sync wrote to stderr in a pipe: $(cat "$TRASH/err")"
pass

test_case "a clone made with git clone works too, and revisions of two regions combine"
git clone -q "$CENTRAL" b
git -C b config user.name "Alue 02"
git -C b config user.email r02@alue.example
echo "Lapin lisäys." >>"a/$(theory 01)"
pilotti -C a commit -m "r01: lisäys" >/dev/null || fail "commit in a"
echo "Toisen alueen lisäys." >>"b/$(theory 02)"
pilotti -C b commit -m "r02: lisäys" >/dev/null || fail "commit in b"
expect_status 0 pilotti -C a sync && expect_out "Sent 1 revision"
expect_status 0 pilotti -C b sync && {
  expect_out "Received 1 revision from the central repository"
  expect_out "Sent 1 revision, after the central repository's newer ones"
}
[ "$(git -C central.git log -2 --format='%s|%an' main | tr '\n' ' ')" = "r02: lisäys|Alue 02 r01: lisäys|Alue 01 " ] ||
  fail "central history: $(git -C central.git log -2 --format='%s|%an' main)"
grep -q "Lapin lisäys." "b/$(theory 01)" || fail "b's files do not have a's change"
[ -z "$(git -C b status --porcelain)" ] || fail "b is not clean"
expect_status 0 pilotti -C a sync && expect_out "Received 1 revision"
[ "$(git -C a rev-parse HEAD)" = "$(main)" ] || fail "a is not level"
fsck_clean central.git
pass

test_case "the same file changed in two clones: the second sync stops and keeps its revision"
git clone -q "$CENTRAL" a2
git -C a2 config user.name "Alue 01 toinen"
git -C a2 config user.email r01@alue.example
sed -i 's/Lapin lisäys./Lapin lisäys, versio A./' "a/$(theory 01)"
pilotti -C a commit -m "r01: versio A" >/dev/null
sed -i 's/Lapin lisäys./Lapin lisäys, versio B./' "a2/$(theory 01)"
pilotti -C a2 commit -m "r01: versio B" >/dev/null
mine=$(git -C a2 rev-parse HEAD)
expect_status 0 pilotti -C a sync
before=$(main)
expect_status 1 pilotti -C a2 sync && {
  expect_err "Alue 01 <r01@alue.example> on the central repository changed the same file as your revision \"r01: versio B\":"
  expect_err "  $(theory 01)"
  expect_err "Nothing was sent and nothing was lost"
  expect_err "refs/pilotti/kept/${mine:0:12} (see it with: pilotti diff refs/remotes/origin/main refs/pilotti/kept/${mine:0:12})"
}
expect_status 0 pilotti -C a2 diff refs/remotes/origin/main "refs/pilotti/kept/${mine:0:12}" && expect_out "r01 / etsiva: 1 program theory section changed"
[ "$(main)" = "$before" ] || fail "the central main moved"
[ "$(git -C a2 rev-parse HEAD)" = "$mine" ] || fail "the own main moved"
[ "$(git -C a2 rev-parse "refs/pilotti/kept/${mine:0:12}")" = "$mine" ] || fail "the revision is not kept"
git -C a2 show "refs/pilotti/kept/${mine:0:12}:$(theory 01)" | grep -q "versio B" || fail "the kept revision lost its change"
pass

test_case "--use-central takes the central version and keeps the own change aside"
expect_status 0 pilotti -C a2 sync --use-central && {
  expect_out "Took the central repository's version of:"
  expect_out "kept as refs/pilotti/kept/${mine:0:12}"
}
[ "$(git -C a2 rev-parse HEAD)" = "$(main)" ] || fail "a2 is not level"
grep -q "versio A" "a2/$(theory 01)" || fail "the central version is not in the file"
git -C a2 rev-parse -q --verify "refs/pilotti/kept/${mine:0:12}" >/dev/null || fail "the kept ref is gone"
pass

test_case "uncommitted edits in the way: nothing is sent and the edit stays"
echo "Uusi kappale." >>"b/$(theory 02)"
pilotti -C b commit -m "r02: uusi" >/dev/null
echo "Keskeneräinen." >>"a2/$(theory 02)"    # in the way of b's change
sed -i 's/versio A/versio A2/' "a/$(theory 01)"
pilotti -C a commit -m "r01: A2" >/dev/null
expect_status 0 pilotti -C b sync
before=$(main)
expect_status 1 pilotti -C a2 sync && {
  expect_err "files you have changed but not committed would be overwritten"
  expect_err "  $(theory 02)"
}
[ "$(main)" = "$before" ] || fail "something was sent"
grep -q "Keskeneräinen." "a2/$(theory 02)" || fail "the edit is gone"
git -C a2 checkout -q -- "$(theory 02)"
expect_status 0 pilotti -C a sync
pass

test_case "the central repository's hook refuses a change to another region, and the user sees why"
echo "Vieras muutos." >>"b/$(theory 03)"
git -C b commit -qam "r02 muuttaa aluetta r03"   # stock git: no local check
before=$(main)
expect_status 1 pilotti -C b sync && {
  expect_err "r02@alue.example may not change this file: only the maintainers of region 'r03'"
  expect_err "the central repository refused the revisions"
}
[ "$(main)" = "$before" ] || fail "the refused revision landed"
git -C b reset -q --hard HEAD~1
pass

test_case "a central main that cannot move is reported at once, not tried again and again"
echo "Lukittu." >>"b/$(theory 02)"
pilotti -C b commit -m "r02: lukittu" >/dev/null
before=$(main)
touch central.git/refs/heads/main.lock
expect_status 1 pilotti -C b sync && expect_err "the central repository did not take the revisions"
[ "$(main)" = "$before" ] || fail "main moved"
rm -f central.git/refs/heads/main.lock
expect_status 0 pilotti -C b sync && expect_out "Sent 1 revision"
pass

test_case "workshops closed centrally arrive; one closed here is sent"
git clone -q "$CENTRAL" fasi
git -C fasi config user.name "Fasi Litaattori"
git -C fasi config user.email fasi@thl.example
pilotti -C fasi workshop add tp1 --date 2023-01-10 --title "1. työpaja" >/dev/null
pilotti -C fasi commit -m "Työpaja tp1" >/dev/null
pilotti -C fasi workshop close tp1 >/dev/null || fail "close"
expect_status 0 pilotti -C fasi sync && expect_out "Sent 1 closed workshop"
[ "$(git -C central.git rev-parse workshop/tp1)" = "$(git -C fasi rev-parse workshop/tp1)" ] || fail "the tag did not arrive"
expect_status 0 pilotti -C b sync && expect_out "Received 1 closed workshop"
[ "$(git -C b rev-parse workshop/tp1)" = "$(git -C central.git rev-parse workshop/tp1)" ] || fail "b has no tag"
pass

test_case "a workshop closed here on a revision the central main will not hold is not sent"
pilotti -C fasi workshop add tp2 --date 2023-05-10 --title "2. työpaja" >/dev/null
pilotti -C fasi commit -m "Työpaja tp2" >/dev/null
pilotti -C fasi workshop close tp2 >/dev/null
echo "Vielä." >>"b/$(theory 02)"
pilotti -C b commit -m "r02: vielä" >/dev/null
pilotti -C b sync >/dev/null
expect_status 0 pilotti -C fasi sync && expect_err "workshop tp2 was closed here on a revision that was since combined with others' revisions, so it was not sent; to close it on the combined series: git tag -d workshop/tp2, then pilotti workshop close tp2"
git -C central.git rev-parse -q --verify refs/tags/workshop/tp2 >/dev/null && fail "tp2 was sent"
pass

test_case "sync refuses a central repository that is not bare, another series, another branch"
git clone -q "$CENTRAL" nb
git clone -q "$TRASH/nb" c
git -C c config user.email r03@alue.example && git -C c config user.name "Alue 03"
echo "Lisäys." >>"c/$(theory 03)" && pilotti -C c commit -m "r03: lisäys" >/dev/null
expect_status 2 pilotti -C c sync && expect_err "must be a bare repository"
make_series other 1 >/dev/null && git clone -q --bare other other.git
git -C c remote set-url origin "$TRASH/other.git"
expect_status 1 pilotti -C c sync && expect_err "no revision in common: they hold different series"
git -C c remote set-url origin "$CENTRAL"
git -C c switch -q -c oma
expect_status 2 pilotti -C c sync && expect_err "sync works on the main branch"
git -C c switch -q main
expect_status 2 pilotti -C central.git sync && expect_err "not in a bare repository"
expect_status 0 pilotti -C c sync && expect_out "Sent 1 revision"
pass

test_case "progress shows on a terminal"
git init -q t && git -C t config user.email r04@alue.example && git -C t config user.name "Alue 04"
pilotti -C t remote set "$CENTRAL" >/dev/null
if script -qec "true" /dev/null >/dev/null 2>&1; then
  script -qec "$PILOTTI -C t sync" /dev/null >"$TRASH/tty" 2>&1 || fail "sync on a terminal failed"
  grep -q "Receiving revisions: 100%" "$TRASH/tty" || fail "no progress: $(cat "$TRASH/tty")"
fi
pass

test_case "$N regions commit and sync at once over the shared file path: nothing is lost"
for i in $(seq -f '%02g' 1 $N); do region_clone "$CENTRAL" "p$i" "$i" || fail "clone r$i"; done
concurrent_sync central.git $N 3 "$TRASH/p"
pass

finish
