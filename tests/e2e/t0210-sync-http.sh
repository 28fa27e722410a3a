#!/usr/bin/env bash
# pilotti sync against a real git server on loopback, started here: nginx
# with basic authentication in front of git http-backend (through
# fcgiwrap), over http and https, with pilotti's hook in the central
# repository.  Regions sync with their own credentials: allowed revisions
# land; a revision in another region's folder and moving a closed workshop
# are refused with a message the user sees; a conflict keeps the own
# revision; $SYNC_REGIONS regions (default 14) syncing at once lose nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync-lib.sh"
. "$(dirname "$0")/server.sh"
cd "$TRASH"
if reason=$(server_skip_reason); then skip_all "$reason"; fi
N=${SYNC_REGIONS:-14}
REVS=${SYNC_REVISIONS:-3}
mkdir srv
make_series src "$N" || fail "cannot make the series"
make_central src srv/central.git || fail "cannot make the central repository"
for i in $(seq -f '%02g' 1 "$N"); do server_add_user "r$i@alue.example" "salasana-$i"; done
server_add_user fasi@thl.example fasi-salasana
server_start srv || { fail "the server did not start"; finish; }
URL=$SERVER_HTTP_URL/central.git
main() { git -C srv/central.git rev-parse main; }
# as NN CMD...: run CMD with region rNN's credentials in the environment.
as() {
  local i=$1
  shift
  PILOTTI_USERNAME="r$i@alue.example" PILOTTI_PASSWORD="salasana-$i" "$@"
}

test_case "a region clones and syncs over http with its credentials from the environment"
git init -q a && git -C a config user.name "Alue 01" && git -C a config user.email r01@alue.example
pilotti -C a remote set "$URL" >/dev/null
expect_status 0 as 01 pilotti -C a sync && expect_out "Received 2 revisions"
echo "Ensimmäinen lisäys." >>"a/$(theory 01)"
pilotti -C a commit -m "r01: lisäys" >/dev/null
expect_status 0 as 01 pilotti -C a sync && expect_out "Sent 1 revision"
[ "$(git -C a rev-parse HEAD)" = "$(main)" ] || fail "the revision did not land"
fsck_clean srv/central.git
pass

test_case "credentials from git's credential helper, which is told when they were refused"
git init -q b && git -C b config user.name "Alue 02" && git -C b config user.email r02@alue.example
pilotti -C b remote set "$URL" >/dev/null
cat >"$TRASH/helper" <<EOF
#!/bin/sh
# A credential helper that answers for region r02 and logs what it is asked.
echo "\$1" >>"$TRASH/helper.log"
[ "\$1" = get ] && { cat >/dev/null; echo username=r02@alue.example; echo "password=\$(cat "$TRASH/helper.pw")"; }
exit 0
EOF
chmod +x "$TRASH/helper"
git -C b config credential.helper "$TRASH/helper"
echo salasana-02 >"$TRASH/helper.pw"
expect_status 0 pilotti -C b sync && expect_out "Received 3 revisions"
grep -qx store "$TRASH/helper.log" || fail "the helper was not told the credentials worked"
echo vaara >"$TRASH/helper.pw"
: >"$TRASH/helper.log"
expect_status 2 pilotti -C b sync && expect_err "did not accept the user name and password (tried 3 times)"
grep -qx erase "$TRASH/helper.log" || fail "the helper was not told to forget them"
[ "$(grep -cx get "$TRASH/helper.log")" -le 3 ] || fail "asked the helper more than 3 times"
echo salasana-02 >"$TRASH/helper.pw"
pass

test_case "without credentials, or with a wrong password, sync says so"
expect_status 2 without PILOTTI_USERNAME pilotti -C a sync && expect_err "asks for a user name and password, and none was found: set PILOTTI_USERNAME and PILOTTI_PASSWORD"
expect_status 2 with PILOTTI_USERNAME=r01@alue.example PILOTTI_PASSWORD=vaara pilotti -C a sync &&
  expect_err "did not accept the user name and password"
