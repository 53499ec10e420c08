#!/usr/bin/env bash
# The benchmark harness: ./scripts/bench.sh <name> [args]. Each benchmark is scripts/bench/<name>.sh;
# it runs with the same real parts as the tests (Docker engine, Azurite) prepared and cleaned up
# here, and writes its report (medians, ratios, the machine) under artifacts/bench/<name>/.
#   ./scripts/bench.sh            lists the benchmarks
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
name=${1:-}
if [ -z "$name" ] || [ ! -f "$ROOT/scripts/bench/$name.sh" ]; then
  echo "usage: ./scripts/bench.sh <name> [args]; benchmarks:" >&2
  for f in "$ROOT"/scripts/bench/*.sh; do [ -e "$f" ] && echo "  $(basename "$f" .sh)" >&2; done
  exit 2
fi
shift

# shellcheck source=lib/parts.sh
source "$ROOT/scripts/lib/parts.sh"
begin_run "bench-$name"
prepare_parts
export BENCH_ARTIFACTS=$ROOT/artifacts/bench/$name
mkdir -p "$BENCH_ARTIFACTS"
{
  echo "machine: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "date: $(date -u +%FT%TZ)"
} >"$BENCH_ARTIFACTS/machine.txt"
cat "$BENCH_ARTIFACTS/machine.txt" >&2
# shellcheck source=/dev/null
source "$ROOT/scripts/bench/$name.sh" "$@"
