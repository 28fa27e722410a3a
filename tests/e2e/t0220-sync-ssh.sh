#!/usr/bin/env bash
# pilotti sync over ssh against a real OpenSSH server on loopback, started
# here: the key is found in ~/.ssh or in the ssh agent, the server's host
# key is checked against ~/.ssh/known_hosts, and the central repository's
# hook (going by the revisions' authors, as ssh passes no web user) refuses
# a revision in another region's folder.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync-lib.sh"
. "$(dirname "$0")/sshd.sh"
cd "$TRASH"
if reason=$(sshd_skip_reason); then skip_all "$reason"; fi
# libgit2 1.5 leaks in every ssh connection (see tests/lsan.supp); its
# frames show in LeakSanitizer's stacks, so that only these are suppressed,
# with the slow unwinder only.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
make_series src 3 || fail "cannot make the series"
make_central src central.git || fail "cannot make the central repository"
# As OpenSSH does by default, the server also offers passwords: the key
# must still be tried first.
SSHD_PASSWORDS=yes sshd_start && sshd_install_trap || { fail "sshd did not start"; finish; }
URL=$SSHD_URL_PREFIX$TRASH/central.git
main() { git -C central.git rev-parse main; }

test_case "a region syncs over ssh with its key from ~/.ssh"
git init -q a && git -C a config user.name "Alue 01" && git -C a config user.email r01@alue.example
pilotti -C a remote set "$URL" >/dev/null
expect_status 0 pilotti -C a sync && expect_out "Received 2 revisions"
echo "Lisäys ssh:n yli." >>"a/$(theory 01)"
pilotti -C a commit -m "r01: ssh" >/dev/null
expect_status 0 pilotti -C a sync && expect_out "Sent 1 revision"
[ "$(git -C a rev-parse HEAD)" = "$(main)" ] || fail "the revision did not land"
fsck_clean central.git
pass

test_case "the key can come from PILOTTI_SSH_KEY or the ssh agent"
mkdir -p "$TRASH/keys" && mv "$HOME"/.ssh/id_* "$TRASH/keys/"
key=$(ls "$TRASH"/keys/id_* | grep -v '\.pub$' | head -1)
expect_status 2 pilotti -C a sync && {
  expect_err "did not accept the ssh key (tried nothing: no ssh agent and no key in ~/.ssh)"
  expect_err "asks for a user name and password, and none was found"
}
expect_status 0 with PILOTTI_SSH_KEY="$key" pilotti -C a sync
if command -v ssh-agent >/dev/null && command -v ssh-add >/dev/null; then
  eval "$(ssh-agent -s -a "$TRASH/agent.sock")" >/dev/null
  ssh-add -q "$key" 2>/dev/null
  expect_status 0 pilotti -C a sync && expect_out "Up to date"
  kill "$SSH_AGENT_PID" 2>/dev/null
  unset SSH_AUTH_SOCK SSH_AGENT_PID
fi
mv "$TRASH"/keys/id_* "$HOME/.ssh/"
pass

test_case "an unknown host key is refused"
mv "$HOME/.ssh/known_hosts" "$TRASH/known_hosts"
expect_status 2 pilotti -C a sync && expect_err "cannot be trusted: its certificate or host key could not be checked (for ssh, it must be in ~/.ssh/known_hosts)"
mv "$TRASH/known_hosts" "$HOME/.ssh/known_hosts"
pass

test_case "without a web user, the hook goes by the revisions' authors"
git init -q b && git -C b config user.name "Alue 02" && git -C b config user.email r02@alue.example
pilotti -C b remote set "$URL" >/dev/null && pilotti -C b sync >/dev/null
echo "Vieras." >>"b/$(theory 01)"
git -C b commit -qam "r02 muuttaa aluetta r01"
before=$(main)
expect_status 1 pilotti -C b sync && {
  expect_err "central: pilotti: revision"
  expect_err "r02@alue.example may not change this file: only the maintainers of region 'r01'"
}
[ "$(main)" = "$before" ] || fail "the refused revision landed"
pass

finish
