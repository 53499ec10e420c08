# The live streams: (1) fan-out cost — the functions host (Release, distributed mode) fed 100 synthetic containers every
# 5 s through its ingest while 100 raw WebSocket clients, then 100 SignalR clients (Node, @microsoft/signalr), take every
# sample; the host's CPU against the same load with no client; (2) the dashboard in headless Chromium against the
# embedded host sampling 100 real idle containers every 5 s: ingest-to-screen latency and the longest frames; (3) the
# dashboard with a fleet of FLEET_CONTAINERS (1,000) synthetic containers every 5 s while its table is sorted, cut to the
# top 25 and scrolled: our work per batch and render, long tasks, frame gaps.
# (4) scale-out (only when asked, LIVE_BENCH_PARTS=scaleout): SCALEOUT_INSTANCES (3) hosts on one store with
# WakeDock:ScaleOut on and a 10-minute hot window (SCALEOUT_HOT_WINDOW: a shorter one shows memory once it is full), fed by a fleet of SCALEOUT_HOSTS (500) × 50 containers every 10 s (host h
# posting to instance h mod N) for SCALEOUT_SECONDS (600), headless Chromium on the first instance subscribed to every
# container over the raw WebSocket: sample-to-browser latency and each instance's memory every minute (docs/scale-out.md).
# Sourced by scripts/bench.sh (ROOT, WORK, BENCH_ARTIFACTS set). Args: [runs=3] [seconds=60] [clients=100] [containers=100].
# LIVE_BENCH_PARTS=fanout, =browser, =fleet or =scaleout (or a comma-separated list) runs those parts only. FLEET_TRACE=1 keeps a
# Chromium trace of each fleet run (artifacts/bench/live/fleet-N.trace.json; scripts/bench/long-tasks.py reads it).
# shellcheck shell=bash
runs=${1:-3}
seconds=${2:-60}
clients=${3:-100}
containers=${4:-100}
say "building the functions host (with the dashboard) and the benchmark (Release)"
dotnet build "$ROOT/functions/WakeDock.Functions" --configuration Release --verbosity quiet -warnaserror -warnnotaserror:NU1603 >/dev/null
dotnet build "$ROOT/tests/benchmarks/WakeDock.Live.Benchmarks" --configuration Release --verbosity quiet -warnaserror -warnnotaserror:NU1603 >/dev/null
bench_dir=$ROOT/tests/benchmarks/WakeDock.Live.Benchmarks/bin/Release/net10.0
bench_dll=$bench_dir/WakeDock.Live.Benchmarks.dll
host_dll=$ROOT/functions/WakeDock.Functions/bin/Release/net10.0/WakeDock.Functions.dll
report=$BENCH_ARTIFACTS/report.md
{
  echo "# Live streams benchmark"
  echo
  cat "$BENCH_ARTIFACTS/machine.txt"
  echo
  echo "$runs runs of $seconds s each; $containers containers every 5 s; $clients clients"
  echo
} >"$report"

start_host() { # name, extra env…
  local name=$1; shift
  port=$(free_port)
  env "$@" WAKEDOCK_METRICS_STORAGE_PATH="$WORK/store-$name" WakeDock__Timers__UseInternalSchedule=false \
    WakeDock__Agent__DataDirectory="$WORK/agent-$name" WAKEDOCK_WS_MAX_CLIENTS=1000 \
    WakeDock__Security__RateLimit__PermitsPerSecond=100000 WakeDock__Security__RateLimit__Burst=100000 Serilog__MinimumLevel__Default=Warning \
    dotnet "$host_dll" --urls "http://127.0.0.1:$port" >"$WORK/host-$name.log" 2>&1 &
  host_pid=$!
  remember_started "$host_pid" "functions host ($name)"
  wait_for_port 127.0.0.1 "$port" 60 || die "the functions host did not start"
}

stop_host() { kill -TERM "$host_pid"; wait "$host_pid" 2>/dev/null || true; }

