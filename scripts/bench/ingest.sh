# Ingest end to end: the functions host (Release) on a local store with the default thresholds, fed
# CloudEvents of 100 samples over loopback by the load generator in a second process. Sourced by
# scripts/bench.sh (ROOT, WORK, BENCH_ARTIFACTS set). Args: [runs] [seconds] [concurrency] [store].
# store: local (a folder, the default) or blob (append blobs in Azurite, a fresh container per run,
# through the AzureWebJobsStorage connection string as a Function App gives it).
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
say "building the functions host and the benchmark (Release)"
dotnet build "$ROOT/tests/benchmarks/WakeDock.Pipeline.Benchmarks" --configuration Release --verbosity quiet -warnaserror -warnnotaserror:NU1603 >/dev/null
bench_dll=$ROOT/tests/benchmarks/WakeDock.Pipeline.Benchmarks/bin/Release/net10.0/WakeDock.Pipeline.Benchmarks.dll
host_dll=$ROOT/functions/WakeDock.Functions/bin/Release/net10.0/WakeDock.Functions.dll
report=$BENCH_ARTIFACTS/report.md
{
  echo "# ingest benchmark ($store_kind store)"
  echo
  cat "$BENCH_ARTIFACTS/machine.txt"
  echo
} >"$report"

for mode in "timers off (compaction deferred)" "timers on (compaction every minute)"; do
  internal=false
  [ "$mode" = "timers on (compaction every minute)" ] && internal=true
  for run in $(seq 1 "$runs"); do
    store=$WORK/ingest-store-$internal-$run
    port=$(free_port)
    storage=("WAKEDOCK_METRICS_STORAGE_PATH=$store")
    if [ "$store_kind" = blob ]; then
      storage=(WAKEDOCK_STORAGE=blob "WakeDock__Storage__Blob__Container=bench-$internal-$run"
        "AzureWebJobsStorage=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=$WAKEDOCK_TEST_AZURITE_BLOB_ENDPOINT;")
    fi
    env "${storage[@]}" WakeDock__Timers__UseInternalSchedule=$internal Serilog__MinimumLevel__Default=Warning \
      dotnet "$host_dll" --urls "http://127.0.0.1:$port" >"$WORK/ingest-host-$run.log" 2>&1 &
    host_pid=$!
    remember_started "$host_pid" "functions host"
    wait_for_port 127.0.0.1 "$port" 60 || die "the functions host did not start"
    before=$(awk '{print $14+$15}' "/proc/$host_pid/stat")
    line=$(dotnet "$bench_dll" ingest --url "http://127.0.0.1:$port" --seconds "$seconds" --warmup 3 --concurrency "$concurrency")
    after=$(awk '{print $14+$15}' "/proc/$host_pid/stat")
    rss=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$host_pid/status")
    kill -TERM "$host_pid"; wait "$host_pid" 2>/dev/null || true
    say "$mode, run $run: $line"
    echo "- $mode, run $run: $line; host CPU $(((after - before) / 100)) s, peak RSS ${rss} MiB, load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
    echo "$line" | sed -E 's/.*median ([0-9]+).*/\1/' >>"$WORK/medians-$internal"
    rm -rf "$store"
  done
  median=$(sort -n "$WORK/medians-$internal" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "- **$mode: median of run medians $median samples/s**" >>"$report"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
cat "$report"
