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

failed_tests() { # files... -> a block per test that did not pass: its name and the first lines of its message
  local file
  for file in "$@"; do
    # TRX puts each result on its own element; its message (often several lines) follows in <Message>.
    # The first 25 lines of each message are kept: the CI log shows only its tail, and a child process's
    # output in the message is often what tells why.
    awk '
      function unxml(s) { gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s); return s }
      function line(s) { if (shown < 25) print "      " unxml(substr(s, 1, 300)); shown++ }
      /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
        match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1 }
      want && /<Message>/ {
        print "  FAILED " unxml(name); shown = 0; msg = $0; sub(/.*<Message>/, "", msg)
        if (msg ~ /<\/Message>/) { sub(/<\/Message>.*/, "", msg); line(msg); want = 0; next }
        line(msg); inmsg = 1; next }
      inmsg && /<\/Message>/ { msg = $0; sub(/<\/Message>.*/, "", msg); line(msg); inmsg = 0; want = 0; next }
      inmsg { line($0); next }
      want && /<\/UnitTestResult>/ { print "  FAILED " unxml(name); want = 0 }
    ' "$file"
  done
}

summarize_results() { # directory -> prints the failures and the line, returns 1 when anything failed
  local files=() passed failed skipped line
  mapfile -t files < <(find "$1" -name '*.trx' 2>/dev/null)
  if [ ${#files[@]} -eq 0 ]; then
    echo "0 passed, 0 failed (no test results: the build or the test host failed)"
    return 1
  fi
  passed=$(trx_counter passed "${files[@]}")
  failed=$(( $(trx_counter failed "${files[@]}") + $(trx_counter error "${files[@]}") + $(trx_counter timeout "${files[@]}") + $(trx_counter aborted "${files[@]}") ))
  skipped=$(trx_counter notExecuted "${files[@]}")
  [ "$failed" -eq 0 ] || failed_tests "${files[@]}"
  line="$passed passed, $failed failed"
  [ "$skipped" -eq 0 ] || line+=", $skipped skipped"
  echo "$line"
  [ "$failed" -eq 0 ]
}
