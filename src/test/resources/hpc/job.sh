#!/bin/bash
#SBATCH --time=5
#SBATCH --ntasks=1
# test job script: sources the cluster environment xtalflow writes, then runs "VASP"
set -e
source ./xtalflow-env.sh
$XTALFLOW_VASP_COMMAND
