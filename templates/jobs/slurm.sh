#!/bin/bash
# VASP job for xtalflow candidate ${candidate_id} (input set ${input_set}), written by `xtalflow prepare`.
# Placeholders are $${name}; write $$$$ for a literal dollar sign. See README "VASP inputs".
#SBATCH --job-name=${job_name}
${partition_line}
${account_line}
#SBATCH --nodes=${nodes}
#SBATCH --ntasks=${ntasks}
#SBATCH --time=${walltime}
#SBATCH --output=slurm-%j.out
#SBATCH --error=slurm-%j.err
set -euo pipefail
cd "$${SLURM_SUBMIT_DIR:-.}"
# The cluster profile (vasp_command, potcar_library) as xtalflow writes it at submission; absent
# when the bundle is submitted by hand.
if [ -f xtalflow-env.sh ]; then . ./xtalflow-env.sh; fi
${module_loads}
${potcar_assembly}
${vasp_flow}
