# shellcheck shell=bash
# The edge agent's resource benchmark, sourced by scripts/bench.sh (ROOT, WORK, BENCH_ARTIFACTS and
# DOCKER_HOST are set). Starts BENCH_CONTAINERS idle test containers, then measures three phases of
# BENCH_SECONDS each, in slices of BENCH_SLICE seconds:
#   baseline      nothing reads stats: what dockerd, containerd and the shims cost on their own;
#   agent         the published agent (ReadyToRun) polling every container every 5 s (one-shot stats), publishing to a
#                 local sink that answers 204 as Dapr's sidecar does;
#   docker-stats  `docker stats` streaming every container (stream=true: one stream per container).
# For each phase: the client's CPU, the extra CPU of dockerd and of containerd plus its shims over the
# baseline (all in % of one core, median over the slices) and the client's RSS (median). Writes
# report.md and the raw slices under artifacts/bench/agent/.
#   ./scripts/bench.sh agent            BENCH_CONTAINERS=100 BENCH_SECONDS=120 BENCH_SLICE=10 by default

CONTAINERS=${BENCH_CONTAINERS:-100}
PHASE_SECONDS=${BENCH_SECONDS:-120}
SLICE=${BENCH_SLICE:-10}
WARMUP=${BENCH_WARMUP:-15}
INTERVAL=5
CLK_TCK=$(getconf CLK_TCK)
BENCH_LABEL=wakedock.bench=agent

# The agent as it is deployed: framework-dependent, ReadyToRun (precompiled: less JIT'd code resident).
case "$(uname -m)" in x86_64) RID=linux-x64 ;; aarch64) RID=linux-arm64 ;; *) RID=linux-$(uname -m) ;; esac
say "publishing the agent (Release, $RID, ReadyToRun)"
dotnet publish "$ROOT/edge-agent/WakeDock.EdgeAgent" -c Release -r "$RID" --self-contained false -p:PublishReadyToRun=true \
  -o "$WORK/agent" --verbosity quiet >"$WORK/build.log" 2>&1 \
  || { tail -20 "$WORK/build.log" >&2; die "the agent did not build"; }
AGENT_DLL=$WORK/agent/WakeDock.EdgeAgent.dll

# The engine's processes: the private dockerd of this run (or the one that answers), and containerd
# and the shims, found by the engine's exec root or by being children of containerd.
if [ -f "$WORK/docker.pid" ]; then DOCKERD=$(cat "$WORK/docker.pid"); else DOCKERD=$(pgrep -o -x dockerd); fi
[ -n "$DOCKERD" ] || die "no dockerd process to measure"
runtime_pids() {
  pgrep -P "$DOCKERD" -x containerd || true
  # shims daemonize away from containerd; the engine's exec root in their command line tells them apart
  if [ -f "$WORK/docker.pid" ]; then pgrep -f "containerd-shim.*$WORK/docker-exec" || true; else pgrep -f containerd-shim || true; fi
}
ticks() { # pids... -> utime+stime summed, in clock ticks (a pid that is gone counts 0)
  local total=0 pid value
  for pid in "$@"; do
    value=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + value))
  done
  echo "$total"
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) {print "nan"; exit} print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# measure NAME CLIENT_PID: one line per slice: client% dockerd% runtime% rss_mib
measure() {
  local name=$1 client=$2 out=$BENCH_ARTIFACTS/$1.slices slices i c0 d0 r0 t0 c1 d1 r1 t1 runtime rss
  slices=$((PHASE_SECONDS / SLICE))
  : >"$out"
  mapfile -t runtime < <(runtime_pids | sort -u)
  say "measuring $name: $slices slices of $SLICE s (dockerd $DOCKERD, ${#runtime[@]} containerd/shim processes)"
  for ((i = 0; i < slices; i++)); do
    c0=0; c1=0; rss=0
    [ -z "$client" ] || c0=$(ticks "$client")
    d0=$(ticks "$DOCKERD"); r0=$(ticks "${runtime[@]}"); t0=$(date +%s.%N)
    sleep "$SLICE"
    [ -z "$client" ] || { c1=$(ticks "$client"); rss=$(rss_kib "$client"); }
    d1=$(ticks "$DOCKERD"); r1=$(ticks "${runtime[@]}"); t1=$(date +%s.%N)
    awk -v c=$((c1 - c0)) -v d=$((d1 - d0)) -v r=$((r1 - r0)) -v t0="$t0" -v t1="$t1" -v hz="$CLK_TCK" -v rss="$rss" \
      'BEGIN {s = t1 - t0; printf "%.3f %.3f %.3f %.1f\n", 100 * c / hz / s, 100 * d / hz / s, 100 * r / hz / s, rss / 1024}' >>"$out"
  done
}
column_median() { awk -v c="$2" '{print $c}' "$BENCH_ARTIFACTS/$1.slices" | median; }

