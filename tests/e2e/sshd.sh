# A real OpenSSH server on 127.0.0.1 for the end-to-end tests, sourced after
# lib.sh (which sets $TRASH and HOME=$TRASH/home); never run alone.  Config,
# keys, pid file and log live in $TRASH/sshd and it listens on a free high
# port: /etc/ssh, the system's host keys and ports < 1024 are not touched.
# As a normal user, sshd runs without privilege separation for that user.
#   if reason=$(sshd_skip_reason); then echo "skipped: $reason"; exit 0; fi
#   sshd_start && sshd_install_trap || exit 1
#   git clone "$SSHD_URL_PREFIX$TRASH/central.git"
# Keys are ed25519 (SSHD_KEY_TYPE=ecdsa or rsa for others): libssh2 1.10
# signs RSA only with SHA-1 "ssh-rsa", which OpenSSH 9 refuses unless told.
# libgit2 1.5 without a certificate_check callback checks the host key in
# $HOME/.ssh/known_hosts itself (GIT_ECERTIFICATE if missing or wrong).

: "${TRASH:?sshd.sh needs \$TRASH}"
# sshd re-executes itself for each connection, which needs an absolute path.
SSHD_BIN=${SSHD_BIN:-/usr/sbin/sshd}
SSHD_PID=

# sshd_skip_reason: prints why the server cannot be used here and returns 0,
# or returns 1 when it can.
sshd_skip_reason() {
  local tool shell
  for tool in "$SSHD_BIN" ssh ssh-keygen python3 ps; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool not found"; return 0; }
  done
  "$SSHD_BIN" -V >/dev/null 2>&1 || { echo "$SSHD_BIN does not run"; return 0; }
  # sshd runs the git command through the user's login shell from passwd.
  shell=$(getent passwd "$(id -un 2>/dev/null)" | cut -d: -f7)
  [ -n "$shell" ] || { echo "user $(id -u) has no passwd entry"; return 0; }
  case $shell in */nologin | */false) echo "login shell is $shell"; return 0 ;; esac
  [ -x "$shell" ] || { echo "login shell $shell is not executable"; return 0; }
  # Only a root sshd separates privileges, and it needs the 'sshd' user.
  [ "$(id -u)" -eq 0 ] && ! getent passwd sshd >/dev/null &&
    { echo "no privilege separation user 'sshd'"; return 0; }
  return 1
}

