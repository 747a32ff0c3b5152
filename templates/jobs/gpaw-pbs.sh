#!/bin/bash
# GPAW job for xtalflow candidate ${candidate_id} (input set ${input_set}), written by xtalflow.
# Relaxes POSCAR with templates/jobs/gpaw_relax.py (copied into this bundle), then a static run,
# and writes gpaw-result.json. Runs under qsub, or as a plain script on a workstation.
# Placeholders are $${name}; write $$$$ for a literal dollar sign. See README "GPAW engine".
#PBS -N ${job_name}
${partition_line}
${account_line}
#PBS -l nodes=${nodes}:ppn=${tasks_per_node}
#PBS -l walltime=${walltime}
#PBS -j oe
set -uo pipefail
cd "$${PBS_O_WORKDIR:-.}"
${gpaw_run}
