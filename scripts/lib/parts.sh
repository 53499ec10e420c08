# The real parts tests and benchmarks run against: prepare_parts installs what is missing, finds or
# starts a Docker engine, builds the test image and starts Azurite, then exports where they are;
# cleanup_parts undoes exactly that. Callers set ROOT and WORK first.
# shellcheck shell=bash

prepare_parts() {
  local engine=no
  find_running_engine && engine=yes
  install_apt_packages "$(missing_apt_packages $engine)"
  install_npm_tools
  install_dashboard_packages
  if [ $engine = yes ]; then
    say "using the running Docker engine at ${DOCKER_HOST:-unix:///var/run/docker.sock}"
  else
    start_private_engine
  fi
  build_test_image
  start_azurite
  choose_netns_prefix

  export WAKEDOCK_TEST_IMAGE=$TEST_IMAGE
  export WAKEDOCK_TEST_CHROMIUM=${WAKEDOCK_TEST_CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}
  export WAKEDOCK_TEST_PROMTOOL=${WAKEDOCK_TEST_PROMTOOL:-$(command -v promtool || echo promtool)}
  # the Prometheus server binary: tests start (and stop) their own, on a free port with a config of their own
  export WAKEDOCK_TEST_PROMETHEUS=${WAKEDOCK_TEST_PROMETHEUS:-$(command -v prometheus || echo prometheus)}
  export WAKEDOCK_TEST_AMTOOL=${WAKEDOCK_TEST_AMTOOL:-$(command -v amtool || echo amtool)}
  export WAKEDOCK_TEST_ALERTMANAGER=${WAKEDOCK_TEST_ALERTMANAGER:-$(command -v prometheus-alertmanager || command -v alertmanager || echo alertmanager)}
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
}

cleanup_parts() {
  remove_test_namespaces
  remove_test_containers
  stop_started
  # anything left that lives under this run's folder (containerd shims, a wedged engine) is ours
  pkill -KILL -f "$WORK" 2>/dev/null || true
  grep -o " $WORK[^ ]*" /proc/mounts 2>/dev/null | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$WORK" 2>/dev/null || true
}

# Sources every library and makes the run folder; traps so that cleanup_parts always runs.
begin_run() {
  for lib in common install docker-engine azurite netns results; do
    # shellcheck source=/dev/null
    source "$ROOT/scripts/lib/$lib.sh"
  done
  WORK=$(mktemp -d /tmp/wakedock-$1.XXXXXX)
  export WORK
  trap 'status=$?; trap - EXIT INT TERM; cleanup_parts; exit $status' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}
