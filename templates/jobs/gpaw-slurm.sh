#!/bin/bash
# GPAW job for xtalflow candidate ${candidate_id} (input set ${input_set}), written by xtalflow.
# Relaxes POSCAR with templates/jobs/gpaw_relax.py (copied into this bundle), then a static run,
# and writes gpaw-result.json. Runs under sbatch, or as a plain script on a workstation.
# Placeholders are $${name}; write $$$$ for a literal dollar sign. See README "GPAW engine".
#SBATCH --job-name=${job_name}
${partition_line}
${account_line}
#SBATCH --nodes=${nodes}
#SBATCH --ntasks=${ntasks}
#SBATCH --time=${walltime}
#SBATCH --output=slurm-%j.out
#SBATCH --error=slurm-%j.err
set -uo pipefail
cd "$${SLURM_SUBMIT_DIR:-.}"
${gpaw_run}
