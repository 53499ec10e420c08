# Ingest end to end: the functions host (Release) on a local store with the default thresholds, fed
# CloudEvents of 100 samples over loopback by the load generator in a second process. Sourced by
# scripts/bench.sh (ROOT, WORK, BENCH_ARTIFACTS set). Args: [runs] [seconds] [concurrency] [store].
# store: local (a folder, the default) or blob (append blobs in Azurite, a fresh container per run,
# through the AzureWebJobsStorage connection string as a Function App gives it).
# BENCH_COMPARE_ROOT=<another checkout> (e.g. a `git worktree add --detach … main`) also builds that
# checkout's host and alternates its runs with this one's (A = the other, B = this), so that the
# machine's load falls on both alike; the report gives both medians and B/A.
# BENCH_INSTANCES=N runs N hosts on the one store with WakeDock:ScaleOut on (each its own writer id), agent i
# posting to host i mod N; host CPU is summed over the N (docs/scale-out.md). N=1 still turns scale-out on, to
# price the coordination itself against a plain run. BENCH_INSTANCES=N BENCH_SCALEOUT_PAIRED=1 alternates N plain hosts,
# each on a store of its own (A), with N scaled-out hosts on one store (B): the same number of processes sharing the
# cores, so B/A is the price of the coordination and the following alone.
# shellcheck shell=bash
runs=${1:-3}
seconds=${2:-15}
concurrency=${3:-32}
store_kind=${4:-local}
case $store_kind in
  local) ;;
  blob) [ -n "${WAKEDOCK_TEST_AZURITE_BLOB_ENDPOINT:-}" ] || die "the blob store needs Azurite, which did not start" ;;
  *) die "store is local or blob, not $store_kind" ;;
esac
checkouts=("$ROOT")
labels=(this)
if [ -n "${BENCH_COMPARE_ROOT:-}" ]; then
  checkouts=("$BENCH_COMPARE_ROOT" "$ROOT")
  labels=(A B)
elif [ -n "${BENCH_SCALEOUT_PAIRED:-}" ]; then
  [ "${BENCH_INSTANCES:-0}" -gt 0 ] && [ "$store_kind" = local ] || die "BENCH_SCALEOUT_PAIRED needs BENCH_INSTANCES and the local store"
  checkouts=("$ROOT" "$ROOT")
  labels=(A B)
fi
for checkout in "${checkouts[@]}"; do
  say "building the functions host and the benchmark (Release) in $checkout"
  dotnet build "$checkout/tests/benchmarks/WakeDock.Pipeline.Benchmarks" --configuration Release --verbosity quiet -warnaserror -warnnotaserror:NU1603 >/dev/null