say "starting $CONTAINERS idle containers"
for ((i = 1; i <= CONTAINERS; i++)); do
  docker run -d --label wakedock.test=1 --label "$BENCH_LABEL" --name "wdb-$i" "$TEST_IMAGE" sleep 86400 >/dev/null
done
sleep "$WARMUP"

measure baseline ""

say "starting a 204 sink and the agent (interval ${INTERVAL} s)"
SINK_PORT=$(free_port)
node -e "require('http').createServer((q, s) => { q.resume(); q.on('end', () => { s.statusCode = 204; s.end(); }); }).listen($SINK_PORT, '127.0.0.1')" &
remember_started $! sink
AGENT_PORT=$(free_port)
WAKEDOCK_METRICS_INTERVAL=$INTERVAL WAKEDOCK_HOST_NAME=bench DAPR_HTTP_PORT=$SINK_PORT \
  WakeDock__Agent__DataDirectory="$WORK/agent-data" \
  dotnet "$AGENT_DLL" --urls "http://127.0.0.1:$AGENT_PORT" >"$WORK/agent.log" 2>&1 &
AGENT=$!
remember_started $AGENT agent
sleep "$WARMUP"
kill -0 "$AGENT" 2>/dev/null || { tail -20 "$WORK/agent.log" >&2; die "the agent exited"; }
measure agent "$AGENT"
curl -s "http://127.0.0.1:$AGENT_PORT/state" >"$BENCH_ARTIFACTS/agent-state.json" || true
kill -TERM "$AGENT"; wait "$AGENT" 2>/dev/null || true
cp "$WORK/agent.log" "$BENCH_ARTIFACTS/agent.log"

say "streaming docker stats for every container"
docker stats --format '{{.ID}} {{.CPUPerc}} {{.MemUsage}}' >/dev/null 2>&1 &
STATS=$!
remember_started $STATS docker-stats
sleep "$WARMUP"
measure docker-stats "$STATS"
kill -TERM "$STATS"; wait "$STATS" 2>/dev/null || true

say "removing the benchmark containers"
docker ps -aq --filter "label=$BENCH_LABEL" | xargs -r docker rm -f >/dev/null

base_d=$(column_median baseline 2); base_r=$(column_median baseline 3)
summary() { # phase -> "client dockerd_extra runtime_extra total rss"
  local c d r m
  c=$(column_median "$1" 1); d=$(column_median "$1" 2); r=$(column_median "$1" 3); m=$(column_median "$1" 4)
  awk -v c="$c" -v d="$d" -v r="$r" -v bd="$base_d" -v br="$base_r" -v m="$m" \
    'BEGIN {de = d - bd; re = r - br; printf "%.2f %.2f %.2f %.2f %.1f\n", c, de, re, c + de + re, m}'
}
read -r a_client a_dockerd a_runtime a_total a_rss < <(summary agent)
read -r s_client s_dockerd s_runtime s_total s_rss < <(summary docker-stats)
ratio=$(awk -v a="$a_total" -v s="$s_total" 'BEGIN {if (a > 0) printf "%.1f", s / a; else print "inf"}')
verdict() { awk -v v="$1" -v limit="$2" 'BEGIN {print (v <= limit) ? "ok" : "OVER"}'; }

{
  echo "# Edge agent benchmark"
  echo
  echo "$CONTAINERS idle containers, agent interval ${INTERVAL} s, ${PHASE_SECONDS} s per phase in ${SLICE} s slices; medians over the slices."
  echo "CPU in % of one core; dockerd and containerd/shims as the extra over the baseline phase (dockerd ${base_d} %, containerd/shims ${base_r} % with nobody reading stats)."
  echo
  echo "| phase | client CPU | dockerd extra | containerd+shims extra | total | client RSS (MiB) |"
  echo "|---|---|---|---|---|---|"
  echo "| agent (one-shot polling) | $a_client | $a_dockerd | $a_runtime | **$a_total** ($(verdict "$a_total" 1) against 1 %) | **$a_rss** ($(verdict "$a_rss" 40) against 40) |"
  echo "| docker stats (streaming) | $s_client | $s_dockerd | $s_runtime | $s_total | $s_rss |"
  echo
  echo "docker stats costs ${ratio}× what the agent costs."
  echo
  echo '```'
  cat "$BENCH_ARTIFACTS/machine.txt"
  echo '```'
} >"$BENCH_ARTIFACTS/report.md"
cat "$BENCH_ARTIFACTS/report.md"
