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
# Both paths run the command alike: a single-quoted value split into words, never evaluated
# (vasp_command is validated as plain words when the configuration is read).
if [ -z "$${XTALFLOW_VASP_COMMAND:-}" ]; then XTALFLOW_VASP_COMMAND=${vasp_command_quoted}; fi
${vasp_flow}
