#!/usr/bin/env bash
# Load benchmark: Gateway beside Kestrel (raw and Minimal APIs) and uvicorn + FastAPI, every figure from the same run.
#
#   benchmarks/load/run.sh [--quick] [--only <server> | --servers a,b,...] [--scenarios x,y,...] [--rounds N] [--syscalls]
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
# --only S   run only server S (gateway-raw, gateway-routed, gateway-routed-reflection, kestrel-raw, kestrel-minimal,
#            fastapi, nginx); README.md is left alone. gateway-routed's handlers are generated at compile time (Gateway's
#            source generator), gateway-routed-reflection's are the same handlers planned by reflection; kestrel-minimal
#            is Minimal APIs with the request delegate generator and AddValidation.
# --servers  run these servers (comma-separated), in this order; besides the default ones, gateway-<shape>-sockets
#            runs a shape on the server's other transport (ServerTransport.Sockets). README.md is left alone.
# --scenarios  run only these scenarios (comma-separated). README.md is left alone.
# --rounds N   run every row N times, interleaved (round 1 of every row, then round 2, ...), and add a table of the
#            medians with each server's ratio to nginx and kestrel-raw. README.md is left alone.
# --syscalls   after each row's measured run in round 1, count the server's system calls and context switches per request
#            over 5 s of the same load (perf stat on the server's threads; perf is installed when missing)
#
# nginx (one process: master_process off, `return 200` from the config) serves plaintext, plaintext-pipelined and json
# only: the floor for a server's cost per request on this machine. It gets no row in the other scenarios.
#
# Needs the .NET SDK and apt: installs wrk, curl, uvicorn and the Python packages when they are missing.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"

quick=0
only=""
only_scenarios=""
rounds=1
syscalls=0
usage="usage: $0 [--quick] [--only <server> | --servers a,b,...] [--scenarios x,y,...] [--rounds N] [--syscalls]"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --only|--servers) only="${2:?$1 needs server names}"; shift ;;
    --scenarios) only_scenarios="${2:?--scenarios needs scenario names}"; shift ;;
    --rounds) rounds="${2:?--rounds needs a number}"; shift; [[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "$usage" >&2; exit 2; } ;;
    --syscalls) syscalls=1 ;;
    *) echo "$usage" >&2; exit 2 ;;
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
packages=(wrk curl util-linux python3 uvicorn python3-fastapi python3-uvloop python3-httptools python3-websockets nginx)
[ "$syscalls" -eq 1 ] && packages+=(linux-perf)
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
servers+=(kestrel-raw kestrel-minimal fastapi nginx)
known_servers=("${servers[@]}")
for shape in $(dotnet "$gateway_dll" --list-shapes); do known_servers+=("gateway-$shape-sockets"); done
if [ -n "$only" ]; then
  IFS=, read -r -a servers <<<"$only"
  for server in "${servers[@]}"; do
    printf '%s\n' "${known_servers[@]}" | grep -qx -- "$server" || { log "unknown server '$server' (servers: ${known_servers[*]})"; exit 2; }
  done
fi
scenarios=(plaintext plaintext-pipelined json users-post-valid users-post-invalid users-get echo-4k ws-echo)
if [ -n "$only_scenarios" ]; then
  IFS=, read -r -a wanted <<<"$only_scenarios"
  for scenario in "${wanted[@]}"; do
    printf '%s\n' "${scenarios[@]}" | grep -qx -- "$scenario" || { log "unknown scenario '$scenario' (scenarios: ${scenarios[*]})"; exit 2; }
  done
  scenarios=("${wanted[@]}")
fi
# serves SERVER SCENARIO: whether the server implements the scenario (nginx answers only the static ones).
serves() { [ "$1" != nginx ] || [[ "$2" =~ ^(plaintext|plaintext-pipelined|json)$ ]]; }

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
    gateway-*-sockets) local shape="${name#gateway-}"; command=(dotnet "$gateway_dll" --port "$port" --shape "${shape%-sockets}" --transport sockets) ;;
    gateway-*) command=(dotnet "$gateway_dll" --port "$port" --shape "${name#gateway-}") ;;
    nginx) sed "s/@PORT@/$port/; s#@DIR@#$work#g" benchmarks/Peers/nginx/nginx.conf >"$work/nginx.conf"
      command=(nginx -p "$work" -c "$work/nginx.conf" -e "$work/nginx-error.log") ;;
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
[ -n "$only" ] && stamp="$stamp-${only//,/-}"
mkdir -p benchmarks/results
csv="benchmarks/results/$stamp.csv"
markdown="benchmarks/results/$stamp.md"
echo "scenario,server,requests_per_s,p50_ms,p99_ms,cpu_us_per_request,server_cpu_percent,peak_rss_mib,requests,note,user_cpu_us_per_request,round" >"$csv"

# row SCENARIO SERVER RPS P50 P99 CPU CPU% RSS REQUESTS NOTE [USER-CPU]: the user-CPU column is last so the older
# columns keep their positions.
row() { echo "$1,$2,$3,$4,$5,$6,$7,$8,$9,${10},${11:-},$round" >>"$csv"; }

