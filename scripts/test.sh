#!/usr/bin/env bash
# Runs every test of the solution, the one command CI and developers use.
#
# Installs what the tests need when it is missing (PostgreSQL, Chromium, mosquitto, vsftpd, fonts),
# starts a throwaway PostgreSQL on loopback, runs `dotnet test` and ends with "N passed, N failed, N skipped".
# mosquitto and vsftpd are not started here: each printer test fixture starts its own on a free loopback port.
#
# Environment:
#   PRINTSTASH_TEST_PROJECTS  what to test (default: PrintStash.sln), e.g. tests/PrintStash.Domain.Tests
#   PRINTSTASH_TEST_CONFIGURATION  Debug or Release (default: Release)
# Exported for the tests:
#   PRINTSTASH_TEST_POSTGRES  Npgsql connection string of a role that may create databases
#   PRINTSTASH_TEST_CHROMIUM  path of the Chromium binary for Playwright
#   PRINTSTASH_TEST_MOSQUITTO, PRINTSTASH_TEST_MOSQUITTO_PASSWD, PRINTSTASH_TEST_VSFTPD, PRINTSTASH_TEST_OPENSSL
#                             server binaries the printer test fixtures run (a missing one fails those tests, never skips)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

# shellcheck source=lib/packages.sh
source "$REPO_ROOT/scripts/lib/packages.sh"
# shellcheck source=lib/postgres.sh
source "$REPO_ROOT/scripts/lib/postgres.sh"
# shellcheck source=lib/trx.sh
source "$REPO_ROOT/scripts/lib/trx.sh"
# shellcheck source=lib/servers.sh
source "$REPO_ROOT/scripts/lib/servers.sh"

PROJECTS="${PRINTSTASH_TEST_PROJECTS:-PrintStash.sln}"
CONFIGURATION="${PRINTSTASH_TEST_CONFIGURATION:-Release}"
# TRX files stay here after the run for inspection (git-ignored).
RESULTS_DIR="$REPO_ROOT/TestResults"

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    pg_stop
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. Tools the tests use.
ensure_packages postgresql chromium mosquitto vsftpd fonts-dejavu-core prusa-slicer time

# 2. Throwaway PostgreSQL; tests create and drop their own databases through this role.
pg_start
export PRINTSTASH_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=printstash;Password=printstash;Database=postgres"

# 3. Chromium for the Playwright tests.
export PRINTSTASH_TEST_CHROMIUM=/usr/bin/chromium
if [[ ! -x "$PRINTSTASH_TEST_CHROMIUM" ]]; then
    echo "test.sh: $PRINTSTASH_TEST_CHROMIUM is missing after install" >&2
    exit 1
fi

# 4. MQTT and FTPS servers for the printer tests: binaries checked and exported, the FTPS login account prepared.
export_server_binaries
ensure_ftps_test_account

# 5. The tests.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
echo "test.sh: dotnet test $PROJECTS -c $CONFIGURATION"
test_status=0
dotnet test "$PROJECTS" -c "$CONFIGURATION" \
    --logger "trx" --logger "console;verbosity=normal" \
    --results-directory "$RESULTS_DIR" </dev/null || test_status=$?

read -r passed failed skipped trx_files < <(trx_totals "$RESULTS_DIR")
echo
echo "test.sh: dotnet test exited with $test_status; $trx_files test result file(s) in $RESULTS_DIR"
if ((test_status != 0 && failed == 0)); then
    echo "test.sh: dotnet test failed outside the tests (build error or crashed test host): see the output above" >&2
fi
if ((passed + failed == 0)); then
    echo "test.sh: no test ran" >&2
fi
echo "$passed passed, $failed failed, $skipped skipped"

if ((test_status != 0 || failed != 0 || passed + failed == 0)); then
    exit 1
fi
