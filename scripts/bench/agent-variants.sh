# shellcheck shell=bash
# Compares builds or settings of the edge agent side by side in one run (the RSS work of
# docs/agent-performance.md), sourced by scripts/bench.sh: BENCH_CONTAINERS idle containers, then one
# phase per variant, each the agent reading the cgroup files every BENCH_INTERVAL seconds and
# publishing to a local sink that answers as Dapr's sidecar does: 204 to the HTTP publish API, and gRPC
# status OK to PublishEvent on DAPR_GRPC_PORT (HTTP/2 without TLS) for a variant with
# WakeDock__Agent__Publisher__Target=DaprGrpc. For each phase: the agent's CPU
# and RSS, medians over BENCH_SLICE-second slices, and its RSS split from /proc/<pid>/smaps_rollup.
#   BENCH_VARIANTS="name=/path/to/WakeDock.EdgeAgent[,ENV=value...] ..." ./scripts/bench.sh agent-variants
# A variant's executable is a published agent (Native AOT or apphost); ENV pairs are given to it only; a part
# @/path/to/command runs that command with the agent's pid once the warm-up is over (e.g. to advise its memory).

CONTAINERS=${BENCH_CONTAINERS:-100}
PHASE_SECONDS=${BENCH_SECONDS:-60}
SLICE=${BENCH_SLICE:-10}
WARMUP=${BENCH_WARMUP:-15}
INTERVAL=${BENCH_INTERVAL:-5}
ROUNDS=${BENCH_ROUNDS:-1}
CLK_TCK=$(getconf CLK_TCK)
BENCH_LABEL=wakedock.bench=agent-variants
[ -n "${BENCH_VARIANTS:-}" ] || die "BENCH_VARIANTS is empty (name=/path/to/agent[,ENV=value...] ...)"

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) {print "nan"; exit} print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
# smaps_rollup of a pid -> "file anon" in MiB (file-backed: the executable and libraries; anonymous: heap, stacks)
split_mib() { awk '/^Rss:/ {r=$2} /^Anonymous:/ {a=$2} END {printf "%.1f %.1f", (r - a) / 1024, a / 1024}' "/proc/$1/smaps_rollup" 2>/dev/null; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

variant_phase() { # name executable env... @hook...
  local name=$1 exe=$2 port pid slices i c0 c1 t0 t1 out part env=() hooks=()
  shift 2
  for part in "$@"; do if [[ $part == @* ]]; then hooks+=("${part#@}"); else env+=("$part"); fi; done
  port=$(free_port)
  rm -rf "$WORK/agent-data"
  say "starting $name ($exe${*:+ with $*})"
  env WAKEDOCK_METRICS_INTERVAL="$INTERVAL" WAKEDOCK_HOST_NAME=bench DAPR_HTTP_PORT="$SINK_PORT" DAPR_GRPC_PORT="$GRPC_SINK_PORT" \
    WakeDock__Agent__DataDirectory="$WORK/agent-data" WakeDock__Agent__StatsSource=Auto "${env[@]}" \
    "$exe" --urls "http://127.0.0.1:$port" >"$WORK/$name.log" 2>&1 &
  pid=$!
  remember_started $pid "$name"
  sleep "$WARMUP"
  kill -0 "$pid" 2>/dev/null || { tail -20 "$WORK/$name.log" >&2; die "$name exited"; }
  for part in "${hooks[@]}"; do "$part" "$pid" >>"$WORK/$name.log" 2>&1 || say "$part failed"; done
  out=$BENCH_ARTIFACTS/$name.slices
  slices=$((PHASE_SECONDS / SLICE))
  for ((i = 0; i < slices; i++)); do
    c0=$(ticks "$pid"); t0=$(date +%s.%N)
    sleep "$SLICE"
    c1=$(ticks "$pid"); t1=$(date +%s.%N)
    awk -v c=$((c1 - c0)) -v t0="$t0" -v t1="$t1" -v hz="$CLK_TCK" -v rss="$(rss_kib "$pid")" -v mem="$(split_mib "$pid")" -v th="$(threads "$pid")" \
      'BEGIN {printf "%.3f %.1f %s %d\n", 100 * c / hz / (t1 - t0), rss / 1024, mem, th}' >>"$out"
  done
  cat "/proc/$pid/smaps" >"$BENCH_ARTIFACTS/$name.smaps" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  cp "$WORK/$name.log" "$BENCH_ARTIFACTS/$name.log" 2>/dev/null || true
}

say "starting $CONTAINERS idle containers"
for ((i = 1; i <= CONTAINERS; i++)); do
  docker run -d --label wakedock.test=1 --label "$BENCH_LABEL" --name "wdv-$i" "$TEST_IMAGE" sleep 86400 >/dev/null
done

SINK_PORT=$(free_port)
node -e "require('http').createServer((q, s) => { q.resume(); q.on('end', () => { s.statusCode = 204; s.end(); }); }).listen($SINK_PORT, '127.0.0.1')" &
remember_started $! sink
GRPC_SINK_PORT=$(free_port)
node -e "require('http2').createServer((q, s) => { q.resume(); q.on('end', () => {
  s.writeHead(200, {'content-type': 'application/grpc'}); s.write(Buffer.alloc(5)); s.addTrailers({'grpc-status': '0'}); s.end(); });
}).listen($GRPC_SINK_PORT, '127.0.0.1')" &
remember_started $! grpc-sink

names=()
for ((round = 1; round <= ROUNDS; round++)); do
  for variant in $BENCH_VARIANTS; do
    name=${variant%%=*}; spec=${variant#*=}
    IFS=, read -r -a parts <<<"$spec"
    [ "$round" -gt 1 ] || { names+=("$name"); : >"$BENCH_ARTIFACTS/$name.slices"; }
    variant_phase "$name" "${parts[@]}"
  done
done

say "removing the benchmark containers"
docker ps -aq --filter "label=$BENCH_LABEL" | xargs -r docker rm -f >/dev/null

column_median() { awk -v c="$2" '{print $c}' "$BENCH_ARTIFACTS/$1.slices" | median; }
{
  echo "# Edge agent variants"
  echo
  echo "$CONTAINERS idle containers, cgroup files every $INTERVAL s, ${PHASE_SECONDS} s per phase in ${SLICE} s slices ($ROUNDS round(s), variants interleaved); medians over the slices."
  echo
  echo "| variant | agent CPU (% of a core) | RSS (MiB) | file-backed (MiB) | anonymous (MiB) | threads | min–max RSS |"
  echo "|---|---|---|---|---|---|---|"
  for name in "${names[@]}"; do
    echo "| $name | $(column_median "$name" 1) | **$(column_median "$name" 2)** | $(column_median "$name" 3) | $(column_median "$name" 4) | $(column_median "$name" 5) | $(awk 'NR == 1 || $2 < lo {lo = $2} NR == 1 || $2 > hi {hi = $2} END {print lo "–" hi}' "$BENCH_ARTIFACTS/$name.slices") |"
  done
  echo
  echo '```'
  cat "$BENCH_ARTIFACTS/machine.txt"
  echo '```'
} >"$BENCH_ARTIFACTS/report.md"
cat "$BENCH_ARTIFACTS/report.md"
