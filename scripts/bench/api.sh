# The query API under load: the functions host (Release, distributed mode, a reader API key, the rate limiter on with a
# bucket too large to trip) holding one hour of samples at 5 s for N containers, then `wrk` from a second process on
# loopback: 64 connections on GET /containers and GET /metrics?hours=1 of one container. Sourced by scripts/bench.sh
# (ROOT, WORK, BENCH_ARTIFACTS set). Args: [runs=3] [seconds=15] [connections=64] [containers=20].
# BENCH_COMPARE_REF=<git ref> also builds that commit and runs it beside this tree, the two hosts' runs interleaved so that
# both see the same machine load; the report gives each one's medians (requests/s, p99, host CPU per request) and the ratios.
# shellcheck shell=bash
runs=${1:-3}
seconds=${2:-15}
connections=${3:-64}
containers=${4:-20}
command -v wrk >/dev/null || install_apt_packages wrk
build_host() { # tree
  dotnet build "$1/functions/WakeDock.Functions" --configuration Release --verbosity quiet -warnaserror -warnnotaserror:NU1603 >/dev/null
  echo "$1/functions/WakeDock.Functions/bin/Release/net10.0/WakeDock.Functions.dll"
}
say "building the functions host (Release)"
declare -A dlls=([this]=$(build_host "$ROOT"))
hosts=(this)
if [ -n "${BENCH_COMPARE_REF:-}" ]; then
  say "building $BENCH_COMPARE_REF (Release) to compare with"
  git -C "$ROOT" worktree add --detach --force "$WORK/compare-ref" "$BENCH_COMPARE_REF" >/dev/null 2>&1 || die "cannot check out $BENCH_COMPARE_REF"
  dlls[ref]=$(build_host "$WORK/compare-ref")
  hosts=(ref this)
fi
report=$BENCH_ARTIFACTS/report.md
key=bench-reader-$(openssl rand -hex 16)
hash=sha256:$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)
{
  echo "# API benchmark"
  echo
  cat "$BENCH_ARTIFACTS/machine.txt"
  echo
  echo "wrk -t2 -c$connections -d${seconds}s --latency, $runs runs per endpoint${BENCH_COMPARE_REF:+ and host (this tree against $BENCH_COMPARE_REF, runs interleaved)}; $containers containers × 720 samples (1 h at 5 s)"
  echo
} >"$report"

declare -A pids ports
for h in "${hosts[@]}"; do
  ports[$h]=$(free_port)
  WAKEDOCK_EMBEDDED_AGENT=false WAKEDOCK_METRICS_STORAGE_PATH=$WORK/api-store-$h WakeDock__Timers__UseInternalSchedule=false \
    WakeDock__Security__ApiKeys__0__Name=bench WakeDock__Security__ApiKeys__0__Role=Reader WakeDock__Security__ApiKeys__0__Hash="$hash" \
    WakeDock__Security__RateLimit__PermitsPerSecond=10000000 WakeDock__Security__RateLimit__Burst=10000000 \
    Serilog__MinimumLevel__Default=Warning \
    dotnet "${dlls[$h]}" --urls "http://127.0.0.1:${ports[$h]}" >"$WORK/api-host-$h.log" 2>&1 &
  pids[$h]=$!
  remember_started "${pids[$h]}" "functions host ($h)"
  wait_for_port 127.0.0.1 "${ports[$h]}" 60 || die "the functions host ($h) did not start"
  say "seeding $containers containers with an hour of samples ($h)"
  python3 "$ROOT/scripts/bench/seed-api.py" "${ports[$h]}" "$containers"
done

one=c000$(printf '0%.0s' $(seq 1 60))
declare -A urls=(
  [containers]="/api/v1/monitoring/containers"
  [metrics]="/api/v1/monitoring/metrics?container_id=$one&hours=1"
)
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for name in containers metrics; do
  for h in "${hosts[@]}"; do
    url="http://127.0.0.1:${ports[$h]}${urls[$name]}"
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $key" "$url")" = 200 ] || die "$url does not answer 200 ($h)"
    wrk -t2 -c"$connections" -d3s -H "X-Api-Key: $key" "$url" >/dev/null # warm-up
    : >"$WORK/rps-$name-$h"; : >"$WORK/p99-$name-$h"; : >"$WORK/cpu-$name-$h"
  done
  size=$(curl -s -H "X-Api-Key: $key" "http://127.0.0.1:${ports[this]}${urls[$name]}" | wc -c)
  for run in $(seq 1 "$runs"); do
    for h in "${hosts[@]}"; do
      url="http://127.0.0.1:${ports[$h]}${urls[$name]}"
      before=$(awk '{print $14+$15}' "/proc/${pids[$h]}/stat")
      out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "X-Api-Key: $key" "$url")
      after=$(awk '{print $14+$15}' "/proc/${pids[$h]}/stat")
      rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
      requests=$(echo "$out" | awk '/requests in/ {print $1}')
      p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
      errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
      p99ms=$(echo "$p99" | awk '/us$/ {sub("us",""); print $1/1000; next} /ms$/ {sub("ms",""); print $1; next} /s$/ {sub("s",""); print $1*1000}')
      # clock ticks are 10 ms: host CPU microseconds per request
      cpu=$(( (after - before) * 10000 / requests ))
      echo "$rps" >>"$WORK/rps-$name-$h"; echo "$p99ms" >>"$WORK/p99-$name-$h"; echo "$cpu" >>"$WORK/cpu-$name-$h"
      line="GET ${urls[$name]%%\?*} ($size bytes), $h, run $run: $rps requests/s, p99 $p99, host CPU $cpu µs per request, load $(cut -d' ' -f1-3 /proc/loadavg) ${errors}"
      say "$line"
      echo "- $line" >>"$report"
    done
  done
  for h in "${hosts[@]}"; do
    echo "- **GET ${urls[$name]%%\?*} ($h): median $(median "$WORK/rps-$name-$h") requests/s, median p99 $(median "$WORK/p99-$name-$h") ms, median host CPU $(median "$WORK/cpu-$name-$h") µs per request**" >>"$report"
  done
  if [ -n "${BENCH_COMPARE_REF:-}" ]; then
    echo "- **GET ${urls[$name]%%\?*}: this / $BENCH_COMPARE_REF = $(awk -v a="$(median "$WORK/rps-$name-this")" -v b="$(median "$WORK/rps-$name-ref")" 'BEGIN {printf "%.2f", a/b}')× requests/s, $(awk -v a="$(median "$WORK/cpu-$name-this")" -v b="$(median "$WORK/cpu-$name-ref")" 'BEGIN {printf "%.2f", a/b}')× CPU per request**" >>"$report"
  fi
done
for h in "${hosts[@]}"; do
  rss=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/${pids[$h]}/status")
  kill -TERM "${pids[$h]}"; wait "${pids[$h]}" 2>/dev/null || true
  echo "- host peak RSS ($h) ${rss} MiB" >>"$report"
done
[ -z "${BENCH_COMPARE_REF:-}" ] || git -C "$ROOT" worktree remove --force "$WORK/compare-ref" >/dev/null 2>&1 || true
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
cat "$report"
