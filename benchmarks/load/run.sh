#!/usr/bin/env bash
# Load benchmark: Gateway beside Kestrel (raw and Minimal APIs) and uvicorn + FastAPI, every figure from the same run.
#
#   benchmarks/load/run.sh [--quick] [--only <server>]
#
# Builds in Release, then for each scenario and server: starts the server pinned to CPU 0 on a free port at 127.0.0.1,
# waits until it answers, checks the status and body of one request (a row whose check fails is skipped with a note,
# never measured), warms up, and runs the load generator pinned to CPU 1 (wrk -t1 -c64, or the WebSocket client with
# 100 connections). Records requests/s, latency p50/p99, the server's CPU time per request (utime+stime from
# /proc/<pid>/stat before and after the measured run, divided by the requests completed) and its peak RSS (VmHWM).
# Writes benchmarks/results/<date>.md and .csv, prints the table, and puts it in benchmarks/README.md.
#
# --quick    warm up 1 s and measure 3 s per row (to check the harness), instead of 15 s and 15 s
#
# Why 15 s of warm-up: .NET compiles code in tiers (unoptimized, then instrumented, then optimized with the profile it
# gathered). With the server pinned to one busy core, Gateway's code (compiled from IL, where ASP.NET Core's is
# precompiled ReadyToRun) reached its optimized tier only 10 to 12 s into the load; with 5 s of warm-up about half of
# each measured run was unoptimized code. Every server gets the same warm-up.
# --only S   run only server S (gateway-raw, kestrel-raw, kestrel-minimal, fastapi, ...); README.md is left alone
#
# Needs the .NET SDK and apt: installs wrk, curl, uvicorn and the Python packages when they are missing.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"

quick=0
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --only) only="${2:?--only needs a server name}"; shift ;;
    *) echo "usage: $0 [--quick] [--only <server>]" >&2; exit 2 ;;
  esac
  shift
done

if [ "$quick" -eq 1 ]; then warmup_seconds=1; measure_seconds=3; else warmup_seconds=15; measure_seconds=15; fi
http_connections=64
ws_connections=100
pipeline_depth=16
server_cpu=0
client_cpu=1
python=/usr/bin/python3 # Debian's, where apt puts FastAPI (a pyenv or venv python3 on PATH would not see it)

log() { printf '%s\n' "$*" >&2; }

# --- Prerequisites -------------------------------------------------------------------------------------------------
packages=(wrk curl util-linux python3 uvicorn python3-fastapi python3-uvloop python3-httptools python3-websockets)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [ "$(nproc)" -lt 2 ]; then
  log "warning: $(nproc) CPU(s) available; server and load generator will share CPU 0"
  client_cpu=0
fi

log "building in Release"
for project in benchmarks/Gateway.Benchmarks.Server benchmarks/Peers/Kestrel benchmarks/Gateway.Benchmarks.WebSocketLoad; do
  # No build server or node reuse: nothing the script starts outlives it.
  dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly -nodeReuse:false -p:UseSharedCompilation=false >&2
done
gateway_dll=benchmarks/Gateway.Benchmarks.Server/bin/Release/net10.0/Gateway.Benchmarks.Server.dll
kestrel_dll=benchmarks/Peers/Kestrel/bin/Release/net10.0/Gateway.Benchmarks.Kestrel.dll
ws_client_dll=benchmarks/Gateway.Benchmarks.WebSocketLoad/bin/Release/net10.0/Gateway.Benchmarks.WebSocketLoad.dll

# --- Servers and scenarios -----------------------------------------------------------------------------------------
servers=()
for shape in $(dotnet "$gateway_dll" --list-shapes); do servers+=("gateway-$shape"); done
servers+=(kestrel-raw kestrel-minimal fastapi)
if [ -n "$only" ]; then
  printf '%s\n' "${servers[@]}" | grep -qx -- "$only" || { log "unknown server '$only' (servers: ${servers[*]})"; exit 2; }
  servers=("$only")
fi
scenarios=(plaintext plaintext-pipelined json users-post-valid users-post-invalid users-get echo-4k ws-echo)

work="$(mktemp -d)"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

