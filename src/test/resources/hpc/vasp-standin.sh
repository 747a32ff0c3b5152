#!/bin/bash
# TEST DOUBLE FOR VASP (VASP is proprietary and absent here). It does no physics: it copies real
# recorded VASP outputs (pymatgen's test files, ../shared/data/vasp_outputs/outputs, given as $1)
# into the job folder as vasprun.xml, OUTCAR, OSZICAR and CONTCAR, so the rest of the pipeline
# runs on real files. A file STANDIN_MODE in the job folder selects a fault:
#   fail  -> exits 3 like a crashed VASP;  sleep -> runs for 10 min (for time limits / cancel).
set -euo pipefail
src="${1:?usage: vasp-standin.sh RECORDED_OUTPUTS_DIR}"
mode=$(cat STANDIN_MODE 2>/dev/null || echo ok)
echo "vasp-standin: TEST DOUBLE, not VASP (mode $mode, outputs from $src)"
case "$mode" in
  fail) echo "vasp-standin: simulated VASP failure" >&2; exit 3 ;;
  sleep) sleep 600 ;;
esac
gunzip -c "$src/vasprun.xml.gz" > vasprun.xml
gunzip -c "$src/OUTCAR.gz" > OUTCAR
cp "$src/OSZICAR" OSZICAR
if [ -f POSCAR ]; then cp POSCAR CONTCAR; fi
