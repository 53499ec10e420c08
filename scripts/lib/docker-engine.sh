# Finds a Docker engine, or starts a private one under $WORK; builds the busybox test image.
# shellcheck shell=bash

TEST_IMAGE=${WAKEDOCK_TEST_IMAGE:-wakedock-test/busybox:latest}

engine_answers() { command -v docker >/dev/null && timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

find_running_engine() {
  if [ -n "${DOCKER_HOST:-}" ] && engine_answers; then return 0; fi
  unset DOCKER_HOST
  engine_answers
}

start_private_engine() {
  command -v dockerd >/dev/null || { say "dockerd is not installed: Docker tests will fail"; return 0; }
  local sock=$WORK/docker.sock
  say "starting a private dockerd on unix://$sock"
  setsid dockerd \
    --host "unix://$sock" \
    --data-root "$WORK/docker-data" \
    --exec-root "$WORK/docker-exec" \
    --pidfile "$WORK/docker.pid" \
    --storage-driver=vfs --iptables=false --ip6tables=false --bridge=none \
    --shutdown-timeout=2 >"$WORK/dockerd.log" 2>&1 &
  remember_started $! dockerd
  export DOCKER_HOST="unix://$sock"
  local deadline=$((SECONDS + 60))
  until engine_answers; do
    if ((SECONDS > deadline)) || ! kill -0 "${STARTED_PIDS[-1]}" 2>/dev/null; then
      tail -20 "$WORK/dockerd.log" >&2
      die "the private dockerd did not answer within 60 s"
    fi
    sleep 0.5
  done
}

build_test_image() {
  engine_answers || return 0
  if docker image inspect "$TEST_IMAGE" >/dev/null 2>&1; then return 0; fi
  [ -x /bin/busybox ] || { say "no /bin/busybox: cannot build $TEST_IMAGE"; return 0; }
  say "building $TEST_IMAGE from /bin/busybox with docker import"
  local rootfs=$WORK/busybox-rootfs
  mkdir -p "$rootfs"/{bin,etc,tmp,proc,sys,dev,root}
  cp /bin/busybox "$rootfs/bin/busybox"
  "$rootfs/bin/busybox" --install -s "$rootfs/bin"
  # busybox --install links to the absolute /bin/busybox of the host; make them relative to the image
  for link in "$rootfs"/bin/*; do [ -L "$link" ] && ln -sf busybox "$link"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  chmod 1777 "$rootfs/tmp"
  tar -C "$rootfs" -c . | docker import --change 'CMD ["sh"]' --change 'ENV PATH=/bin' - "$TEST_IMAGE" >/dev/null
}

remove_test_containers() {
  engine_answers || return 0
  local leftovers
  leftovers=$(docker ps -aq --filter label=wakedock.test=1 2>/dev/null || true)
  [ -z "$leftovers" ] || { say "removing leftover test containers"; docker rm -f -v $leftovers >/dev/null 2>&1 || true; }
  leftovers=$(docker network ls -q --filter label=wakedock.test=1 2>/dev/null || true)
  [ -z "$leftovers" ] || docker network rm $leftovers >/dev/null 2>&1 || true
}
