#!/usr/bin/env bash
# The README's test command (and what .ci/run calls). Installs what is missing (as root on Debian),
# starts a private Docker engine when none answers and Azurite, runs every test of the solution
# against them, stops exactly what it started, and ends with "N passed, N failed".
#   ./scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Smoke]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
for lib in common install docker-engine azurite results; do
  # shellcheck source=/dev/null
  source "$ROOT/scripts/lib/$lib.sh"
done

WORK=$(mktemp -d /tmp/wakedock-test.XXXXXX)
export WORK

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  remove_test_containers
  stop_started
  # anything left that lives under this run's folder (containerd shims, a wedged engine) is ours
  pkill -KILL -f "$WORK" 2>/dev/null || true
  grep -o " $WORK[^ ]*" /proc/mounts 2>/dev/null | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$WORK" 2>/dev/null || true
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

engine=no
find_running_engine && engine=yes
install_apt_packages "$(missing_apt_packages $engine)"
install_npm_tools

if [ $engine = yes ]; then
  say "using the running Docker engine at ${DOCKER_HOST:-unix:///var/run/docker.sock}"
else
  start_private_engine
fi
build_test_image
start_azurite

export WAKEDOCK_REQUIRE_INTEGRATION=1
export WAKEDOCK_TEST_IMAGE=$TEST_IMAGE
export WAKEDOCK_TEST_CHROMIUM=${WAKEDOCK_TEST_CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}
export WAKEDOCK_TEST_PROMTOOL=${WAKEDOCK_TEST_PROMTOOL:-$(command -v promtool || echo promtool)}
export WAKEDOCK_TEST_ARTIFACTS=${WAKEDOCK_TEST_ARTIFACTS:-$ROOT/artifacts/test}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$WAKEDOCK_TEST_ARTIFACTS"

say "restoring and building the solution"
dotnet restore WakeDock.sln --verbosity quiet
dotnet build WakeDock.sln --no-restore --configuration Release --verbosity quiet -warnaserror

say "running the tests"
test_status=0
dotnet test WakeDock.sln --no-build --configuration Release \
  --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$WORK/results" "$@" || test_status=$?

summary_status=0
summary=$(summarize_results "$WORK/results") || summary_status=1
cp "$WORK"/results/*.trx "$WAKEDOCK_TEST_ARTIFACTS"/ 2>/dev/null || true
echo "$summary"
[ $test_status -eq 0 ] && [ $summary_status -eq 0 ]
