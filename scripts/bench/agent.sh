# shellcheck shell=bash
# The edge agent's resource benchmark, sourced by scripts/bench.sh (ROOT, WORK, BENCH_ARTIFACTS and
# DOCKER_HOST are set). Starts BENCH_CONTAINERS idle test containers, then measures phases of
# BENCH_SECONDS each, in slices of BENCH_SLICE seconds, all in one run:
#   baseline           nothing reads stats: what dockerd, containerd and the shims cost on their own;
#   agent-cgroup-5s    the Native AOT agent reading the cgroup files every 5 s (StatsSource=Auto);
#   agent-cgroup-1s    the same every second;
#   agent-engine-5s    the Native AOT agent through the Engine API only (StatsSource=Engine), every 5 s;
#   agent-r2r-cgroup-5s  the framework-dependent ReadyToRun build (JIT runtime), cgroup files, every 5 s;
#   netdata-5s, netdata-1s  Debian's netdata with only its cgroups collector (when `netdata` is installed);
#   docker-stats       `docker stats` streaming every container (stream=true: one stream per container).
# The agents publish to a local sink that answers 204 as Dapr's sidecar does. For each phase: the
# client's CPU, the extra CPU of dockerd and of containerd plus its shims over the baseline (all in %
# of one core, median over the slices) and the client's RSS (median). Writes report.md and the raw
# slices under artifacts/bench/agent/.
#   ./scripts/bench.sh agent     BENCH_CONTAINERS=100 BENCH_SECONDS=120 BENCH_SLICE=10 BENCH_PHASES="…" by default

CONTAINERS=${BENCH_CONTAINERS:-100}
PHASE_SECONDS=${BENCH_SECONDS:-120}
SLICE=${BENCH_SLICE:-10}
WARMUP=${BENCH_WARMUP:-15}
PHASES=${BENCH_PHASES:-agent-cgroup-5s agent-cgroup-1s agent-engine-5s agent-r2r-cgroup-5s netdata-5s netdata-1s docker-stats}
CLK_TCK=$(getconf CLK_TCK)
BENCH_LABEL=wakedock.bench=agent

case "$(uname -m)" in x86_64) RID=linux-x64 ;; aarch64) RID=linux-arm64 ;; *) RID=linux-$(uname -m) ;; esac
say "publishing the agent: Native AOT ($RID) and framework-dependent ReadyToRun"
dotnet publish "$ROOT/edge-agent/WakeDock.EdgeAgent" -c Release -r "$RID" -p:PublishAot=true \
  -o "$WORK/agent-aot" --verbosity quiet >"$WORK/build-aot.log" 2>&1 \
  || { tail -20 "$WORK/build-aot.log" >&2; die "the Native AOT agent did not build"; }
dotnet publish "$ROOT/edge-agent/WakeDock.EdgeAgent" -c Release -r "$RID" --self-contained false -p:PublishReadyToRun=true \
  -o "$WORK/agent-r2r" --verbosity quiet >"$WORK/build-r2r.log" 2>&1 \
  || { tail -20 "$WORK/build-r2r.log" >&2; die "the ReadyToRun agent did not build"; }

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

# run_phase NAME PID: warm up, check it lives, measure, stop it
run_phase() {
  local name=$1 pid=$2
  sleep "$WARMUP"
  kill -0 "$pid" 2>/dev/null || { tail -20 "$WORK/$name.log" >&2; die "$name exited"; }
  measure "$name" "$pid"
  kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  cp "$WORK/$name.log" "$BENCH_ARTIFACTS/$name.log" 2>/dev/null || true
}

# agent_phase NAME BUILD(aot|r2r) SOURCE(Auto|Engine) INTERVAL
agent_phase() {
  local name=$1 build=$2 source=$3 interval=$4 port pid
  port=$(free_port)
  say "starting the $build agent (StatsSource=$source, interval $interval s)"
  local command=("$WORK/agent-aot/WakeDock.EdgeAgent")
  [ "$build" = aot ] || command=(dotnet "$WORK/agent-r2r/WakeDock.EdgeAgent.dll")
  rm -rf "$WORK/agent-data"
  WAKEDOCK_METRICS_INTERVAL=$interval WAKEDOCK_HOST_NAME=bench DAPR_HTTP_PORT=$SINK_PORT \
    WakeDock__Agent__DataDirectory="$WORK/agent-data" WakeDock__Agent__StatsSource=$source \
    "${command[@]}" --urls "http://127.0.0.1:$port" >"$WORK/$name.log" 2>&1 &
  pid=$!
  remember_started $pid "$name"
  sleep "$WARMUP"
  curl -s "http://127.0.0.1:$port/health" >"$BENCH_ARTIFACTS/$name-health.json" || true
  run_phase "$name" $pid
}

# netdata_phase NAME INTERVAL: Debian's netdata with every collector off but cgroups, no web, no health, no ML
netdata_phase() {
  local name=$1 interval=$2 dir=$WORK/netdata-$2 pid
  command -v netdata >/dev/null || { say "netdata is not installed (apt-get install netdata): $name skipped"; return 0; }
  mkdir -p "$dir"/{cache,lib,log,run}
  cat >"$dir/netdata.conf" <<CONF
[global]
    run as user = root
    update every = $interval
    memory mode = ram
    history = 720
    cache directory = $dir/cache
    lib directory = $dir/lib
    log directory = $dir/log
    errors flood protection period = 0
[web]
    mode = none
[health]
    enabled = no
[ml]
    enabled = no
[statsd]
    enabled = no
[registry]
    enabled = no
[cloud]
    conversation log = no
[plugins]
    enable running new plugins = no
    cgroups = yes
    proc = no
    diskspace = no
    tc = no
    idlejitter = no
    checks = no
    apps = no
    python.d = no
    charts.d = no
    go.d = no
    ebpf = no
    timex = no
    perf = no
    slabinfo = no
    ioping = no
    fping = no
    nfacct = no
    freeipmi = no
    cups = no
    debugfs = no
    netdata monitoring = no
[plugin:cgroups]
    update every = $interval
CONF
  say "starting netdata (cgroups collector only, every $interval s)"
  netdata -D -c "$dir/netdata.conf" -P "$dir/run/netdata.pid" >"$WORK/$name.log" 2>&1 &
  pid=$!
  remember_started $pid "$name"
  run_phase "$name" $pid
}

