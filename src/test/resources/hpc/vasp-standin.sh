#!/bin/bash
# TEST DOUBLE FOR VASP (VASP is proprietary and absent here). It does no physics: it copies real
# recorded VASP outputs into the folder it runs in, so the rest of the pipeline runs on real files.
#   $1  recorded outputs of a good run (pymatgen's test files, ../shared/data/vasp_outputs/outputs):
#       vasprun.xml, OUTCAR, OSZICAR, and POSCAR copied to CONTCAR
#   $2  recorded failure outputs (custodian's test files, ../shared/data/vasp_errors/files); default
#       $1/../../vasp_errors/files
# Faults, for the job folder (the folder VASP runs in, or the one above it for the flow's step folders):
#   STANDIN_MODE       fail -> exits 3 like a crashed VASP;  sleep -> runs for 10 min (time limits, cancel)
#   STANDIN_SCENARIO   a scenario player: one line per VASP run, "<step> <outcome>" (step = the folder
#                      name, e.g. relax1, or * for any); each line is played once, in order, the first
#                      unplayed line for this step wins; no line left means a good run. Outcomes:
#                        ok           the good run of $1
#                        <file of $2> that recorded failure: vasp.* becomes vasp.out (on stdout),
#                                     std_err.* standard error, OSZICAR.* the OSZICAR, OUTCAR.*/vasprun.* those
#                                     files; vasp.* and std_err.* exit 1 as VASP does when it dies
#                        walltime     a relaxation that never ends: one ionic step a second (OUTCAR
#                                     LOOP+ lines) until a STOPCAR with LSTOP appears, then a CONTCAR,
#                                     an unfinished vasprun.xml and exit 0, as VASP stops on LSTOP
#   Played lines are recorded in .standin-played beside the scenario.
#   $3  (optional) a scenario pool, for campaigns whose candidates and job folders the test does not
#       know beforehand (a retried job runs in a fresh folder): pool/<name> holds scenario files; the
#       first run of a candidate (XTALFLOW_CANDIDATE_ID, exported by the job's xtalflow-env.sh)
#       claims the first unclaimed one in name order (mkdir claims/<name>, atomic) and copies it to
#       by-candidate/<id>, which every later run of the candidate plays on (played lines in
#       by-candidate/<id>.played; by-candidate/<id>.scenario names the claim; each run appends
#       "<job id> <step> <outcome>" to by-candidate/<id>.runs; without a scheduler's job id, the job
#       folder's name). No pool file left: good runs.
#   STANDIN_STAGGER_S  (environment) sleep (SLURM_JOB_ID mod 4) times this many seconds before the run,
#                      so the jobs of one campaign end at different times (crash-window tests)
set -euo pipefail
src="${1:?usage: vasp-standin.sh RECORDED_OUTPUTS_DIR [RECORDED_FAILURES_DIR] [SCENARIO_POOL]}"
errs="${2:-$src/../../vasp_errors/files}"
pool="${3:-}"
root=.
if [ ! -f STANDIN_MODE ] && [ ! -f STANDIN_SCENARIO ] && { [ -f ../STANDIN_MODE ] || [ -f ../STANDIN_SCENARIO ]; }; then root=..; fi
mode=$(cat "$root/STANDIN_MODE" 2>/dev/null || echo ok)
step=$(basename "$(pwd)")
outcome=ok
scenario="$root/STANDIN_SCENARIO"
played="$root/.standin-played"
if [ -n "$pool" ] && [ -n "${XTALFLOW_CANDIDATE_ID:-}" ]; then
  mine="$pool/by-candidate/$XTALFLOW_CANDIDATE_ID"
  mkdir -p "$pool/claims" "$pool/by-candidate"
  if [ ! -f "$mine" ]; then
    : > "$mine.part"
    for f in $(ls "$pool/pool" 2> /dev/null | sort); do
      if mkdir "$pool/claims/$f" 2> /dev/null; then
        cp "$pool/pool/$f" "$mine.part"; echo "$f" > "$mine.scenario"; break
      fi
    done
    mv "$mine.part" "$mine"
  fi
  scenario="$mine"
  played="$mine.played"
fi
if [ -f "$scenario" ]; then
  touch "$played"
  n=0
  while read -r s o; do
    n=$((n + 1))
    if [ -z "${s:-}" ] || [ "${s:0:1}" = "#" ]; then continue; fi
    if grep -qx "$n" "$played"; then continue; fi
    if [ "$s" = "$step" ] || [ "$s" = "*" ]; then
      outcome=$o
      echo "$n" >> "$played"
      break
    fi
  done < "$scenario"
fi
if [ -n "$pool" ] && [ -n "${XTALFLOW_CANDIDATE_ID:-}" ]; then
  job="${SLURM_JOB_ID:-${PBS_JOBID:-}}"
  if [ -z "$job" ]; then # no scheduler (hpc's local): the job folder, one per attempt, names the job
    case "$step" in relax*|static) job=$(basename "$(dirname "$(pwd)")") ;; *) job=$step ;; esac
  fi
  echo "$job $step $outcome" >> "$pool/by-candidate/$XTALFLOW_CANDIDATE_ID.runs"
fi
echo "vasp-standin: TEST DOUBLE, not VASP (mode $mode, step $step, outcome $outcome, outputs from $src)"
if [ -n "${STANDIN_STAGGER_S:-}" ]; then sleep $(( (${SLURM_JOB_ID:-0} % 4) * STANDIN_STAGGER_S )); fi
case "$mode" in
  fail) echo "vasp-standin: simulated VASP failure" >&2; exit 3 ;;
  sleep) sleep 600 ;;
esac
good_run() {
  gunzip -c "$src/vasprun.xml.gz" > vasprun.xml
  gunzip -c "$src/OUTCAR.gz" > OUTCAR
  cp "$src/OSZICAR" OSZICAR
  if [ -f POSCAR ]; then cp POSCAR CONTCAR; fi
}
case "$outcome" in
  ok) good_run ;;
  walltime)
    : > OUTCAR
    : > OSZICAR
    for i in $(seq 1 600); do
      if [ -f STOPCAR ] && grep -qi "LSTOP *= *.TRUE." STOPCAR; then break; fi
      sleep 1
      echo "     LOOP+:  cpu time      1.00: real time      1.00" >> OUTCAR
      echo "   $i F= -.10000000E+02 E0= -.10000000E+02  d E =-.100000E-02" >> OSZICAR
    done
    if [ -f POSCAR ]; then cp POSCAR CONTCAR; fi
    { gunzip -c "$src/vasprun.xml.gz" 2> /dev/null || true; } | head -n 200 > vasprun.xml   # unfinished: no </modeling>
    echo "vasp-standin: LSTOP found, stopping after the current ionic step"
    ;;
  *)
    f="$errs/$outcome"
    if [ ! -f "$f" ]; then echo "vasp-standin: no recorded output $f for outcome '$outcome'" >&2; exit 4; fi
    if [ -f POSCAR ]; then cp POSCAR CONTCAR; fi
    case "$outcome" in
      vasp.*) cat "$f"; exit 1 ;;
      std_err.*) cat "$f" >&2; exit 1 ;;
      OSZICAR.*) cp "$f" OSZICAR ;;
      OUTCAR.*) gunzip -c -f "$f" > OUTCAR ;;
      vasprun.*) gunzip -c -f "$f" > vasprun.xml ;;
      *) echo "vasp-standin: unknown outcome '$outcome'" >&2; exit 4 ;;
    esac
    ;;
esac