printf '{"name":"alice","age":30}' >"$work/users-valid.json"
printf '{"name":"alice","age":151}' >"$work/users-invalid.json"
"$python" -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 16)' >"$work/echo-4k.bin"

free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_server NAME PORT: starts it pinned to the server CPU and waits until GET /plaintext answers.
start_server() {
  local name="$1" port="$2" command
  case "$name" in
    gateway-*) command=(dotnet "$gateway_dll" --port "$port" --shape "${name#gateway-}") ;;
    kestrel-*) command=(dotnet "$kestrel_dll" --port "$port" --shape "${name#kestrel-}") ;;
    fastapi) command=("$python" -m uvicorn app:app --app-dir benchmarks/Peers/fastapi --host 127.0.0.1 --port "$port"
      --loop uvloop --http httptools --log-level warning --no-access-log) ;;
  esac
  # taskset execs the command, so $! is the server's own pid (dotnet hosts the runtime in its process).
  taskset -c "$server_cpu" "${command[@]}" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 300); do
    kill -0 "$server_pid" 2>/dev/null || { log "$name exited: $(tail -5 "$work/server.log")"; return 1; }
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/plaintext" && return 0
    sleep 0.1
  done
  log "$name did not answer within 30 s"
  return 1
}

# scenario_request SCENARIO: "METHOD PATH CONTENT-TYPE BODY-FILE DEPTH EXPECTED-STATUS" (- for none)
scenario_request() {
  case "$1" in
    plaintext) echo "GET /plaintext - - 1 200" ;;
    plaintext-pipelined) echo "GET /plaintext - - $pipeline_depth 200" ;;
    json) echo "GET /json - - 1 200" ;;
    users-post-valid) echo "POST /users application/json $work/users-valid.json 1 201" ;;
    users-post-invalid) echo "POST /users application/json $work/users-invalid.json 1 422" ;;
    users-get) echo "GET /users/42 - - 1 200" ;;
    echo-4k) echo "POST /echo application/octet-stream $work/echo-4k.bin 1 200" ;;
  esac
}

# check SCENARIO PORT: one request, its status and body must be what the scenario expects; prints what is wrong.
check() {
  local scenario="$1" port="$2"
  if [ "$scenario" = ws-echo ]; then
    dotnet "$ws_client_dll" --url "ws://127.0.0.1:$port/ws/echo" --size 32 --check >/dev/null 2>"$work/check.err" \
      || { tr '\n' ' ' <"$work/check.err" | sed 's/^ws:[^ ]* //; s/ *$//'; return 1; }
    return 0
  fi
  local method path content_type body_file depth expected status
  read -r method path content_type body_file depth expected <<<"$(scenario_request "$scenario")"
  local args=(-s -o "$work/body" -w '%{http_code}' -X "$method" --max-time 10)
  [ "$content_type" != - ] && args+=(-H "Content-Type: $content_type")
  [ "$body_file" != - ] && args+=(--data-binary "@$body_file")
  status="$(curl "${args[@]}" "http://127.0.0.1:$port$path")" || { echo "request failed"; return 1; }
  [ "$status" = "$expected" ] || { echo "status $status, expected $expected"; return 1; }
  local ok=0
  case "$scenario" in
    plaintext*) [ "$(cat "$work/body")" = "Hello, World!" ] && ok=1 ;;
    json) [ "$(cat "$work/body")" = '{"message":"Hello, World!"}' ] && ok=1 ;;
    users-post-valid) [ "$(cat "$work/body")" = '{"id":1,"name":"alice","age":30}' ] && ok=1 ;;
    users-post-invalid) grep -q 150 "$work/body" && ok=1 ;; # every server's error names the limit the age broke
    users-get) [ "$(cat "$work/body")" = '{"id":42,"name":"alice","age":30}' ] && ok=1 ;;
    echo-4k) cmp -s "$work/body" "$body_file" && ok=1 ;;
  esac
  [ "$ok" -eq 1 ] || { echo "unexpected body: $(head -c 80 "$work/body" | tr '\n' ' ')"; return 1; }
}