# sshd_free_port: a free port on 127.0.0.1 (sshd_start retries on a race).
sshd_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# sshd_start: starts the server and exports SSHD_PORT, SSHD_USER, SSHD_KEY,
# SSHD_URL_PREFIX, SSHD_HOST_KEY_FP and SSHD_SSH_COMMAND.  Returns 1,
# showing the log, if the server does not come up.
sshd_start() {
  local dir=$TRASH/sshd type=${SSHD_KEY_TYPE:-ed25519} cfg port try i key
  sshd_stop
  mkdir -p "$dir" "$HOME/.ssh" && chmod 700 "$HOME/.ssh" || return 1
  # Host key and client key, neither with a passphrase.
  for key in host id; do
    rm -f "$dir/${key}_$type" "$dir/${key}_$type.pub"
    ssh-keygen -q -t "$type" -N "" -C pilotti-e2e -f "$dir/${key}_$type" </dev/null >/dev/null || return 1
  done
  cp "$dir/id_$type.pub" "$dir/authorized_keys"
  # For code that looks for a default identity under $HOME/.ssh.
  cp "$dir/id_$type" "$dir/id_$type.pub" "$HOME/.ssh/" && chmod 600 "$HOME/.ssh/id_$type"
  # A root sshd insists on its privilege separation chroot; an empty
  # /run/sshd is what the Debian service would create anyway.
  [ "$(id -u)" -eq 0 ] && [ ! -d /run/sshd ] && mkdir -m 0755 /run/sshd
  cfg=$dir/sshd_config
  for try in 1 2 3; do
    port=$(sshd_free_port) || return 1
    cat >"$cfg" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey "$dir/host_$type"
PidFile "$dir/sshd.pid"
AuthorizedKeysFile "$dir/authorized_keys"
PasswordAuthentication ${SSHD_PASSWORDS:-no}
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
# The files are in a temporary folder whose owner and modes do not matter.
StrictModes no
UseDNS no
LogLevel VERBOSE
# git on the server side sees the test's HOME and no system config, as the
# client side does; stock git asks for protocol v2 through GIT_PROTOCOL.
SetEnv "HOME=$HOME" GIT_CONFIG_NOSYSTEM=1
AcceptEnv GIT_PROTOCOL
EOF
    # libssh2 1.10 knows only the SHA-1 signatures for RSA.
    [ "$type" = rsa ] && printf '%s\n' "HostKeyAlgorithms +ssh-rsa" \
      "PubkeyAcceptedAlgorithms +ssh-rsa" >>"$cfg"
    rm -f "$dir/sshd.pid"
    # No inherited descriptors: a test's $(...) must not wait for the server.
    "$SSHD_BIN" -D -e -f "$cfg" </dev/null >"$dir/sshd.log" 2>&1 &
    SSHD_PID=$!
    # sshd writes the pid file only after binding; then the port answers.
    for i in $(seq 100); do
      sshd_alive "$SSHD_PID" || break
      [ -s "$dir/sshd.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
      sleep 0.1
    done
    sshd_alive "$SSHD_PID" && [ -s "$dir/sshd.pid" ] && break
    sshd_stop
    # Lost the race for the port: try another; anything else is fatal.
    [ "$try" -lt 3 ] && grep -q "Address already in use" "$dir/sshd.log" && continue
    echo "sshd did not start:" >&2 && sed 's/^/    sshd: /' "$dir/sshd.log" >&2
    return 1
  done
  # A non-standard port is written [host]:port in known_hosts.
  key=$(cut -d' ' -f1,2 "$dir/host_$type.pub")
  printf '[%s]:%s %s\n' localhost "$port" "$key" 127.0.0.1 "$port" "$key" >"$HOME/.ssh/known_hosts"
  SSHD_PORT=$port
  SSHD_USER=$(id -un)
  SSHD_KEY=$dir/id_$type
  SSHD_URL_PREFIX=ssh://$SSHD_USER@localhost:$SSHD_PORT
  SSHD_HOST_KEY_FP=$(ssh-keygen -l -E sha256 -f "$dir/host_$type.pub" | cut -d' ' -f2)
  # For GIT_SSH_COMMAND: stock ssh reads ~/.ssh of the passwd home, not of
  # $HOME, so name the files (known_hosts quoted, the option takes a list).
  SSHD_SSH_COMMAND="ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes \
-i $(printf %q "$SSHD_KEY") -o StrictHostKeyChecking=yes \
-o $(printf %q "UserKnownHostsFile=\"$HOME/.ssh/known_hosts\"")"
  export SSHD_PORT SSHD_USER SSHD_KEY SSHD_URL_PREFIX SSHD_HOST_KEY_FP SSHD_SSH_COMMAND
}

# sshd_tree PID: the descendants of PID, parents before children.
sshd_tree() {
  ps -e -o pid= -o ppid= | awk -v root="$1" '{ kids[$2] = kids[$2] " " $1 }
    END { n = split(kids[root], q); for (i = 1; i <= n; i++) {
      print q[i]; m = split(kids[q[i]], c); for (j = 1; j <= m; j++) q[++n] = c[j] } }'
}

# sshd_alive PID...: one of them runs (a zombie, awaiting its reaper, does not).
sshd_alive() {
  local IFS=,
  ps -o stat= -p "$*" 2>/dev/null | grep -qv '^Z'
}

# sshd_stop: stops the server and whatever its connections still run; does
# nothing when none runs, so it may be called any number of times.
sshd_stop() {
  local pid=${SSHD_PID:-} kids i
  [ -n "$pid" ] || return 0
  SSHD_PID=
  # Each connection runs in a session of its own, and the command in it (a
  # hung git-receive-pack, say) would outlive the listener: note them all.
  kids=$(sshd_tree "$pid")
  kill -TERM "$pid" $kids 2>/dev/null
  for i in $(seq 50); do sshd_alive "$pid" $kids || break; sleep 0.1; done
  kill -KILL "$pid" $kids 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

# sshd_install_trap: stops the server on exit, before the EXIT trap already
# set (lib.sh's cleanup, which removes $TRASH) runs with the original $?.
sshd_install_trap() {
  local prev
  prev=$(trap -p EXIT)
  case $prev in *sshd_stop*) return 0 ;; esac
  [ -n "$prev" ] && eval "set -- $prev" # trap -- 'COMMAND' EXIT
  trap "sshd_rc=\$?; sshd_stop; (exit \$sshd_rc); ${3:-}" EXIT
}
