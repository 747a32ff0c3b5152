# The GPAW run shared by gpaw-slurm.sh and gpaw-pbs.sh (rendered into their $${gpaw_run}).
# The cluster profile (XTALFLOW_GPAW_PYTHON, XTALFLOW_GPAW_RANKS, modules) as xtalflow writes it at
# submission; absent when the bundle is run by hand.
if [ -f xtalflow-env.sh ]; then . ./xtalflow-env.sh; fi
${module_loads}
# one thread per MPI rank: GPAW parallelises over ranks, threaded BLAS under MPI only oversubscribes
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# the driver stops relaxing in time to write its result before the walltime (a retried attempt's
# longer walltime, in seconds, in xtalflow-walltime-s of its next-attempt bundle)
walltime_s=${walltime_seconds}
if [ -f xtalflow-walltime-s ]; then walltime_s=$$(tr -cd 0-9 < xtalflow-walltime-s); fi
export XTALFLOW_DEADLINE_EPOCH=$$(( $$(date +%s) + $${walltime_s:-${walltime_seconds}} ))
python=$${XTALFLOW_GPAW_PYTHON:-${gpaw_python}}
ranks=$${XTALFLOW_GPAW_RANKS:-${ntasks}}
launch=()
if [ "$$ranks" -gt 1 ]; then
  launch=(mpirun -np "$$ranks")
  if [ "$$(id -u)" -eq 0 ]; then launch+=(--allow-run-as-root); fi
fi
rm -f gpaw-exit-code
"$${launch[@]}" "$$python" gpaw_relax.py --structure POSCAR --settings gpaw-settings.json --out gpaw-result.json > gpaw.out 2>&1
rc=$$?
# read by xtalflow when gpaw-result.json is missing (137: killed, e.g. out of memory)
echo "$$rc" > gpaw-exit-code
exit "$$rc"
