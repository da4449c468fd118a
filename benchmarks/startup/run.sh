#!/usr/bin/env bash
# Start-up time and working set: samples/Gateway.Samples.Aot beside a Minimal APIs app with the same endpoints
# (benchmarks/Peers/MinimalAot: CreateSlimBuilder, the request delegate generator, AddValidation, a source-generated
# JSON context), each published as Native AOT and as a JIT (framework-dependent) build.
#
#   benchmarks/startup/run.sh [--runs N] [--requests N] [--apps gateway-aot,gateway-jit,minimal-aot,minimal-jit]
#
# For each app and run (10 by default): starts it pinned to CPU 0 on a free port at 127.0.0.1 and polls GET / every
# 2 ms from one Python process pinned to CPU 1 (a curl per poll would add its own start-up to each sample) until it
# answers 200: that is the start-up time, from exec to the first answered request. Then reads the app's resident set
# (VmRSS in /proc/<pid>/status), sends N requests (10,000 by default) over one keep-alive connection from the same
# client, alternating POST /users (a valid body, 201) and GET /users/1?verbose=true (200), reads VmRSS again and the
# peak (VmHWM), and stops the app. Prints the median, best and worst of each figure, and the binary or app folder size.
#
# An app that does not serve POST /users or GET /users/{id} yet (the Gateway sample before it had Validation handlers)
# gets the requests it does serve, and the table says which; if it serves neither, the requests are GET /.
#
# Writes benchmarks/results/<date>-startup.md. Needs the .NET SDK, clang and zlib1g-dev (Native AOT), python3, taskset.
# CPU-heavy (two Native AOT publishes): not part of `dotnet test`.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"

runs=10
requests=10000
apps="gateway-aot,gateway-jit,minimal-aot,minimal-jit"
usage="usage: $0 [--runs N] [--requests N] [--apps gateway-aot,gateway-jit,minimal-aot,minimal-jit]"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="${2:?}"; shift ;;
    --requests) requests="${2:?}"; shift ;;
    --apps) apps="${2:?}"; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
[[ "$runs" =~ ^[1-9][0-9]*$ && "$requests" =~ ^[0-9]+$ ]] || { echo "$usage" >&2; exit 2; }
IFS=, read -r -a wanted <<<"$apps"

server_cpu=0
client_cpu=1
[ "$(nproc)" -lt 2 ] && client_cpu=0
log() { printf '%s\n' "$*" >&2; }

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# publish NAME PROJECT ASSEMBLY AOT: publishes one app (warnings are errors); prints the command line that runs it.
publish() {
  local name="$1" project="$2" assembly="$3" aot="$4"
  log "publishing $name"
  if [ "$aot" = 1 ]; then
    dotnet publish "$project" -c Release -r linux-x64 -o "$out/$name" -warnaserror -nologo -v q -clp:ErrorsOnly -nodeReuse:false >&2
    echo "$out/$name/$assembly"
  else
    dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=false --self-contained false -o "$out/$name" \
      -warnaserror -nologo -v q -clp:ErrorsOnly -nodeReuse:false >&2
    echo "dotnet $out/$name/$assembly.dll"
  fi
}

# size NAME AOT: the native binary's size, or the JIT app folder's (without symbols and docs; the shared runtime apart).
size() {
  if [ "$2" = 1 ]; then
    du -k "$out/$1/$3" | awk '{ printf "%.1f MiB binary", $1 / 1024 }'
  else
    du -sk --exclude='*.pdb' --exclude='*.xml' --exclude='*.dbg' "$out/$1" | awk '{ printf "%.1f MiB folder + shared runtime", $1 / 1024 }'
  fi
}

# measure NAME COMMAND...: the runs of one app; prints one markdown row.
measure() {
  local name="$1"; shift
  taskset -c "$client_cpu" python3 - "$name" "$runs" "$requests" "$server_cpu" "$@" <<'PY'
import http.client, json, signal, socket, statistics, subprocess, sys, time, urllib.request

name, runs, requests, server_cpu = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
command = sys.argv[5:]
body = json.dumps({"name": "Ada Lovelace", "age": 36}).encode()
post = ("POST", "/users", body, {"Content-Type": "application/json"}, 201)
get = ("GET", "/users/1?verbose=true", None, {}, 200)

def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])

