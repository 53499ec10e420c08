# Starts Azurite's blob service on a free loopback port with its data under $WORK.
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
}