done
bench_dll=$ROOT/tests/benchmarks/WakeDock.Pipeline.Benchmarks/bin/Release/net10.0/WakeDock.Pipeline.Benchmarks.dll
report=$BENCH_ARTIFACTS/report.md
{
  echo "# ingest benchmark ($store_kind store${BENCH_INSTANCES:+, $BENCH_INSTANCES instances with scale-out on})"
  echo
  cat "$BENCH_ARTIFACTS/machine.txt"
  [ -z "${BENCH_SCALEOUT_PAIRED:-}" ] || echo "A: $BENCH_INSTANCES plain hosts, a store each; B: $BENCH_INSTANCES hosts with scale-out on, one store"
  for i in "${!checkouts[@]}"; do
    echo "${labels[$i]}: ${checkouts[$i]} at $(git -C "${checkouts[$i]}" rev-parse --short HEAD)$(git -C "${checkouts[$i]}" diff --quiet HEAD -- functions contracts || echo ' (with uncommitted changes)')"
  done
  echo
} >"$report"
median_of() { sort -g "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for mode in "timers off (compaction deferred)" "timers on (compaction every minute)"; do
  internal=false
  [ "$mode" = "timers on (compaction every minute)" ] && internal=true
  for run in $(seq 1 "$runs"); do
    for i in "${!checkouts[@]}"; do
      label=${labels[$i]}
      host_dll=${checkouts[$i]}/functions/WakeDock.Functions/bin/Release/net10.0/WakeDock.Functions.dll
      store=$WORK/ingest-store-$internal-$run-$label
      port=$(free_port)
      storage=("WAKEDOCK_METRICS_STORAGE_PATH=$store")
      if [ "$store_kind" = blob ]; then
        storage=(WAKEDOCK_STORAGE=blob "WakeDock__Storage__Blob__Container=bench-$internal-$run-${label,,}"
          "AzureWebJobsStorage=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=$WAKEDOCK_TEST_AZURITE_BLOB_ENDPOINT;")
      fi
      instances=${BENCH_INSTANCES:-0}
      pids=(); urls=()
      for n in $(seq 1 $((instances > 0 ? instances : 1))); do
        [ "$n" -gt 1 ] && port=$(free_port)
        scale=()
        if [ -n "${BENCH_SCALEOUT_PAIRED:-}" ] && [ "$label" = A ]; then
          scale=("WAKEDOCK_METRICS_STORAGE_PATH=$store/own-$n")
        elif [ "$instances" -gt 0 ]; then
          scale=(WakeDock__ScaleOut__Enabled=true "WakeDock__Storage__WriterId=bench-$n")
        fi
        env "${storage[@]}" "${scale[@]}" WakeDock__Timers__UseInternalSchedule=$internal Serilog__MinimumLevel__Default=Warning \
          dotnet "$host_dll" --urls "http://127.0.0.1:$port" >"$WORK/ingest-host-$run-$label-$n.log" 2>&1 &
        pids+=($!)
        remember_started "$!" "functions host"
        wait_for_port 127.0.0.1 "$port" 60 || die "the functions host did not start"
        urls+=("http://127.0.0.1:$port")
      done
      host_pid=${pids[0]}
      cpu_of() { local t=0 p; for p in "${pids[@]}"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo $t; }
      before=$(cpu_of)
      line=$(dotnet "$bench_dll" ingest --url "$(IFS=,; echo "${urls[*]}")" --seconds "$seconds" --warmup 3 --concurrency "$concurrency")
      after=$(cpu_of)
      rss=$(for p in "${pids[@]}"; do awk '/VmHWM/ {printf "%.0f\n", $2/1024}' "/proc/$p/status"; done | sort -g | tail -1)
      for p in "${pids[@]:1}"; do kill -TERM "$p"; wait "$p" 2>/dev/null || true; done
      kill -TERM "$host_pid"; wait "$host_pid" 2>/dev/null || true
      rate=$(echo "$line" | sed -E 's/.*median ([0-9]+).*/\1/')
      # host CPU per sample: the whole run's CPU (warm-up included) over the samples of the measured seconds, so an upper bound
      cpu_us=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v r="$rate" -v s="$seconds" 'BEGIN {printf "%.1f", (r > 0 ? 1e6 * t / hz / (r * s) : 0)}')
      say "$mode, $label, run $run: $line"
      echo "- $mode, $label, run $run: $line; host CPU $(((after - before) / 100)) s (~$cpu_us µs a sample), peak RSS ${rss} MiB, load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
      echo "$rate" >>"$WORK/medians-$internal-$label"
      echo "$cpu_us" >>"$WORK/cpu-$internal-$label"
      rm -rf "$store"
    done
  done
  for label in "${labels[@]}"; do
    suffix=""
    [ "$label" = this ] || suffix=" ($label)"
    echo "- **$mode$suffix: median of run medians $(median_of "$WORK/medians-$internal-$label") samples/s**, host CPU median $(median_of "$WORK/cpu-$internal-$label") µs a sample" >>"$report"
  done
  if [ ${#labels[@]} -eq 2 ]; then
    echo "- **$mode: B/A $(awk -v a="$(median_of "$WORK/medians-$internal-A")" -v b="$(median_of "$WORK/medians-$internal-B")" 'BEGIN {printf "%.2f", b / a}') (throughput), $(awk -v a="$(median_of "$WORK/cpu-$internal-A")" -v b="$(median_of "$WORK/cpu-$internal-B")" 'BEGIN {printf "%.2f", b / a}') (CPU a sample)**" >>"$report"
  fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
cat "$report"
