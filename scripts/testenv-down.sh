#!/usr/bin/env bash
# Stops the local test cluster started by scripts/testenv-up.sh (sshd, slurmd, slurmctld,
# munged, each by the pid in its own pid file) and removes its state directory.
# Set XTALFLOW_TESTENV_KEEP=1 to keep the directory (logs) for inspection.
set -uo pipefail
D="${XTALFLOW_TESTENV_DIR:-/tmp/xtalflow-testenv}"
log() { echo "testenv-down: $*" >&2; }
[[ -d "$D" ]] || { log "nothing to stop ($D absent)"; exit 0; }

stop() { # name pidfile
  local pf="$2" pid
  [[ -f "$pf" ]] || return 0
  pid=$(cat "$pf")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null; log "$1 ($pid) killed"; else log "$1 ($pid) stopped"; fi
  fi
  rm -f "$pf"
}

stop sshd "$D/ssh/sshd.pid"
if [[ -f "$D/slurm/slurm.conf" && -f "$D/slurm/slurmctld.pid" ]]; then
  # cancel this test cluster's jobs so no job step outlives its slurmd
  SLURM_CONF="$D/slurm/slurm.conf" timeout 10 scancel --user="$(id -un)" 2>/dev/null || true
  sleep 1
fi
stop slurmd "$D/slurm/slurmd.pid"
stop slurmctld "$D/slurm/slurmctld.pid"
stop munged "$D/munge/munged.pid"
if [[ "${XTALFLOW_TESTENV_KEEP:-0}" == 1 ]]; then
  log "kept $D"
else
  rm -rf "$D"
  log "removed $D"
fi