percent_of() { echo "$1" | sed -E 's/.*= ([0-9.]+) % of one core.*/\1/'; }
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

parts=${LIVE_BENCH_PARTS:-fanout,browser,fleet}
if [[ $parts == *fanout* ]]; then
say "fan-out: $clients clients × $containers containers every 5 s"
for run in $(seq 1 "$runs"); do
  for kind in none websocket signalr; do
    start_host "fanout-$kind-$run" WAKEDOCK_EMBEDDED_AGENT=false
    node_pid=
    ws_clients=0
    case $kind in
      websocket) ws_clients=$clients ;;
      signalr)
        node "$bench_dir/signalr-clients.mjs" "$ROOT/dashboards/web" "http://127.0.0.1:$port" "$clients" >"$WORK/signalr-$run.log" 2>&1 &
        node_pid=$!
        remember_started "$node_pid" "SignalR clients"
        for _ in $(seq 1 120); do grep -q '^connected' "$WORK/signalr-$run.log" && break; sleep 0.5; done
        grep -q '^connected' "$WORK/signalr-$run.log" || die "the SignalR clients did not connect: $(tail -3 "$WORK/signalr-$run.log")"
        ;;
    esac
    line=$(dotnet "$bench_dll" fanout --url "http://127.0.0.1:$port" --pid "$host_pid" --clients "$ws_clients" --containers "$containers" --seconds "$seconds")
    if [ -n "$node_pid" ]; then
      kill -TERM "$node_pid"; wait "$node_pid" 2>/dev/null || true
      line="$line; $(grep '^received' "$WORK/signalr-$run.log") by $clients SignalR clients"
    fi
    stop_host
    say "$kind, run $run: $line"
    echo "- $kind clients, run $run: $line; load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
    percent_of "$line" >>"$WORK/cpu-$kind"
  done
done
base=$(median "$WORK/cpu-none")
for kind in websocket signalr; do
  m=$(median "$WORK/cpu-$kind")
  echo "- **$kind: host CPU median $m % of one core; without clients $base %; fan-out $(awk -v a="$m" -v b="$base" 'BEGIN {printf "%.1f", a - b}') % of one core (goal ≤ 25 %)**" >>"$report"
done
fi

if [[ $parts == *browser* ]]; then

say "dashboard: the embedded host sampling $containers idle containers every 5 s"
for i in $(seq 1 "$containers"); do
  docker run -d --label wakedock.test=1 --name "wdt-bench-live-$i" "$TEST_IMAGE" sleep 3600 >/dev/null
done
for run in $(seq 1 "$runs"); do
  start_host "browser-$run" WAKEDOCK_EMBEDDED_AGENT=true WAKEDOCK_METRICS_INTERVAL=5 DOCKER_HOST="${DOCKER_HOST:-unix:///var/run/docker.sock}"
  line=$(dotnet "$bench_dll" browser --url "http://127.0.0.1:$port/" --seconds "$seconds" \
    --chromium "$WAKEDOCK_TEST_CHROMIUM" --screenshot "$BENCH_ARTIFACTS/dashboard-$run.png")
  stop_host
  say "browser, run $run: $line"
  echo "- dashboard, run $run: $line; load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
  echo "$line" | sed -E 's/.*p95 ([0-9.]+) ms, max.*/\1/' >>"$WORK/p95"
  echo "$line" | sed -E 's/.*our work [0-9]+ times: p50 [0-9.]+ ms, longest ([0-9.]+) ms;.*/\1/' >>"$WORK/render"
  echo "$line" | sed -E 's/.*longest ([0-9.]+) ms\); frames.*/\1/' >>"$WORK/longtask"
  echo "$line" | sed -E 's/.*longest ([0-9.]+) ms$/\1/' >>"$WORK/gap"
