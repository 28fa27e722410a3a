#!/usr/bin/env bash
# The central repository's pre-receive hook, with pushes made by stock git
# over a local path: allowed pushes land; a push into another region, an
# invalid series, personal data, moving or deleting a closed workshop, and
# closing one by a non-facilitator are refused with a message the pusher
# sees, and nothing changes.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"
for tp in tp1 tp2 tp3; do pilotti -C central.git import "$EXAMPLES/$tp" --workshop $tp >/dev/null || fail "import $tp"; done
LM=regions/lappi/etsiva-sosiaalityo/logic-model.json
as_sari() { git -C work -c user.name="Sari Ylitalo" -c user.email=sari.ylitalo@lappi.example "$@"; }
as_laura() { git -C work -c user.name="Laura Hämäläinen" -c user.email=laura.hamalainen@helsinki.example "$@"; }
tip() { git -C central.git rev-parse "$1"; }

test_case "hook install puts pilotti's pre-receive and update hooks into the bare repository"
expect_status 0 pilotti -C central.git hook install && {
  expect_out "Installed the hook $TRASH/central.git/hooks/pre-receive"
  expect_out "Installed the hook $TRASH/central.git/hooks/update"
}
[ -x central.git/hooks/pre-receive ] && [ -x central.git/hooks/update ] || fail "no executable hooks"
grep -q "hook pre-receive" central.git/hooks/pre-receive || fail "the pre-receive hook does not run pilotti"
grep -q 'hook update "\$@"' central.git/hooks/update || fail "the update hook does not run pilotti"
expect_status 0 pilotti -C central.git hook install
printf '#!/bin/sh\nexit 0\n' > other-hook
git init -q --bare other.git && cp other-hook other.git/hooks/pre-receive
expect_status 1 pilotti -C other.git hook install && expect_err "use --force"
[ -e other.git/hooks/update ] && fail "an update hook was written beside a foreign pre-receive hook"
git clone -q central.git work
expect_status 2 pilotti -C work hook install && expect_err "bare repository"
pass

test_case "a maintainer's push to their own region lands"
sed -i 's/"title": "Auto"/"title": "Kaksi autoa"/' work/$LM
as_sari commit -qam "Lappi: toinen auto"
expect_status 0 git -C work push -q origin main
[ "$(tip main)" = "$(git -C work rev-parse HEAD)" ] || fail "the push did not land"
fsck_clean central.git
pass

test_case "a push changing another region's files is refused, with who may"
before=$(tip main)
sed -i 's/"title": "Kaksi autoa"/"title": "Kolme autoa"/' work/$LM
as_laura commit -qam "Helsinki muuttaa Lappia"
expect_status 1 git -C work push -q origin main && {
  expect_err "remote: pilotti: revision"
  expect_err "laura.hamalainen@helsinki.example may not change this file: only the maintainers of region 'lappi'"
  expect_err "the push is refused"
}
[ "$(tip main)" = "$before" ] || fail "main moved"
pass

test_case "the authenticated user counts, not the author written in the revision"
git -C work reset -q --hard origin/main
sed -i 's/"title": "Kaksi autoa"/"title": "Neljä autoa"/' work/$LM
as_sari commit -qam "Sarin nimissä"
expect_status 1 env REMOTE_USER=laura.hamalainen@helsinki.example git -C work push -q origin main && expect_err "laura.hamalainen@helsinki.example may not change this file"
expect_status 0 env REMOTE_USER=sari.ylitalo@lappi.example git -C work push -q origin main
pass

test_case "an invalid series and personal data are refused"
before=$(tip main)
sed -i '0,/"adaptation": "as-is"/s//"adaptation": "asis"/' work/$LM
as_sari commit -qam "Rikki"
expect_status 1 git -C work push -q origin main && expect_err "must be one of 'as-is', 'adapted' or 'own', not 'asis'"
git -C work reset -q --hard origin/main
printf '\nAsiakas 131052-308T.\n' >> work/regions/lappi/etsiva-sosiaalityo/program-theory.md
as_sari commit -qam "Henkilötunnus"
expect_status 1 git -C work push -q origin main && expect_err "looks like a personal identity code (henkilötunnus)"
grep -q "131052-308T" "$TRASH/err" && fail "the code itself was shown"
[ "$(tip main)" = "$before" ] || fail "main moved"
git -C work reset -q --hard origin/main
pass

test_case "a closed workshop can be neither moved nor deleted; main cannot be deleted"
before=$(tip workshop/tp2)
git -C work tag -f workshop/tp2 HEAD >/dev/null
expect_status 1 git -C work push -q -f origin workshop/tp2 && expect_err "workshop 'tp2' is closed: its snapshot can never be moved or deleted"
expect_status 1 git -C work push -q origin :refs/tags/workshop/tp1 && expect_err "workshop 'tp1' is closed"
expect_status 1 git -C work push -q origin :main && expect_err "cannot be deleted"
[ "$(tip workshop/tp2)" = "$before" ] || fail "the closed workshop moved"
pass

test_case "the update hook alone refuses too (for servers that run only it)"
mv central.git/hooks/pre-receive central.git/pre-receive.off
before=$(tip workshop/tp2)
expect_status 1 git -C work push -q -f origin workshop/tp2 && {
  expect_err "remote: pilotti: workshop 'tp2' is closed: its snapshot can never be moved or deleted"
  expect_err "hook declined"
}
sed -i 's/"title": "[^"]* autoa"/"title": "Viisi autoa"/' work/$LM
as_laura commit -qam "Helsinki muuttaa Lappia taas" || fail "nothing to commit"
expect_status 1 git -C work push -q origin main && expect_err "laura.hamalainen@helsinki.example may not change this file"
git -C work reset -q --hard origin/main
git -C work tag -f workshop/tp2 "$before" >/dev/null
[ "$(tip workshop/tp2)" = "$before" ] || fail "the closed workshop moved"
mv central.git/pre-receive.off central.git/hooks/pre-receive
pass

test_case "only a facilitator may close a workshop"
git -C work -c user.name="Sari Ylitalo" -c user.email=sari.ylitalo@lappi.example tag -a workshop/tp4 -m "Sari sulkee" HEAD
expect_status 1 git -C work push -q origin workshop/tp4 && expect_err "only the series' facilitators may close workshop 'tp4'"
git -C work tag -d workshop/tp4 >/dev/null
git -C work -c user.name="Riikka Lehtonen" -c user.email=riikka.lehtonen@thl.example tag -a workshop/tp4 -m "Suljettu" HEAD
expect_status 0 git -C work push -q origin workshop/tp4
fsck_clean central.git
pass

finish
