#!/bin/bash
# VASP job for xtalflow candidate ${candidate_id} (input set ${input_set}), written by `xtalflow prepare`.
# Placeholders are $${name}; write $$$$ for a literal dollar sign. See README "VASP inputs".
#PBS -N ${job_name}
${partition_line}
${account_line}
#PBS -l nodes=${nodes}:ppn=${tasks_per_node}
#PBS -l walltime=${walltime}
#PBS -o pbs.out
#PBS -e pbs.err
set -euo pipefail
cd "$${PBS_O_WORKDIR:-.}"
# The cluster profile (vasp_command, potcar_library) as xtalflow writes it at submission; absent
# when the bundle is submitted by hand.
if [ -f xtalflow-env.sh ]; then . ./xtalflow-env.sh; fi
${module_loads}
${potcar_assembly}
${vasp_flow}