# count_syscalls SCENARIO SERVER PORT: the server's system calls by type and its context switches per request, over
# 5 s of the scenario's load (perf counts every thread of the server; the load generator runs 7 s around it).
syscall_csv="benchmarks/results/$stamp-syscalls.csv"
syscall_events=(recvfrom read sendto sendmsg writev write epoll_wait epoll_pwait futex sched_yield)
count_syscalls() {
  local scenario="$1" server="$2" port="$3" events=() name
  for name in "${syscall_events[@]}"; do events+=(-e "syscalls:sys_enter_$name"); done
  [ -f "$syscall_csv" ] || echo "scenario,server,${syscall_events[*]// /,},recvfrom_eagain,context_switches,requests_per_s" | tr ' ' , >"$syscall_csv"
  load "$scenario" "$port" 7 >"$work/syscall-load.txt" &
  local load_pid=$!
  sleep 1
  perf stat -x, "${events[@]}" -e syscalls:sys_exit_recvfrom --filter 'ret == -11' -e context-switches \
    -p "$server_pid" -- sleep 5 2>"$work/perf.txt" >/dev/null || true
  wait "$load_pid" || true
  local result rate
  result="$(cat "$work/syscall-load.txt")"
  rate="$(echo "$result" | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
    END { if (v["duration_us"] > 0) printf "%.1f", v["requests"] / (v["duration_us"] / 1e6) }')"
  [ -n "$rate" ] || { log "  syscall count skipped: the load generator failed"; return 0; }
  # perf -x, prints: count,unit,event,...; one line per event in the order given.
  awk -F, -v rate="$rate" -v scenario="$scenario" -v server="$server" '
    { counts[NR] = ($1 ~ /^[0-9]+$/) ? $1 / (rate * 5) : "" }
    END {
      line = scenario "," server
      for (i = 1; i <= NR; i++) line = line "," (counts[i] == "" ? "" : sprintf("%.3f", counts[i]))
      print line "," rate
    }' "$work/perf.txt" >>"$syscall_csv"
  log "  syscalls per request: $(tail -1 "$syscall_csv")"
}

for round in $(seq "$rounds"); do
for scenario in "${scenarios[@]}"; do
  for server in "${servers[@]}"; do
    serves "$server" "$scenario" || continue
    log "$scenario on $server$([ "$rounds" -gt 1 ] && echo " (round $round of $rounds)")"
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
    [ "$syscalls" -eq 1 ] && [ "$round" -eq 1 ] && [ -n "$result" ] && count_syscalls "$scenario" "$server" "$port"
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
  if [ "$rounds" -gt 1 ]; then
    echo
    echo "Medians of the $rounds interleaved rounds (each row's runs in round order); \"× nginx\" and \"× kestrel-raw\" divide the"
    echo "median CPU/request by theirs in the same scenario."
    echo
    echo "| scenario | server | CPU µs/request, each round | median | user µs median | requests/s median | × nginx | × kestrel-raw |"
    echo "|---|---|---|--:|--:|--:|--:|--:|"
    awk -F, 'function median(list,   n, a, i, j, t) {
        n = split(list, a, " ")
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      }
      NR > 1 && $6 != "" {
        key = $1 SUBSEP $2
        if (!(key in cpu)) order[++count] = key
        cpu[key] = cpu[key] (cpu[key] == "" ? "" : " ") $6
        user[key] = user[key] (user[key] == "" ? "" : " ") $11
        rps[key] = rps[key] (rps[key] == "" ? "" : " ") $3
      }
      END {
        for (i = 1; i <= count; i++) { split(order[i], k, SUBSEP); m[order[i]] = median(cpu[order[i]]) }
        for (i = 1; i <= count; i++) {
          split(order[i], k, SUBSEP)
          n = k[1] SUBSEP "nginx"; r = k[1] SUBSEP "kestrel-raw"
          printf "| %s | %s | %s | %.2f | %.2f | %.0f | %s | %s |\n", k[1], k[2], cpu[order[i]], m[order[i]], median(user[order[i]]),
            median(rps[order[i]]), (n in m) ? sprintf("%.2f", m[order[i]] / m[n]) : "", (r in m) ? sprintf("%.2f", m[order[i]] / m[r]) : ""
        }
      }' "$csv"
  fi
  if [ "$syscalls" -eq 1 ] && [ -f "$syscall_csv" ]; then
    echo
    echo "System calls and context switches per request (round 1; perf stat over 5 s of the same load; \"EAGAIN\" is the"
    echo "reads that found nothing to read):"
    echo
    echo "| scenario | server | recv | EAGAIN | send | epoll_wait | futex | sched_yield | context switches |"
    echo "|---|---|--:|--:|--:|--:|--:|--:|--:|"
    # columns: recvfrom read sendto sendmsg writev write epoll_wait epoll_pwait futex sched_yield eagain cs
    awk -F, 'NR > 1 { printf "| %s | %s | %.2f | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f |\n", $1, $2, $3 + $4, $13, $5 + $6 + $7 + $8,
      $9 + $10, $11, $12, $14 }' "$syscall_csv"
  fi
} >"$markdown"

if [ -z "$only" ] && [ -z "$only_scenarios" ] && [ "$rounds" -eq 1 ]; then
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
