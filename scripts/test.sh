#!/usr/bin/env bash
# The README's test command (and what .ci/run calls). Installs what is missing (as root on Debian),
# starts a private Docker engine when none answers and Azurite, runs every test of the solution
# against them, stops exactly what it started, and ends with "N passed, N failed".
#   ./scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Smoke]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/parts.sh
source "$ROOT/scripts/lib/parts.sh"
begin_run test
prepare_parts

export WAKEDOCK_REQUIRE_INTEGRATION=1
export WAKEDOCK_TEST_ARTIFACTS=${WAKEDOCK_TEST_ARTIFACTS:-$ROOT/artifacts/test}
mkdir -p "$WAKEDOCK_TEST_ARTIFACTS"

say "restoring and building the solution"
dotnet restore WakeDock.sln --verbosity quiet
# NU1603 stays a warning: the Worker.Sdk's generated WorkerExtensions project asks for versions this package source serves only newer.
dotnet build WakeDock.sln --no-restore --configuration Release --verbosity quiet -warnaserror -warnnotaserror:NU1603

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
