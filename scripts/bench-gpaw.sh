#!/usr/bin/env bash
# The whole loop with real DFT on this machine: N generated candidates of a model (default: the
# product's PGCGM), screened, DFT-relaxed with GPAW through a local cluster profile (one rank per
# job), references of the system computed with the same engine and input set, then the report's
# statistics (DFT-optimised share, E_f < 0, E_above_hull < 0.1 / < 0.25 eV/atom against the
# same-engine hull) and the wall time per harvested candidate.
#
#   bash scripts/bench-gpaw.sh [SAMPLES] [ELEMENTS] [INPUT_SET] [MAX_SITES] [GENERATOR]
#   e.g. bash scripts/bench-gpaw.sh 10 Li,Mg,Al test 6 pgcgm
#
# Environment: SPACE_GROUPS (e.g. "123,221,229,139"; default the generator's set), TOP_N (the
# CGCNN pre-screen keeps this many lowest per system; default 3, which bounds the DFT cost),
# FILTERS (screening filters; default the product's, e.g. without density:
# "size,distance,charge,spacegroup,duplicate,novelty").
# Writes into ${BENCH_DIR:-target/bench-gpaw}; a second run reuses the cached references there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SAMPLES=${1:-10}
ELEMENTS=${2:-Li,Mg,Al}
INPUT_SET=${3:-test}
MAX_SITES=${4:-6}
GENERATOR=${5:-pgcgm}
DIR=${BENCH_DIR:-$ROOT/target/bench-gpaw}
mkdir -p "$DIR/conf"
cat > "$DIR/conf/xtalflow.yaml" <<YAML
prescreen: {enabled: true, max_e_above_hull: 10, top_n_per_system: ${TOP_N:-3}}
${FILTERS:+screening: {filters: [${FILTERS}]}}
clusters:
  workstation:
    scheduler: local
    work_root: $DIR/cluster-work
    engine: gpaw
    mpi_ranks: 1
    max_queued_jobs: 1
    poll_interval_s: 2
application:
  routes_dir: $ROOT/routes
  templates_dir: $ROOT/templates
  nightly: {enabled: false}
  poll_interval_ms: 2000
  defaults: {reference_max_sites: $MAX_SITES}
YAML
cat > "$DIR/spec.yaml" <<YAML
elements: ${ELEMENTS//,/ }
generator: $GENERATOR
samples: $SAMPLES
input_set: $INPUT_SET
cluster: workstation
screening: {max_sites: $MAX_SITES}
${SPACE_GROUPS:+space_groups: [${SPACE_GROUPS}]}
YAML
t0=$(date +%s)
"$ROOT/bin/xtalflow" run --once --config "$DIR/conf/xtalflow.yaml" --spec "$DIR/spec.yaml" --timeout 86400 | tee "$DIR/run.log"
t1=$(date +%s)
report=$(sed -n 's/^report: //p' "$DIR/run.log")
json="${report%report.md}report.json"
/usr/bin/python3 - "$json" $((t1 - t0)) <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); wall = int(sys.argv[2])
print(f"wall {wall} s for the campaign (references included)")
print("hull: " + r["statistics"]["hull"])
for key, f in r["statistics"]["campaign"].items():
    share = "-" if f["share"] is None else f"{100 * f['share']:.0f} %"
    print(f"  {key}: {f['count']} / {f['denominator']} ({share})")
harvested = [c for c in r.get("candidates", []) if c.get("state") == "HARVESTED"]
if harvested:
    print(f"  wall per harvested candidate (campaign wall / harvested): {wall / len(harvested):.0f} s")
PY