done
echo "- **dashboard: ingest-to-screen p95 median $(median "$WORK/p95") ms (goal ≤ 500 ms); longest piece of our work median $(median "$WORK/render") ms; longest task median $(median "$WORK/longtask") ms; longest frame gap median $(median "$WORK/gap") ms (goal: no frame over 50 ms from our code)**" >>"$report"
fi
if [[ ,$parts, == *,fleet,* ]]; then
fleet=${FLEET_CONTAINERS:-1000}
say "fleet: the dashboard with $fleet synthetic containers every 5 s, its table sorted, cut and scrolled"
for run in $(seq 1 "$runs"); do
  start_host "fleet-$run" WAKEDOCK_EMBEDDED_AGENT=false
  line=$(dotnet "$bench_dll" fleet --url "http://127.0.0.1:$port" --containers "$fleet" --seconds "$seconds" \
    --chromium "$WAKEDOCK_TEST_CHROMIUM" --screenshot "$BENCH_ARTIFACTS/fleet-$run.png" \
    ${FLEET_TRACE:+--trace "$BENCH_ARTIFACTS/fleet-$run.trace.json"})
  stop_host
  say "fleet, run $run: $line"
  echo "- fleet, run $run: $line; load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
  echo "$line" | sed -E 's/.*our work [0-9]+ times: p50 [0-9.]+ ms, p99 ([0-9.]+) ms.*/\1/' >>"$WORK/fleet-p99"
  echo "$line" | sed -E 's/.*our work [0-9]+ times: .*, longest ([0-9.]+) ms, over 50.*/\1/' >>"$WORK/fleet-longest"
  echo "$line" | sed -E 's/.*longest ([0-9.]+) ms$/\1/' >>"$WORK/fleet-gap"
done
echo "- **fleet of $fleet: our work p99 median $(median "$WORK/fleet-p99") ms, longest median $(median "$WORK/fleet-longest") ms (goal: no frame over 50 ms from our code); longest frame gap median $(median "$WORK/fleet-gap") ms**" >>"$report"
fi
if [[ ,$parts, == *,scaleout,* ]]; then
instances=${SCALEOUT_INSTANCES:-3}
say "scale-out: ${SCALEOUT_HOSTS:-500} hosts × 50 containers every 10 s to $instances instances for ${SCALEOUT_SECONDS:-600} s, a browser on the first"
pids=(); urls=()
for n in $(seq 1 "$instances"); do
  port=$(free_port)
  env WAKEDOCK_METRICS_STORAGE_PATH="$WORK/store-scaleout" WakeDock__ScaleOut__Enabled=true "WakeDock__Storage__WriterId=fleet-$n" \
    WakeDock__Storage__HotWindow=${SCALEOUT_HOT_WINDOW:-00:10:00} WakeDock__Timers__UseInternalSchedule=true WAKEDOCK_EMBEDDED_AGENT=false \
    WakeDock__Security__RateLimit__PermitsPerSecond=100000 WakeDock__Security__RateLimit__Burst=100000 Serilog__MinimumLevel__Default=Warning \
    dotnet "$host_dll" --urls "http://127.0.0.1:$port" >"$WORK/host-scaleout-$n.log" 2>&1 &
  pids+=($!); urls+=("http://127.0.0.1:$port")
  remember_started "$!" "functions host (scale-out $n)"
  wait_for_port 127.0.0.1 "$port" 60 || die "the functions host did not start"
done
line=$(dotnet "$bench_dll" scaleout-fleet --urls "$(IFS=,; echo "${urls[*]}")" --pids "$(IFS=,; echo "${pids[*]}")" \
  --hosts "${SCALEOUT_HOSTS:-500}" --seconds "${SCALEOUT_SECONDS:-600}" --chromium "$WAKEDOCK_TEST_CHROMIUM")
for p in "${pids[@]}"; do kill -TERM "$p"; wait "$p" 2>/dev/null || true; done
say "scale-out: $line"
{ echo "- scale-out fleet ($instances instances, timers on), load $(cut -d' ' -f1-3 /proc/loadavg):"; echo '```'; echo "$line"; echo '```'; } >>"$report"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
cat "$report"
