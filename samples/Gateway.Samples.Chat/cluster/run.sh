#!/usr/bin/env bash
# The chat scaled out on this machine: a throw-away PostgreSQL cluster (the messages), a Redis (fan-out between the
# instances and shared presence), N chat instances and nginx in front (round-robin, WebSocket upgrades proxied,
# X-Forwarded-* set), each on a free 127.0.0.1 port. Prints the URL; Ctrl+C stops everything and deletes the data.
#
#   samples/Gateway.Samples.Chat/cluster/run.sh [--instances N] [--port P] [--no-build]
#
# Needs the .NET SDK and Debian's postgresql, redis-server and nginx (apt-get install postgresql redis-server nginx).
set -euo pipefail

instances=2
nginx_port=""
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --instances) instances="$2"; shift 2 ;;
    --port) nginx_port="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$instances" in ''|*[!0-9]*) echo "--instances takes a number" >&2; exit 2 ;; esac
[ "$instances" -ge 1 ] || { echo "--instances must be at least 1" >&2; exit 2; }

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
for program in redis-server nginx python3; do
  command -v "$program" >/dev/null || { echo "$program not found: apt-get install $program" >&2; exit 1; }
done
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL not found: apt-get install postgresql" >&2; exit 1; }

if [ "$build" = 1 ]; then
  dotnet build -c Release --nologo -v quiet "$repo/samples/Gateway.Samples.Chat" >/dev/null
fi
chat_dll="$repo/samples/Gateway.Samples.Chat/bin/Release/net10.0/Gateway.Samples.Chat.dll"
[ -f "$chat_dll" ] || { echo "not built: $chat_dll" >&2; exit 1; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work="$(mktemp -d /tmp/chat-cluster-XXXXXX)"
pids=()
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root.
  chown postgres:postgres "$work"
  as_postgres=(runuser -u postgres --)
fi

cleanup() {
  trap - INT TERM EXIT
  echo
  echo "stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
# Ctrl+C reaches the whole process group (the instances stop gracefully on it too); then everything else is stopped.
trap 'cleanup; exit 130' INT TERM
trap cleanup EXIT

wait_http() { # url, what, log
  for _ in $(seq 1 600); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "$2 did not answer at $1; its log ($3):" >&2
  tail -20 "$3" >&2 || true
  exit 1
}

# PostgreSQL: the system of record.
pg_port="$(free_port)"
"${as_postgres[@]}" "$pg_bin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --no-sync >"$work/initdb.log"
"${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/postgres.log" -w -t 60 \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
"${as_postgres[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres chat

# Redis: pub/sub between the instances and the shared presence; nothing in it needs to survive a restart.
redis_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)

# The instances share the database, Redis and the JWT secret (a token from one is valid on all); each trusts
# forwarded headers from nginx's source address alone.
[ -n "$nginx_port" ] || nginx_port="$(free_port)"
secret="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
upstreams=""
ports=()
for i in $(seq 1 "$instances"); do
  port="$(free_port)"
  mkdir -p "$work/chat$i"
  CHAT__JWT__SECRET="$secret" dotnet "$chat_dll" \
    --Chat:Listen="http://127.0.0.1:$port" \
    --Chat:DataDirectory="$work/chat$i" \
    --Chat:Database:Provider=postgres \
    --Chat:Database:ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=chat" \
    --Chat:Redis="127.0.0.1:$redis_port" \
    --Chat:TrustedProxies=127.0.0.2 \
    --Chat:AllowedOrigins="http://127.0.0.1:$nginx_port" >"$work/chat$i.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
  upstreams+="server 127.0.0.1:$port max_fails=1 fail_timeout=5s; "
  echo "instance $i: http://127.0.0.1:$port (log $work/chat$i.log)"
done
for i in $(seq 1 "$instances"); do
  wait_http "http://127.0.0.1:${ports[$((i - 1))]}/healthz" "instance $i" "$work/chat$i.log"
done

# nginx: round-robin in front.
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
mkdir -p "$work/nginx"
sed -e "s|@USER@|$user_line|" -e "s|@PREFIX@|$work/nginx|g" -e "s|@LISTEN@|127.0.0.1:$nginx_port|" \
    -e "s|@UPSTREAMS@|$upstreams|" -e "s|@PROXY_BIND@|127.0.0.2|" "$here/nginx.conf.template" >"$work/nginx/nginx.conf"
nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
pids+=($!)
wait_http "http://127.0.0.1:$nginx_port/healthz" nginx "$work/nginx/error.log"

echo "PostgreSQL 127.0.0.1:$pg_port, Redis 127.0.0.1:$redis_port, data in $work"
echo "chat: open http://127.0.0.1:$nginx_port/ ($instances instances behind nginx; Ctrl+C stops everything)"
wait -n "${pids[@]}" || true
echo "a process of the cluster exited; the end of each log:" >&2
for log in "$work"/*.log "$work"/nginx/error.log; do echo "== $log" >&2; tail -5 "$log" >&2 || true; done
exit 1
