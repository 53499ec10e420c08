# Queries on a generated 7-day store of 100 containers at 5 s (about 12 M samples): the store is
# written by the benchmark's generator (closed segments and tiers, as a host leaves them), then the
# functions host starts in the benchmark process and the query core is timed. Sourced by
# scripts/bench.sh. Args: [days] [containers] [runs]. Set WAKEDOCK_BENCH_STORE to keep/reuse a store.
# shellcheck shell=bash
days=${1:-7}
containers=${2:-100}
runs=${3:-200}
say "building the benchmark (Release)"
dotnet build "$ROOT/tests/benchmarks/WakeDock.Pipeline.Benchmarks" --configuration Release --verbosity quiet -warnaserror -warnnotaserror:NU1603 >/dev/null
bench_dll=$ROOT/tests/benchmarks/WakeDock.Pipeline.Benchmarks/bin/Release/net10.0/WakeDock.Pipeline.Benchmarks.dll
store=${WAKEDOCK_BENCH_STORE:-$WORK/query-store}
report=$BENCH_ARTIFACTS/report.md
{
  echo "# query benchmark"
  echo
  cat "$BENCH_ARTIFACTS/machine.txt"
  echo
} >"$report"
if [ ! -d "$store/index" ]; then
  say "generating $days days of $containers containers at 5 s into $store"
  dotnet "$bench_dll" generate --path "$store" --days "$days" --containers "$containers" --interval 5 | tee -a "$report"
fi
echo "- store on disk: $(du -sh "$store" | cut -f1) in all; closed segments $(du -cb "$store"/metrics_*.jsonl.gz | tail -1 | cut -f1) bytes; tiers $(du -sh "$store/rollups" | cut -f1); indexes $(du -sh "$store/index" | cut -f1)" >>"$report"
say "timing the query core"
dotnet "$bench_dll" query --path "$store" --runs "$runs" | sed 's/^/- /' | tee -a "$report"
echo "- load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
cat "$report"