pass

test_case "a revision in another region's folder is refused by the server, for the authenticated user"
echo "Vieras muutos." >>"b/$(theory 01)"
# Written as if by region r01, sent with r02's credentials: the server
# goes by who signed in.
git -C b commit -qam "r02 muuttaa aluetta r01" --author "Alue 01 <r01@alue.example>"
before=$(main)
expect_status 1 pilotti -C b sync && {
  expect_err "central: pilotti: revision"
  expect_err "r02@alue.example may not change this file: only the maintainers of region 'r01'"
  expect_err "the central repository refused the revisions"
}
[ "$(main)" = "$before" ] || fail "the refused revision landed"
git -C b reset -q --hard origin/main
echo "Oma muutos." >>"b/$(theory 02)"
pilotti -C b commit -m "r02: oma" >/dev/null
expect_status 0 pilotti -C b sync && expect_out "Sent 1 revision"
pass

test_case "main moved on the server while the push was checked: sync sees the refused ref and tries again"
# For one push, the hook first lands another revision, as a push that
# finished a moment earlier would: receive-pack then refuses to move main,
# which libgit2 reports as a status for the ref with a zero return.
mv srv/central.git/hooks/pre-receive srv/central.git/hooks/pilotti-pre-receive
cat >srv/central.git/hooks/pre-receive <<HOOK
#!/bin/sh
if [ ! -e "$TRASH/moved-once" ]; then
  touch "$TRASH/moved-once"
  # Outside the push's quarantine, where git forbids moving refs.
  (
    unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
    new=\$(git commit-tree -p main -m "Samaan aikaan" main^{tree}) && git update-ref refs/heads/main "\$new"
  )
fi
exec "\$(dirname "\$0")/pilotti-pre-receive"
HOOK
chmod +x srv/central.git/hooks/pre-receive
echo "Kilpailu." >>"b/$(theory 02)"
pilotti -C b commit -m "r02: kilpailu" >/dev/null
expect_status 0 pilotti -C b sync && {
  expect_out "Sent on try 2: others sent theirs first"
  expect_out "after the central repository's newer ones"
}
[ "$(git -C srv/central.git log -2 --format=%s main | tr '\n' '|')" = "r02: kilpailu|Samaan aikaan|" ] ||
  fail "central: $(git -C srv/central.git log -2 --format=%s main | tr '\n' '|')"
grep -q "cannot lock ref" "$TRASH/err" && fail "the lost race's server message was shown"
mv srv/central.git/hooks/pilotti-pre-receive srv/central.git/hooks/pre-receive
pass

test_case "a refusal that is no race (the server cannot move main) is reported at once"
echo "Lukittu." >>"b/$(theory 02)"
pilotti -C b commit -m "r02: lukittu" >/dev/null
before=$(main)
touch srv/central.git/refs/heads/main.lock
expect_status 1 pilotti -C b sync && expect_err "the central repository did not take the revisions (refs/heads/main: "
[ "$(main)" = "$before" ] || fail "main moved"
rm -f srv/central.git/refs/heads/main.lock
expect_status 0 pilotti -C b sync && expect_out "Sent 1 revision"
pass

