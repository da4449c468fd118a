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

# Start-up: from exec to the first answered request, best of five.
startup() {
  local best=999999
  for _ in 1 2 3 4 5; do
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    local start end
    start=$(date +%s%N)
    "$@" --port "$port" >/dev/null 2>&1 &
    local pid=$!
    until curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1; do sleep 0.005; done
    end=$(date +%s%N)
    kill -TERM "$pid"; wait "$pid" || true
    local ms=$(( (end - start) / 1000000 ))
    (( ms < best )) && best=$ms
  done
  echo "$best"
}

echo "native AOT: $(du -sh "$out/aot/Gateway.Samples.Aot" | cut -f1) binary, start-up to first response $(startup "$out/aot/Gateway.Samples.Aot") ms"
echo "JIT:        $(du -sh --exclude='*.pdb' "$out/jit" | cut -f1) app folder (+ shared runtime), start-up to first response $(startup dotnet "$out/jit/Gateway.Samples.Aot.dll") ms"

GATEWAY_AOT_SAMPLE="$out/aot/Gateway.Samples.Aot" dotnet test tests/Gateway.Packaging.Tests --filter "FullyQualifiedName~AotSampleTests"
