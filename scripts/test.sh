#!/usr/bin/env bash
# The README's test command: installs what the tests need (scripts/install-deps.sh), starts the
# local test services (OpenSSH on 127.0.0.1 and a single-node Slurm, scripts/testenv-up.sh), runs
# every test with `mvn verify`, and stops the services again whatever the outcome.
# Extra arguments go to Maven (e.g. -o, -Dtest=..., -Dgroups=cluster).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/install-deps.sh
# each run gets its own test cluster directory, so concurrent runs never stop each other's
export XTALFLOW_TESTENV_DIR="${XTALFLOW_TESTENV_DIR:-$(mktemp -u -d /tmp/xtalflow-testenv.XXXXXX)}"
ENV_FILE="$(mktemp)"
trap 'bash scripts/testenv-down.sh || true; rm -f "$ENV_FILE"' EXIT
bash scripts/testenv-up.sh > "$ENV_FILE"   # fails the run if the test cluster cannot start
# shellcheck disable=SC1090
source "$ENV_FILE"
mvn -B verify "$@"
