#!/usr/bin/env bash
# Publishes samples/Gateway.Samples.Aot as a Native AOT binary (warnings are errors), runs its black-box tests against
# the binary, and prints its size and start-up time beside the JIT build's. Needs clang and zlib1g-dev
# (apt-get install clang zlib1g-dev). CPU-heavy: not part of `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

dotnet publish samples/Gateway.Samples.Aot -c Release -r linux-x64 -o "$out/aot" -warnaserror 2>&1 | tail -3
dotnet publish samples/Gateway.Samples.Aot -c Release -r linux-x64 -p:PublishAot=false --self-contained false -o "$out/jit" 2>&1 | tail -1

# Start-up: from exec to the first answered GET /, polled every 2 ms from one Python process (a curl per poll would
# add its own start-up to each sample); ten runs, then the median, best and worst in milliseconds.
startup() {
  python3 - "$@" <<'PY'
import signal, socket, statistics, subprocess, sys, time, urllib.request
times = []
for _ in range(10):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    start = time.perf_counter()
    p = subprocess.Popen(sys.argv[1:] + ["--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                if r.status == 200: break
        except OSError:
            time.sleep(0.002)
    times.append((time.perf_counter() - start) * 1000)
    p.send_signal(signal.SIGTERM); p.wait(10)
print(f"median {statistics.median(times):.0f} ms (best {min(times):.0f} ms, worst {max(times):.0f} ms)")
PY
}

echo "native AOT: $(du -sh "$out/aot/Gateway.Samples.Aot" | cut -f1) binary, start-up to first response $(startup "$out/aot/Gateway.Samples.Aot")"
echo "JIT:        $(du -sh --exclude='*.pdb' --exclude='*.xml' "$out/jit" | cut -f1) app folder (+ shared runtime), start-up to first response $(startup dotnet "$out/jit/Gateway.Samples.Aot.dll")"

GATEWAY_AOT_SAMPLE="$out/aot/Gateway.Samples.Aot" dotnet test tests/Gateway.Packaging.Tests --filter "FullyQualifiedName~AotSampleTests"