def request(connection, method, path, data, headers):
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status

startup, rss_first, rss_after, peak = [], [], [], []
mix, note = None, ""
for run in range(runs):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    start = time.perf_counter()
    p = subprocess.Popen(["taskset", "-c", server_cpu] + command + ["--port", str(port)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = start + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                if r.status == 200: break
        except OSError:
            if p.poll() is not None or time.perf_counter() > deadline:
                sys.exit(f"{name} did not answer GET / (exit code {p.poll()})")
            time.sleep(0.002)
    startup.append((time.perf_counter() - start) * 1000)
    rss_first.append(status_kib(p.pid, "VmRSS") / 1024)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    if mix is None:
        # What the app serves: the POST and the GET if it has them, else GET / alone.
        mix = [r for r in (post, get) if request(connection, *r[:4]) == r[4]]
        if len(mix) < 2:
            missing = [f"{r[0]} {r[1].split('?')[0]}" for r in (post, get) if r not in mix]
            note = f"no {' or '.join(missing)} (404): " + ("GET / instead" if not mix else "the other request alone")
        if not mix:
            mix = [("GET", "/", None, {}, 200)]
    for i in range(requests):
        method, path, data, headers, expected = mix[i % len(mix)]
        status = request(connection, method, path, data, headers)
        if status != expected:
            sys.exit(f"{name}: {method} {path} answered {status}, expected {expected}")
    connection.close()
    rss_after.append(status_kib(p.pid, "VmRSS") / 1024)
    peak.append(status_kib(p.pid, "VmHWM") / 1024)
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill(); p.wait()

def spread(values, unit, digits):
    return f"{statistics.median(values):.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"

requests_label = " + ".join(f"{m} {p}" for m, p, *_ in mix) if requests else "none"
print(f"| {name} | {spread(startup, 'ms', 0)} | {spread(rss_first, 'MiB', 1)} | {spread(rss_after, 'MiB', 1)} | "
      f"{spread(peak, 'MiB', 1)} | {requests_label}{' — ' + note if note else ''} |")
PY
}

declare -A project=([gateway]=samples/Gateway.Samples.Aot [minimal]=benchmarks/Peers/MinimalAot)
declare -A assembly=([gateway]=Gateway.Samples.Aot [minimal]=Gateway.Benchmarks.MinimalAot)
declare -A commands sizes
for app in "${wanted[@]}"; do
  case "$app" in
    gateway-aot|gateway-jit|minimal-aot|minimal-jit) ;;
    *) log "unknown app '$app'"; echo "$usage" >&2; exit 2 ;;
  esac
  kind="${app%-*}"
  aot=0; [ "${app#*-}" = aot ] && aot=1
  commands[$app]="$(publish "$app" "${project[$kind]}" "${assembly[$kind]}" "$aot")"
  sizes[$app]="$(size "$app" "$aot" "${assembly[$kind]}")"
done

date_utc="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
stamp="$(date -u +%Y-%m-%d-%H%M)"
runtime="$(dotnet --list-runtimes | awk '/^Microsoft.NETCore.App/ { v = $2 } END { print v }')"
machine="$(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), Linux $(uname -r), .NET $runtime"
mkdir -p benchmarks/results
markdown="benchmarks/results/$stamp-startup.md"
{
  echo "Run of $date_utc on $machine. $runs runs per app, the app on CPU $server_cpu, the client on CPU $client_cpu;"
  echo "each figure is the median (best–worst). Start-up: exec to the first answered GET /. RSS: VmRSS right after that"
  echo "response and after $requests requests on one keep-alive connection; peak: VmHWM at the end."
  echo
  echo "| app | start-up to first response | RSS after first response | RSS after $requests requests | peak RSS | requests |"
  echo "|---|--:|--:|--:|--:|---|"
  for app in "${wanted[@]}"; do
    log "measuring $app"
    # shellcheck disable=SC2086 # the command is a path, or dotnet and a path: no spaces (mktemp)
    measure "$app" ${commands[$app]}
  done
  echo
  echo "Sizes: $(for app in "${wanted[@]}"; do printf '%s %s; ' "$app" "${sizes[$app]}"; done | sed 's/; $//')."
} | tee "$markdown"
log "written to $markdown"