say "starting $CONTAINERS idle containers"
for ((i = 1; i <= CONTAINERS; i++)); do
  docker run -d --label wakedock.test=1 --label "$BENCH_LABEL" --name "wdb-$i" "$TEST_IMAGE" sleep 86400 >/dev/null
done
sleep "$WARMUP"

measure baseline ""

SINK_PORT=$(free_port)
node -e "require('http').createServer((q, s) => { q.resume(); q.on('end', () => { s.statusCode = 204; s.end(); }); }).listen($SINK_PORT, '127.0.0.1')" &
remember_started $! sink

for phase in $PHASES; do
  case $phase in
    agent-cgroup-5s) agent_phase "$phase" aot Auto 5 ;;
    agent-cgroup-1s) agent_phase "$phase" aot Auto 1 ;;
    agent-engine-5s) agent_phase "$phase" aot Engine 5 ;;
    agent-engine-1s) agent_phase "$phase" aot Engine 1 ;;
    agent-r2r-cgroup-5s) agent_phase "$phase" r2r Auto 5 ;;
    agent-r2r-engine-5s) agent_phase "$phase" r2r Engine 5 ;;
    netdata-5s) netdata_phase "$phase" 5 ;;
    netdata-1s) netdata_phase "$phase" 1 ;;
    docker-stats)
      say "streaming docker stats for every container"
      docker stats --format '{{.ID}} {{.CPUPerc}} {{.MemUsage}}' >/dev/null 2>"$WORK/$phase.log" &
      STATS=$!
      remember_started $STATS docker-stats
      run_phase docker-stats $STATS ;;
    *) die "unknown phase $phase" ;;
  esac
done

say "removing the benchmark containers"
docker ps -aq --filter "label=$BENCH_LABEL" | xargs -r docker rm -f >/dev/null

base_d=$(column_median baseline 2); base_r=$(column_median baseline 3)
summary() { # phase -> "client dockerd_extra runtime_extra total rss"
  local c d r m
  c=$(column_median "$1" 1); d=$(column_median "$1" 2); r=$(column_median "$1" 3); m=$(column_median "$1" 4)
  awk -v c="$c" -v d="$d" -v r="$r" -v bd="$base_d" -v br="$base_r" -v m="$m" \
    'BEGIN {de = d - bd; re = r - br; printf "%.2f %.2f %.2f %.2f %.1f\n", c, de, re, c + de + re, m}'
}
total_of() { [ -s "$BENCH_ARTIFACTS/$1.slices" ] && summary "$1" | awk '{print $4}'; }
# client + dockerd extra: what a reader costs besides the containerd/shim column, which is noise (±1.5 points) for
# readers that do not go through the engine (the agent in cgroup mode, netdata)
direct_of() { [ -s "$BENCH_ARTIFACTS/$1.slices" ] && summary "$1" | awk '{printf "%.2f", $1 + $2}'; }
ratio() { # a b -> a/b of the totals and of client + dockerd
  local a b c d
  # a phase left out of BENCH_PHASES has no slices: no ratio (and no exit under set -e)
  a=$(total_of "$1") && b=$(total_of "$2") || return 0
  c=$(direct_of "$1"); d=$(direct_of "$2")
  awk -v a="$a" -v b="$b" -v c="$c" -v d="$d" -v x="$1" -v y="$2" 'BEGIN {
    printf "- %s / %s: total %s %% against %s %%", x, y, a, b; if (b > 0) printf " (%.2f)", a / b
    printf "; client + dockerd %s %% against %s %%", c, d; if (d > 0) printf " (%.2f)", c / d; printf "\n" }'
}

{
  echo "# Edge agent benchmark"
  echo
  echo "$CONTAINERS idle containers, ${PHASE_SECONDS} s per phase in ${SLICE} s slices, all phases in one run; medians over the slices."
  echo "CPU in % of one core; dockerd and containerd/shims as the extra over the baseline phase (dockerd ${base_d} %, containerd/shims ${base_r} % with nobody reading stats)."
  echo
  echo "| phase | client CPU | dockerd extra | containerd+shims extra | total | client RSS (MiB) |"
  echo "|---|---|---|---|---|---|"
  for phase in $PHASES; do
    [ -s "$BENCH_ARTIFACTS/$phase.slices" ] || continue
    read -r c d r t m < <(summary "$phase")
    echo "| $phase | $c | $d | $r | **$t** | **$m** |"
  done
  echo
  echo "Ratios of the totals:"
  ratio agent-cgroup-5s netdata-5s
  ratio agent-cgroup-1s netdata-1s
  ratio agent-engine-5s agent-cgroup-5s
  ratio agent-r2r-cgroup-5s agent-cgroup-5s
  ratio docker-stats agent-cgroup-5s
  ratio docker-stats agent-engine-5s
  echo
  echo '```'
  cat "$BENCH_ARTIFACTS/machine.txt"
  echo '```'
} >"$BENCH_ARTIFACTS/report.md"
cat "$BENCH_ARTIFACTS/report.md"
