# Starts Azurite's blob and queue services on free loopback ports with their data under $WORK.
# shellcheck shell=bash

start_azurite() {
  local bin=$ROOT/scripts/tools/node_modules/.bin/azurite-blob
  [ -x "$bin" ] || { say "Azurite is not installed: Azurite tests will fail"; return 0; }
  local port; port=$(free_port)
  say "starting Azurite on 127.0.0.1:$port"
  setsid "$bin" --blobHost 127.0.0.1 --blobPort "$port" --location "$WORK/azurite" \
    --skipApiVersionCheck --silent >"$WORK/azurite.log" 2>&1 &
  remember_started $! azurite
  wait_for_port 127.0.0.1 "$port" 30 || { tail -20 "$WORK/azurite.log" >&2; die "Azurite did not listen within 30 s"; }
  export WAKEDOCK_TEST_AZURITE_BLOB_ENDPOINT="http://127.0.0.1:$port/devstoreaccount1"
  start_azurite_queue
}

# The queue service: the Functions app's queue triggers read from it (tests/WakeDock.Testing/FunctionsHost).
start_azurite_queue() {
  local bin=$ROOT/scripts/tools/node_modules/.bin/azurite-queue
  [ -x "$bin" ] || { say "Azurite's queue service is not installed: queue tests will fail"; return 0; }
  local port; port=$(free_port)
  say "starting Azurite's queue service on 127.0.0.1:$port"
  setsid "$bin" --queueHost 127.0.0.1 --queuePort "$port" --location "$WORK/azurite-queue" \
    --skipApiVersionCheck --silent >"$WORK/azurite-queue.log" 2>&1 &
  remember_started $! azurite-queue
  wait_for_port 127.0.0.1 "$port" 30 || { tail -20 "$WORK/azurite-queue.log" >&2; die "Azurite's queue service did not listen within 30 s"; }
  export WAKEDOCK_TEST_AZURITE_QUEUE_ENDPOINT="http://127.0.0.1:$port/devstoreaccount1"
}