test_case "a closed workshop cannot be moved or deleted through the server"
git init -q fasi && git -C fasi config user.name "Fasi Litaattori" && git -C fasi config user.email fasi@thl.example
pilotti -C fasi remote set "$URL" >/dev/null
export PILOTTI_USERNAME=fasi@thl.example PILOTTI_PASSWORD=fasi-salasana
pilotti -C fasi sync >/dev/null || fail "facilitator's first sync"
pilotti -C fasi workshop add tp1 --date 2023-01-10 --title "1. työpaja" >/dev/null
pilotti -C fasi commit -m "Työpaja tp1" >/dev/null
pilotti -C fasi workshop close tp1 >/dev/null
expect_status 0 pilotti -C fasi sync && expect_out "Sent 1 closed workshop"
tag=$(git -C srv/central.git rev-parse workshop/tp1)
# Stock git, even with the facilitator's credentials and --force.
auth_url="http://fasi%40thl.example:fasi-salasana@${URL#http://}"
git -C fasi tag -f -a workshop/tp1 -m "Siirretty" HEAD~1 >/dev/null
expect_status 1 git -C fasi push -q --force "$auth_url" refs/tags/workshop/tp1 && {
  expect_err "remote: pilotti: workshop 'tp1' is closed: its snapshot can never be moved or deleted"
}
expect_status 1 git -C fasi push -q "$auth_url" :refs/tags/workshop/tp1 && expect_err "remote: pilotti: workshop 'tp1' is closed"
[ "$(git -C srv/central.git rev-parse workshop/tp1)" = "$tag" ] || fail "the tag moved"
unset PILOTTI_USERNAME PILOTTI_PASSWORD
pass

test_case "over https the certificate is checked: trusted through GIT_SSL_CAINFO or http.sslCAInfo"
git init -q s && git -C s config user.name "Alue 03" && git -C s config user.email r03@alue.example
pilotti -C s remote set "$SERVER_HTTPS_URL/central.git" >/dev/null
expect_status 2 as 03 with GIT_SSL_CAINFO=/etc/ssl/certs/ca-certificates.crt pilotti -C s sync &&
  expect_err "cannot be trusted"
expect_status 0 as 03 with GIT_SSL_CAINFO="$SERVER_CA" pilotti -C s sync && expect_out "Received"
git -C s config http.sslCAInfo "$SERVER_CA"
echo "Salattu lisäys." >>"s/$(theory 03)"
pilotti -C s commit -m "r03: https" >/dev/null
expect_status 0 as 03 without GIT_SSL_CAINFO pilotti -C s sync && expect_out "Sent 1 revision"
pass

test_case "two people change the same region file: the second sync stops, the revision is kept"
git init -q a2 && git -C a2 config user.name "Alue 01 toinen" && git -C a2 config user.email r01@alue.example
pilotti -C a2 remote set "$URL" >/dev/null
as 01 pilotti -C a2 sync >/dev/null || fail "a2's first sync"
as 01 pilotti -C a sync >/dev/null || fail "a's sync"
sed -i 's/Ensimmäinen lisäys./Ensimmäinen lisäys, A./' "a/$(theory 01)"
pilotti -C a commit -m "r01: A" >/dev/null
sed -i 's/Ensimmäinen lisäys./Ensimmäinen lisäys, B./' "a2/$(theory 01)"
pilotti -C a2 commit -m "r01: B" >/dev/null
mine=$(git -C a2 rev-parse HEAD)
expect_status 0 as 01 pilotti -C a sync
before=$(main)
expect_status 1 as 01 pilotti -C a2 sync && {
  expect_err "changed the same file as your revision \"r01: B\":"
  expect_err "Nothing was sent and nothing was lost"
}
[ "$(main)" = "$before" ] || fail "the central main moved"
[ "$(git -C a2 rev-parse "refs/pilotti/kept/${mine:0:12}")" = "$mine" ] || fail "the revision is not kept"
[ "$(git -C a2 rev-parse HEAD)" = "$mine" ] || fail "the own main moved"
pass

test_case "$N regions commit and sync at once through the server: nothing is lost"
for i in $(seq -f '%02g' 1 "$N"); do
  as "$i" region_clone "$URL" "p$i" "$i" || fail "clone r$i"
  git -C "p$i" config credential.helper "!f() { cat >/dev/null; echo username=r$i@alue.example; echo password=salasana-$i; }; f"
done
concurrent_sync srv/central.git "$N" "$REVS" "$TRASH/p"
grep -c 'POST /git/central.git/git-receive-pack' "$SERVER_DIR/access.log" |
  sed 's/^/# pushes the server saw: /'
pass

finish
