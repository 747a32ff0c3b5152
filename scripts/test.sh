#!/usr/bin/env bash
# The README's test command: installs what the tests need, starts the local test services
# (OpenSSH on 127.0.0.1 and a single-node Slurm, when their scripts exist), runs every test,
# and stops the services again whatever the outcome.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/install-deps.sh
if [[ -x scripts/testenv-up.sh ]]; then
  # shellcheck disable=SC1091
  source <(bash scripts/testenv-up.sh)
  trap 'bash scripts/testenv-down.sh || true' EXIT
fi
mvn -B verify "$@"