# load SCENARIO PORT SECONDS: runs the load generator pinned to the client CPU; prints its RESULT line.
load() {
  local scenario="$1" port="$2" seconds="$3"
  if [ "$scenario" = ws-echo ]; then
    taskset -c "$client_cpu" dotnet "$ws_client_dll" --url "ws://127.0.0.1:$port/ws/echo" \
      --connections "$ws_connections" --seconds "$seconds" --size 32 >"$work/load.out" 2>&1 || true
  else
    local method path content_type body_file depth expected
    read -r method path content_type body_file depth expected <<<"$(scenario_request "$scenario")"
    local script_args=("$method" "$depth" "$content_type")
    [ "$body_file" != - ] && script_args+=("$body_file")
    taskset -c "$client_cpu" wrk -t1 -c"$http_connections" -d"${seconds}s" --latency -s benchmarks/load/request.lua \
      "http://127.0.0.1:$port$path" -- "${script_args[@]}" >"$work/load.out" 2>&1 || true
  fi
  grep '^RESULT ' "$work/load.out" | tail -1 || true
}

cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; } # utime + stime, after "pid (comm) "
user_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 }'; }      # utime alone: the rest is kernel time
peak_rss_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
clock_ticks="$(getconf CLK_TCK)"

date_utc="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
stamp="$(date -u +%Y-%m-%d-%H%M)"
[ "$quick" -eq 1 ] && stamp="$stamp-quick"
[ -n "$only" ] && stamp="$stamp-$only"
mkdir -p benchmarks/results
csv="benchmarks/results/$stamp.csv"
markdown="benchmarks/results/$stamp.md"
echo "scenario,server,requests_per_s,p50_ms,p99_ms,cpu_us_per_request,server_cpu_percent,peak_rss_mib,requests,note,user_cpu_us_per_request" >"$csv"

# row SCENARIO SERVER RPS P50 P99 CPU CPU% RSS REQUESTS NOTE [USER-CPU]: the user-CPU column is last so the older
# columns keep their positions.
row() { echo "$1,$2,$3,$4,$5,$6,$7,$8,$9,${10},${11:-}" >>"$csv"; }

for scenario in "${scenarios[@]}"; do
  for server in "${servers[@]}"; do
    log "$scenario on $server"
    port="$(free_port)"
    if ! start_server "$server" "$port"; then
      row "$scenario" "$server" "" "" "" "" "" "" "" "skipped: the server did not start"
      stop_server
      continue
    fi
    if ! problem="$(check "$scenario" "$port")"; then
      log "  skipped: $problem"
      row "$scenario" "$server" "" "" "" "" "" "" "" "skipped: check failed ($(echo "$problem" | tr -d ',' | cut -c1-100))"
      stop_server
      continue
    fi
    load "$scenario" "$port" "$warmup_seconds" >/dev/null
    before="$(cpu_ticks "$server_pid")" user_before="$(user_ticks "$server_pid")"
    result="$(load "$scenario" "$port" "$measure_seconds")"
    after="$(cpu_ticks "$server_pid")" user_after="$(user_ticks "$server_pid")"
    rss="$(peak_rss_kib "$server_pid")"
    stop_server
    if [ -z "$result" ]; then
      log "  no result: $(tail -3 "$work/load.out")"
      row "$scenario" "$server" "" "" "" "" "" "" "" "skipped: the load generator failed"
      continue
    fi
    # RESULT requests=N duration_us=N p50_us=N p99_us=N non2xx=N errors=N
    for pair in ${result#RESULT }; do
      value="${pair#*=}"
      [[ "$value" =~ ^[0-9]+$ ]] || value=0
      printf -v "r_${pair%%=*}" '%s' "$value"
    done
    expected_status="$(scenario_request "$scenario" | awk '{ print $6 }')"
    note=""
    if [ "$expected_status" = 422 ]; then
      [ "$r_non2xx" -ne "$r_requests" ] && note="$((r_requests - r_non2xx)) responses were not 4xx"
    elif [ "$r_non2xx" -gt 0 ]; then
      note="$r_non2xx non-2xx responses"
    fi
    [ "$r_errors" -gt 0 ] && note="${note:+$note; }$r_errors socket errors"
    [ "$r_requests" -eq 0 ] && { row "$scenario" "$server" "" "" "" "" "" "" 0 "no request completed"; continue; }
    read -r rps p50 p99 cpu cpu_percent rss_mib user_cpu <<<"$(awk -v n="$r_requests" -v us="$r_duration_us" -v p50="$r_p50_us" \
      -v p99="$r_p99_us" -v ticks="$((after - before))" -v user="$((user_after - user_before))" -v hz="$clock_ticks" \
      -v rss="$rss" 'BEGIN {
        printf "%.0f %.2f %.2f %.2f %.0f %.1f %.2f\n", n / (us / 1e6), p50 / 1000, p99 / 1000, ticks / hz * 1e6 / n,
          100 * ticks / hz / (us / 1e6), rss / 1024, user / hz * 1e6 / n }')"
    if [ "$scenario" = plaintext-pipelined ]; then
      p50="" p99="" # wrk times a batch of $pipeline_depth, not a request, and its percentiles of few batches are unreliable
    fi
    log "  $rps req/s, p50 $p50 ms, p99 $p99 ms, $cpu µs CPU/request ($user_cpu in user space), ${cpu_percent}% CPU, $rss_mib MiB ${note:+($note)}"
    row "$scenario" "$server" "$rps" "$p50" "$p99" "$cpu" "$cpu_percent" "$rss_mib" "$r_requests" "$note" "$user_cpu"
  done
