# A real git smart-HTTP server for the end-to-end tests: nginx in front of
# git http-backend (run through fcgiwrap), on loopback only, with basic
# authentication, over plain HTTP and over HTTPS signed by a throw-away CA.
# Sourced by a test script after lib.sh has set $TRASH and $HOME; never run
# alone.  Everything it writes (config, logs, pid file, keys, temp files)
# stays in $TRASH/server; no system configuration is read or touched.
#   server_skip_reason         prints why the server cannot run, else returns 1
#   server_add_user NAME PASS  adds a user to the password file
#   server_start ROOT          serves ROOT/*.git; exports SERVER_HTTP_URL,
#                              SERVER_HTTPS_URL and SERVER_CA (CA cert, PEM)
#   server_stop                stops nginx and fcgiwrap; safe to call twice
#   server_install_trap        server_stop at exit (server_start calls it)

: "${TRASH:?server.sh needs \$TRASH}"
SERVER_DIR=$TRASH/server
SERVER_BACKEND=/usr/lib/git-core/git-http-backend
SERVER_NGINX_PID="" SERVER_FCGI_PID=""

# server_tool NAME: the program's path.  nginx and fcgiwrap live in
# /usr/sbin, which is not on an ordinary user's PATH on Debian.
server_tool() {
  command -v "$1" 2>/dev/null || { [ -x "/usr/sbin/$1" ] && echo "/usr/sbin/$1"; }
}

server_skip_reason() {
  local tool
  for tool in nginx fcgiwrap openssl python3; do
    if [ -z "$(server_tool "$tool")" ]; then echo "$tool is not installed"; return 0; fi
  done
  if [ ! -x "$SERVER_BACKEND" ]; then echo "$SERVER_BACKEND is missing"; return 0; fi
  return 1
}

# nginx reads the file on every request, so users can be added at any time.
server_add_user() {
  local hash
  mkdir -p "$SERVER_DIR"
  hash=$(printf '%s\n' "$2" | openssl passwd -apr1 -stdin) || return 1
  printf '%s:%s\n' "$1" "$hash" >>"$SERVER_DIR/htpasswd"
}

# server_make_certs: a CA and a certificate for "localhost" signed by it.
# GnuTLS (under stock git on Debian) insists on the CA being marked as one.
server_make_certs() {
  local d=$SERVER_DIR
  [ -f "$d/server.crt" ] && return 0
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -days 7 -subj "/CN=pilotti test CA" -keyout "$d/ca.key" -out "$d/ca.crt" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" &&
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -subj "/CN=localhost" -keyout "$d/server.key" -out "$d/server.csr" &&
  printf '%s\n' "subjectAltName=DNS:localhost" "basicConstraints=CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$d/server.ext" &&
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
    -CAcreateserial -days 7 -extfile "$d/server.ext" -out "$d/server.crt"
}

# server_pick_ports: prints three free ports on 127.0.0.1, then 1 if
# "localhost" also resolves to ::1 and IPv6 works (clients may try ::1
# first, so the ports must then be free there too), else 0.  All sockets
# are held until every port is chosen, so the three differ.
server_pick_ports() {
  python3 - <<'PY'
import socket
v6 = 0
try:
    if any(a[4][0] == "::1" for a in socket.getaddrinfo("localhost", None)):
        socket.socket(socket.AF_INET6).bind(("::1", 0))
        v6 = 1
except OSError:
    pass
held, ports = [], []
while len(ports) < 3:
    held.append(socket.socket())
    held[-1].bind(("127.0.0.1", 0))
    port = held[-1].getsockname()[1]
    try:
        if v6:
            held.append(socket.socket(socket.AF_INET6))
            held[-1].bind(("::1", port))
        ports.append(port)
    except OSError:
        pass
print(*ports, v6)
PY
}

server_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# server_alive PID: running and not a zombie (kill -0 succeeds on zombies).
server_alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) && [ "${state#Z}" = "$state" ]
}

# server_start ROOT: tries again with new ports if one was taken between
# picking and binding, which can happen when tests run in parallel.
server_start() {
  local root d=$SERVER_DIR attempt
  root=$(cd "$1" && pwd) || return 1
  server_stop
  mkdir -p "$d/tmp" && touch "$d/htpasswd" && server_make_certs >"$d/openssl.log" 2>&1 ||
    { cat "$d/openssl.log" >&2; return 1; }
  for attempt in 1 2 3; do
    server_launch "$root" && return 0
    server_stop
    grep -qi "in use" "$d/error.log" "$d/fcgiwrap.log" 2>/dev/null || break
  done
  echo "server.sh: the server did not start; nginx's error log:" >&2
  cat "$d/error.log" "$d/nginx.out" "$d/fcgiwrap.log" >&2 2>/dev/null
  return 1
}

