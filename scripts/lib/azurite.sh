# Starts Azurite's blob and queue services on free loopback ports with their data under $WORK.
# shellcheck shell=bash

start_azurite() {
  start_azurite_service blob WAKEDOCK_TEST_AZURITE_BLOB_ENDPOINT
  # the Functions app's queue triggers read from it (tests/WakeDock.Testing/FunctionsHost)
  start_azurite_service queue WAKEDOCK_TEST_AZURITE_QUEUE_ENDPOINT
}

# start_azurite_service SERVICE VARIABLE: Azurite's SERVICE (blob, queue) on a free loopback port; its endpoint exported as VARIABLE.
start_azurite_service() {
  local service=$1 variable=$2
  local bin=$ROOT/scripts/tools/node_modules/.bin/azurite-$service
  [ -x "$bin" ] || { say "Azurite ($service) is not installed: Azurite tests will fail"; return 0; }
  local port; port=$(free_port)
  say "starting Azurite's $service service on 127.0.0.1:$port"
  setsid "$bin" "--${service}Host" 127.0.0.1 "--${service}Port" "$port" --location "$WORK/azurite-$service" \
    --skipApiVersionCheck --silent >"$WORK/azurite-$service.log" 2>&1 &
  remember_started $! "azurite-$service"
  wait_for_port 127.0.0.1 "$port" 30 || { tail -20 "$WORK/azurite-$service.log" >&2; die "Azurite's $service service did not listen within 30 s"; }
  export "$variable=http://127.0.0.1:$port/devstoreaccount1"
}
