# --- the VASP flow (templates/jobs/vasp-flow.sh; README "Runs that finish") --------------------
# Steps: ${flow_steps}. Each runs in its own folder; a step holding xtalflow-done is finished and
# never runs again, so a resubmitted job continues where the last one stopped. A relaxation starts
# from the previous step's CONTCAR; the static step uses INCAR.static and KPOINTS.static. Inputs are
# copied into a step folder once: corrections between attempts edit the step's own INCAR/POSCAR.
# Walltime: a STOPCAR (LSTOP) is written when less than max(${walltime_margin_s} s, 3 x the longest
# ionic step) is left; VASP then ends after its current ionic step, xtalflow-walltime-stop says
# why, and the next attempt continues from CONTCAR.
xf_vasp() { # XTALFLOW_VASP_COMMAND: the cluster profile's or the bundle's (set above), split into words, never evaluated
  $$XTALFLOW_VASP_COMMAND
}
xf_margin=${walltime_margin_s}
xf_seconds() { # D-HH:MM:SS, HH:MM:SS or MM:SS as seconds; nothing for anything else
  echo "$1" | awk -F'[-:]' '/^[0-9]+(-[0-9]+)?(:[0-9]+)+$/ {
    if (NF == 4) s = (($1 * 24 + $2) * 60 + $3) * 60 + $4; else if (NF == 3) s = ($1 * 60 + $2) * 60 + $3;
    else s = $1 * 60 + $2; print s }'
}
xf_left=""
if [ -n "$${SLURM_JOB_ID:-}" ] && command -v squeue > /dev/null 2>&1; then
  xf_left=$(xf_seconds "$(squeue -h -j "$SLURM_JOB_ID" -o %L 2> /dev/null | head -n 1)")
fi
if [ -z "$xf_left" ] && [ -n "$${PBS_WALLTIME:-}" ]; then xf_left=$PBS_WALLTIME; fi
if [ -z "$xf_left" ]; then xf_left=$(xf_seconds "${walltime}"); fi
xf_end=$(( $(date +%s) + xf_left ))
xf_watch() { # $1: VASP's pid; run in the step folder; looks every ${watch_interval_s} s, stops within 1 s of VASP
  xf_tick=0
  while kill -0 "$1" 2> /dev/null; do
    sleep 1
    xf_tick=$(( xf_tick + 1 ))
    if [ "$xf_tick" -lt ${watch_interval_s} ]; then continue; fi
    xf_tick=0
    longest=$(awk -F'real time' '/LOOP\+/ { t = $2 + 0; if (t > m) m = t } END { printf "%d", m + 0.999 }' OUTCAR 2> /dev/null || echo 0)
    need=$(( 3 * longest > xf_margin ? 3 * longest : xf_margin ))
    left=$(( xf_end - $(date +%s) ))
    if [ "$left" -lt "$need" ] && [ ! -f STOPCAR ]; then
      echo "LSTOP = .TRUE." > STOPCAR
      echo "STOPCAR written with $left s left (margin $need s)" > xtalflow-walltime-stop
    fi
  done
}
xf_prev=""
for xf_step in ${flow_steps}; do
  if [ -f "$xf_step/xtalflow-done" ]; then xf_prev=$xf_step; continue; fi
  mkdir -p "$xf_step"
  if [ ! -f "$xf_step/INCAR" ]; then
    if [ "$xf_step" = static ] && [ -f INCAR.static ]; then
      cp INCAR.static "$xf_step/INCAR"; cp KPOINTS.static "$xf_step/KPOINTS"
    else
      cp INCAR KPOINTS "$xf_step/"
    fi
    if [ -n "$xf_prev" ]; then cp "$xf_prev/CONTCAR" "$xf_step/POSCAR"; else cp POSCAR "$xf_step/POSCAR"; fi
  fi
  if [ -f POTCAR ]; then cp POTCAR "$xf_step/POTCAR"; fi
  if [ -f "$xf_step/vasp.out" ]; then # a failed attempt's outputs: kept aside, so none is read as this one's
    xf_n=1
    while [ -d "$xf_step/attempt.$xf_n" ]; do xf_n=$(( xf_n + 1 )); done
    mkdir "$xf_step/attempt.$xf_n"
    for f in vasp.out std_err.txt OSZICAR OUTCAR vasprun.xml CONTCAR XDATCAR; do
      if [ -f "$xf_step/$f" ]; then mv "$xf_step/$f" "$xf_step/attempt.$xf_n/"; fi
    done
  fi
  rm -f "$xf_step/STOPCAR" "$xf_step/xtalflow-walltime-stop"
  echo "xtalflow: step $xf_step"
  set +e
  (
    cd "$xf_step" || exit 2
    xf_vasp > vasp.out 2> std_err.txt &
    xf_pid=$!
    xf_watch "$xf_pid" &
    xf_wpid=$!
    wait "$xf_pid"
    xf_rc=$?
    kill "$xf_wpid" 2> /dev/null
    wait "$xf_wpid" 2> /dev/null
    exit "$xf_rc"
  )
  xf_rc=$?
  set -e
  if [ "$xf_rc" -ne 0 ]; then echo "xtalflow: step $xf_step: VASP exited $xf_rc" >&2; exit 1; fi
  if [ -f "$xf_step/xtalflow-walltime-stop" ]; then
    echo "xtalflow: step $xf_step stopped before the time limit; the next attempt continues from CONTCAR" >&2; exit 1
  fi
  if ! grep -q "</modeling>" "$xf_step/vasprun.xml" 2> /dev/null; then
    echo "xtalflow: step $xf_step: vasprun.xml missing or incomplete" >&2; exit 1
  fi
  touch "$xf_step/xtalflow-done"
  xf_prev=$xf_step
done
# the harvest reads the last step (the static run) at the top of the job folder
for f in vasprun.xml OUTCAR OSZICAR CONTCAR vasp.out; do
  if [ -f "$xf_prev/$f" ]; then cp "$xf_prev/$f" "$f"; fi
done
