# The query API under load: the functions host (Release, distributed mode, a reader API key, the rate limiter on with a
# bucket too large to trip) holding one hour of samples at 5 s for N containers, then `wrk` from a second process on
# loopback: 64 connections on GET /containers and GET /metrics?hours=1 of one container. Sourced by scripts/bench.sh
# (ROOT, WORK, BENCH_ARTIFACTS set). Args: [runs=3] [seconds=15] [connections=64] [containers=20].
# shellcheck shell=bash
runs=${1:-3}
seconds=${2:-15}
connections=${3:-64}
containers=${4:-20}
command -v wrk >/dev/null || install_apt_packages wrk
say "building the functions host (Release)"
dotnet build "$ROOT/functions/WakeDock.Functions" --configuration Release --verbosity quiet -warnaserror -warnnotaserror:NU1603 >/dev/null
host_dll=$ROOT/functions/WakeDock.Functions/bin/Release/net10.0/WakeDock.Functions.dll
report=$BENCH_ARTIFACTS/report.md
key=bench-reader-$(openssl rand -hex 16)
hash=sha256:$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)
{
  echo "# API benchmark"
  echo
  cat "$BENCH_ARTIFACTS/machine.txt"
  echo
  echo "wrk -t2 -c$connections -d${seconds}s --latency, $runs runs per endpoint; $containers containers × 720 samples (1 h at 5 s)"
  echo
} >"$report"

store=$WORK/api-store
port=$(free_port)
WAKEDOCK_EMBEDDED_AGENT=false WAKEDOCK_METRICS_STORAGE_PATH=$store WakeDock__Timers__UseInternalSchedule=false \
  WakeDock__Security__ApiKeys__0__Name=bench WakeDock__Security__ApiKeys__0__Role=Reader WakeDock__Security__ApiKeys__0__Hash="$hash" \
  WakeDock__Security__RateLimit__PermitsPerSecond=10000000 WakeDock__Security__RateLimit__Burst=10000000 \
  Serilog__MinimumLevel__Default=Warning \
  dotnet "$host_dll" --urls "http://127.0.0.1:$port" >"$WORK/api-host.log" 2>&1 &
host_pid=$!
remember_started "$host_pid" "functions host"
wait_for_port 127.0.0.1 "$port" 60 || die "the functions host did not start"

say "seeding $containers containers with an hour of samples"
python3 - "$port" "$containers" <<'PY'
import json, sys, urllib.request, uuid, datetime
port, containers = int(sys.argv[1]), int(sys.argv[2])
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
sequence = 0
for tick in range(720, 0, -1):
    at = (now - datetime.timedelta(seconds=5 * tick)).strftime("%Y-%m-%dT%H:%M:%SZ")
    samples = []
    for c in range(containers):
        sequence += 1
        samples.append({"container_id": f"c{c:03d}{'0' * 60}", "container_name": f"bench-{c:03d}", "service_name": f"svc-{c % 5}",
                        "host": "bench-host", "image": "busybox:latest", "timestamp": at, "cpu_percent": 10 + c % 40 + tick % 7,
                        "memory_usage": 50_000_000 + c, "memory_limit": 1_000_000_000, "memory_percent": 5.0, "network_rx_bytes": tick * 1000,
                        "network_tx_bytes": tick * 500, "pids": 4, "network_rx_bytes_per_sec": 100.0, "network_tx_bytes_per_sec": 50.0,
                        "block_read_bytes": 0, "block_write_bytes": 0, "sequence": sequence})
    event = {"specversion": "1.0", "id": str(uuid.uuid4()), "source": "wakedock://agent/bench-host", "type": "io.wakedock.samples.batch.v1",
             "datacontenttype": "application/json", "time": at,
             "data": {"host": "bench-host", "first_sequence": sequence - containers + 1, "last_sequence": sequence, "interval_seconds": 5, "samples": samples, "events": []}}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/ingest/samples", data=json.dumps(event).encode(), headers={"Content-Type": "application/cloudevents+json"})
    answer = json.load(urllib.request.urlopen(request))
    assert answer["status"] == "SUCCESS", answer
PY

one=c000$(printf '0%.0s' $(seq 1 60))
declare -A urls=(
  [containers]="/api/v1/monitoring/containers"
  [metrics]="/api/v1/monitoring/metrics?container_id=$one&hours=1"
)
for name in containers metrics; do
  url="http://127.0.0.1:$port${urls[$name]}"
  size=$(curl -s -H "X-Api-Key: $key" "$url" | wc -c)
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $key" "$url")" = 200 ] || die "$url does not answer 200"
  wrk -t2 -c"$connections" -d3s -H "X-Api-Key: $key" "$url" >/dev/null # warm-up
  : >"$WORK/rps-$name"; : >"$WORK/p99-$name"
  for run in $(seq 1 "$runs"); do
    before=$(awk '{print $14+$15}' "/proc/$host_pid/stat")
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "X-Api-Key: $key" "$url")
    after=$(awk '{print $14+$15}' "/proc/$host_pid/stat")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
    p99ms=$(echo "$p99" | awk '/us$/ {sub("us",""); print $1/1000; next} /ms$/ {sub("ms",""); print $1; next} /s$/ {sub("s",""); print $1*1000}')
    echo "$rps" >>"$WORK/rps-$name"; echo "$p99ms" >>"$WORK/p99-$name"
    line="GET ${urls[$name]%%\?*} ($size bytes), run $run: $rps requests/s, p99 $p99, host CPU $(((after - before) / 100)) s of ${seconds} s, load $(cut -d' ' -f1-3 /proc/loadavg) ${errors}"
    say "$line"
    echo "- $line" >>"$report"
  done
  median_rps=$(sort -n "$WORK/rps-$name" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  median_p99=$(sort -n "$WORK/p99-$name" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "- **GET ${urls[$name]%%\?*}: median $median_rps requests/s, median p99 $median_p99 ms**" >>"$report"
done
rss=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$host_pid/status")
kill -TERM "$host_pid"; wait "$host_pid" 2>/dev/null || true
echo "- host peak RSS ${rss} MiB" >>"$report"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
cat "$report"
