# Shared by scripts/*.sh: logging, the processes this run started, free ports.
# shellcheck shell=bash

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# pids (and their process groups) started by this run, stopped in reverse order by stop_started
STARTED_PIDS=()
STARTED_NAMES=()

remember_started() { STARTED_PIDS+=("$1"); STARTED_NAMES+=("$2"); }

stop_started() {
  local i pid name
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${STARTED_PIDS[$i]}; name=${STARTED_NAMES[$i]}
    kill -0 "$pid" 2>/dev/null || continue
    say "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name did not stop in 15 s; killing its process group"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  STARTED_PIDS=(); STARTED_NAMES=()
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

wait_for_port() { # host port seconds
  local deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

is_root_on_debian() { [ "$(id -u)" -eq 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; }
