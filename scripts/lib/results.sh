# Sums the TRX files of a dotnet test run into the closing line "N passed, N failed[, N skipped]".
# shellcheck shell=bash

trx_counter() { # name files...
  local name=$1 total=0 value file
  shift
  for file in "$@"; do
    value=$(grep -o "<Counters [^>]*" "$file" | grep -o " $name=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0)
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

summarize_results() { # directory -> prints the line, returns 1 when anything failed
  local files=() passed failed skipped line
  mapfile -t files < <(find "$1" -name '*.trx' 2>/dev/null)
  if [ ${#files[@]} -eq 0 ]; then
    echo "0 passed, 0 failed (no test results: the build or the test host failed)"
    return 1
  fi
  passed=$(trx_counter passed "${files[@]}")
  failed=$(( $(trx_counter failed "${files[@]}") + $(trx_counter error "${files[@]}") + $(trx_counter timeout "${files[@]}") + $(trx_counter aborted "${files[@]}") ))
  skipped=$(trx_counter notExecuted "${files[@]}")
  line="$passed passed, $failed failed"
  [ "$skipped" -eq 0 ] || line+=", $skipped skipped"
  echo "$line"
  [ "$failed" -eq 0 ]
}