done

# --- Report ----------------------------------------------------------------------------------------------------
runtime="$(dotnet --list-runtimes | awk '/^Microsoft.NETCore.App/ { v = $2 } END { print v }')"
machine="$(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), Linux $(uname -r), .NET $runtime, $("$python" -c 'import sys, fastapi, uvicorn, pydantic; print(f"Python {sys.version.split()[0]}, uvicorn {uvicorn.__version__}, FastAPI {fastapi.__version__}, Pydantic {pydantic.VERSION}")'), $({ wrk -v 2>&1 || true; } | head -1 | awk '{ print $1, $2 }')"
mode="warm-up ${warmup_seconds} s, measured ${measure_seconds} s per row"
{
  echo "Run of $date_utc ($mode$([ "$quick" -eq 1 ] && echo ', --quick')) on $machine."
  echo "Server on CPU $server_cpu, load generator on CPU $client_cpu; wrk -t1 -c$http_connections (pipelined: depth $pipeline_depth),"
  echo "WebSocket: $ws_connections connections echoing 32-byte binary messages. CPU/request is the server's utime+stime over the"
  echo "measured run divided by the requests completed; \"× gateway\" divides it by gateway-raw's in the same scenario;"
  echo "\"user µs\" is the utime part alone (the rest is the kernel's socket work, much the same for every server)."
  echo
  echo "| scenario | server | requests/s | p50 ms | p99 ms | CPU µs/request | user µs | × gateway | server CPU % | peak RSS MiB | note |"
  echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|"
  awk -F, 'NR > 1 {
      if ($2 == "gateway-raw" && $6 != "") base[$1] = $6
      line[NR] = $0
    }
    END {
      for (i = 2; i <= NR; i++) {
        split(line[i], f, ",")
        ratio = (f[6] != "" && base[f[1]] != "") ? sprintf("%.2f", f[6] / base[f[1]]) : ""
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], f[4], f[5], f[6], f[11], ratio, f[7], f[8], f[10]
      }
    }' "$csv"
} >"$markdown"

if [ -z "$only" ]; then
  readme=benchmarks/README.md
  {
    echo "<!-- results:begin (written by benchmarks/load/run.sh) -->"
    cat "$markdown"
    echo
    echo "Command: \`benchmarks/load/run.sh$([ "$quick" -eq 1 ] && echo ' --quick')\` (files: \`$markdown\`, \`$csv\`)."
    echo "<!-- results:end -->"
  } >"$work/table.md"
  awk -v table="$work/table.md" '
    /<!-- results:begin/ { while ((getline line < table) > 0) print line; skipping = 1; next }
    /<!-- results:end -->/ { skipping = 0; next }
    !skipping { print }' "$readme" >"$work/README.md"
  cp "$work/README.md" "$readme"
fi

cat "$markdown"
log "wrote $markdown and $csv"
skipped="$(grep -c ',skipped: ' "$csv" || true)"
[ "$skipped" -eq 0 ] || log "$skipped row(s) skipped: see their notes (an endpoint a server does not implement yet, or a wrong answer)"
