# shellcheck shell=bash
# What the container images carry and how fast their process is ready, sourced by scripts/bench.sh (ROOT,
# WORK, BENCH_ARTIFACTS and DOCKER_HOST are set). The images cannot be built here (no registry for the
# base images), so their publish step runs as the Dockerfiles write it, then, for the agent and the
# functions host, ReadyToRun (the images) against plain IL:
#   size      the published folder (what an image adds to mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled);
#   ready     process start to the first 200 from /health (what a scale-from-zero replica or a restarted
#             agent costs), median of BENCH_RUNS starts;
#   rss       resident memory 5 s after /health answered, median.
#   ./scripts/bench.sh deploy            BENCH_RUNS=7 by default

RUNS=${BENCH_RUNS:-7}
case "$(uname -m)" in x86_64) RID=linux-x64 ;; aarch64) RID=linux-arm64 ;; *) RID=linux-$(uname -m) ;; esac
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) {print "nan"; exit} print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

publish() { # project output readytorun
  say "publishing $1 ($RID, ReadyToRun=$3)"
  dotnet publish "$ROOT/$1" -c Release -r "$RID" --self-contained false -p:PublishReadyToRun="$3" -o "$2" --verbosity quiet \
    >"$WORK/publish.log" 2>&1 || { tail -20 "$WORK/publish.log" >&2; die "$1 did not publish"; }
}

# ready_ms APPHOST PORT -> start to first /health 200 in ms, then RSS (MiB) 5 s later; stops the process.
ready_once() {
  local apphost=$1 port=$2 start end pid rss
  start=$(date +%s%N)
  ASPNETCORE_URLS=http://127.0.0.1:$port WAKEDOCK_EMBEDDED_AGENT=false WAKEDOCK_METRICS_STORAGE_PATH=$WORK/metrics \
    WakeDock__Agent__DataDirectory=$WORK/agent-data DOTNET_EnableDiagnostics=0 "$apphost" >"$WORK/app.log" 2>&1 &
  pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$WORK/app.log" >&2; die "$apphost exited before /health answered"; }
    sleep 0.01
  done
  end=$(date +%s%N)
  sleep 5
  rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(((end - start) / 1000000)) $rss"
}

measure() { # name apphost -> "size_mib ready_ms rss_mib" and the raw runs
  local name=$1 apphost=$2 port runs=() i size
  port=$(free_port)
  size=$(du -sb "$(dirname "$apphost")" | awk '{printf "%.1f", $1/1048576}')
  : >"$BENCH_ARTIFACTS/$name.runs"
  for ((i = 0; i < RUNS; i++)); do ready_once "$apphost" "$port" >>"$BENCH_ARTIFACTS/$name.runs"; done
  echo "$size $(awk '{print $1}' "$BENCH_ARTIFACTS/$name.runs" | median) $(awk '{print $2}' "$BENCH_ARTIFACTS/$name.runs" | median)"
}

declare -A result
for app in "edge-agent/WakeDock.EdgeAgent:WakeDock.EdgeAgent" "functions/WakeDock.Functions:WakeDock.Functions"; do
  project=${app%%:*}; assembly=${app##*:}
  for r2r in true false; do
    publish "$project" "$WORK/$assembly-$r2r" "$r2r"
    result[$assembly-$r2r]=$(measure "$assembly-r2r-$r2r" "$WORK/$assembly-$r2r/$assembly")
    say "$assembly ReadyToRun=$r2r: ${result[$assembly-$r2r]} (MiB, ms, MiB)"
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}'; }
{
  echo "# Images: published size, start to ready, memory"
  echo
  sed 's/^/    /' "$BENCH_ARTIFACTS/machine.txt"
  echo
  echo "Median of $RUNS starts each; ready = process start to the first 200 from /health (no Docker access"
  echo "needed for that: the agent answers degraded while the engine is away)."
  echo
  echo "| app | build | published MiB | ready ms | RSS MiB (5 s after ready) |"
  echo "|---|---|---|---|---|"
  for assembly in WakeDock.EdgeAgent WakeDock.Functions; do
    for r2r in true false; do
      read -r size ready rss <<<"${result[$assembly-$r2r]}"
      echo "| $assembly | $([ "$r2r" = true ] && echo "ReadyToRun (the image)" || echo "IL only") | $size | $ready | $rss |"
    done
  done
  echo
  for assembly in WakeDock.EdgeAgent WakeDock.Functions; do
    read -r _ ready_r2r _ <<<"${result[$assembly-true]}"
    read -r _ ready_il _ <<<"${result[$assembly-false]}"
    echo "- $assembly: ReadyToRun is ready in $(ratio "$ready_r2r" "$ready_il")× the time of IL only."
  done
} >"$BENCH_ARTIFACTS/report.md"
cat "$BENCH_ARTIFACTS/report.md"