server_launch() {
  local root=$1 d=$SERVER_DIR http https fcgi v6 listen user_line="" i
  read -r http https fcgi v6 <<<"$(server_pick_ports)"
  [ -n "$v6" ] || { echo "server.sh: could not pick free ports" >&2; return 1; }
  listen="listen 127.0.0.1:$http; listen 127.0.0.1:$https ssl;"
  [ "$v6" = 1 ] && listen="$listen listen [::1]:$http; listen [::1]:$https ssl;"
  # As root, nginx would run its workers as nobody, who cannot enter the
  # private $TRASH to read the password file or write request bodies.
  [ "$(id -u)" -eq 0 ] && user_line="user root;"
  rm -f "$d/error.log" "$d/fcgiwrap.log" "$d/nginx.pid"
  # Request buffering stays on (the default), also for a chunked push (as
  # libgit2 always sends): nginx reads the whole body into $d/tmp first and
  # gives http-backend its exact CONTENT_LENGTH instead of streaming it.
  cat >"$d/nginx.conf" <<EOF
$user_line
worker_processes 1;
daemon off;
pid "$d/nginx.pid";
error_log "$d/error.log" notice;
events { worker_connections 1024; }
http {
  access_log "$d/access.log";
  client_body_temp_path "$d/tmp/body";
  fastcgi_temp_path "$d/tmp/fastcgi";
  proxy_temp_path "$d/tmp/proxy";
  uwsgi_temp_path "$d/tmp/uwsgi";
  scgi_temp_path "$d/tmp/scgi";
  client_max_body_size 0;
  server {
    $listen
    ssl_certificate "$d/server.crt";
    ssl_certificate_key "$d/server.key";
    location /git/ {
      auth_basic "pilotti test server";
      auth_basic_user_file "$d/htpasswd";
      fastcgi_pass 127.0.0.1:$fcgi;
      fastcgi_split_path_info ^(/git)(/.*)\$;
      fastcgi_param SCRIPT_FILENAME $SERVER_BACKEND;
      fastcgi_param PATH_INFO \$fastcgi_path_info;
      fastcgi_param QUERY_STRING \$query_string;
      fastcgi_param REQUEST_METHOD \$request_method;
      fastcgi_param CONTENT_TYPE \$content_type;
      fastcgi_param CONTENT_LENGTH \$content_length;
      fastcgi_param SERVER_PROTOCOL \$server_protocol;
      fastcgi_param REMOTE_ADDR \$remote_addr;
      # http-backend allows pushes only when REMOTE_USER is set; hooks see it.
      fastcgi_param REMOTE_USER \$remote_user;
      fastcgi_param GIT_PROJECT_ROOT "$root";
      fastcgi_param GIT_HTTP_EXPORT_ALL 1;
      # For http-backend and the hooks it runs.
      fastcgi_param PATH /usr/local/bin:/usr/bin:/bin;
      fastcgi_param HOME "$HOME";
    }
  }
}
EOF
  # fcgiwrap hands the CGI its own environment plus the FastCGI parameters,
  # so hooks also see what the test exported (e.g. the sanitizer options).
  "$(server_tool fcgiwrap)" -c 8 -s "tcp:127.0.0.1:$fcgi" </dev/null >"$d/fcgiwrap.log" 2>&1 &
  SERVER_FCGI_PID=$!
  # -e: even errors met before the configuration is read go to our log.
  "$(server_tool nginx)" -p "$d/" -c "$d/nginx.conf" -e "$d/error.log" </dev/null >"$d/nginx.out" 2>&1 &
  SERVER_NGINX_PID=$!
  server_install_trap
  # Ready when nginx has written its pid file (it does so only after binding
  # every port) and fcgiwrap has forked its workers (after binding): another
  # program on a port would make it answer, but these cannot be fooled.
  for i in $(seq 100); do
    if [ -s "$d/nginx.pid" ] && [ -n "$(pgrep -P "$SERVER_FCGI_PID")" ] &&
      server_port_open "$http" && server_port_open "$https"; then
      export SERVER_HTTP_URL="http://localhost:$http/git"
      export SERVER_HTTPS_URL="https://localhost:$https/git"
      export SERVER_CA="$d/ca.crt"
      return 0
    fi
    server_alive "$SERVER_NGINX_PID" && server_alive "$SERVER_FCGI_PID" || return 1
    sleep 0.1
  done
  return 1
}

# server_kill PID: TERM, up to 5 s to go, then KILL; reaps our own child.
server_kill() {
  local i
  [ -n "$1" ] || return 0
  kill -TERM "$1" 2>/dev/null
  for i in $(seq 50); do
    server_alive "$1" || break
    sleep 0.1
  done
  server_alive "$1" && kill -KILL "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  return 0
}

server_stop() {
  local children="" child
  server_kill "$SERVER_NGINX_PID"
  # fcgiwrap's parent neither stops its preforked children when it ends nor
  # lets them go while it lives (it forks a new one for each that dies), so
  # note the children, stop the parent, then the children.
  if [ -n "$SERVER_FCGI_PID" ]; then
    children=$(pgrep -P "$SERVER_FCGI_PID")
    server_kill "$SERVER_FCGI_PID"
  fi
  for child in $children; do server_kill "$child"; done
  SERVER_NGINX_PID="" SERVER_FCGI_PID=""
  return 0
}

# Puts server_stop in front of the current EXIT trap (lib.sh's cleanup,
# which deletes $TRASH); does nothing if it is already there.
server_install_trap() {
  local previous
  previous=$(trap -p EXIT)
  case $previous in *server_stop*) return 0 ;; esac
  if [ -n "$previous" ]; then
    eval "set -- $previous" # trap -- 'COMMAND' EXIT
    trap "server_stop; $3" EXIT
  else
    trap server_stop EXIT
  fi
}
