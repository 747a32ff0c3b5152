#!/usr/bin/python3
"""Times pymatgen's PhaseDiagram + e_above_hull on an entry file and compares with xtalflow.

Usage: /usr/bin/python3 scripts/bench_hull_pymatgen.py ENTRIES.json [XTALFLOW_HULL.json]

ENTRIES.json: a JSON list of ComputedEntry dicts (e.g. written by
org.xtalflow.thermo.bench.QuaternaryEntries). XTALFLOW_HULL.json: the output of
`bin/xtalflow hull --correction none --json ENTRIES.json`; when given, the largest differences
in formation energy and e_above_hull (eV/atom) and the stable sets are compared.
Needs Debian's python3-pymatgen (scripts/install-deps.sh).
"""
import json
import sys
import time

from monty.serialization import loadfn
from pymatgen.analysis.phase_diagram import PhaseDiagram


def main():
    entries = loadfn(sys.argv[1])
    t0 = time.process_time()
    pd = PhaseDiagram(entries)
    t1 = time.process_time()
    ehull = [pd.get_e_above_hull(e) for e in entries]
    t2 = time.process_time()
    ef = [pd.get_form_energy_per_atom(e) for e in entries]
    n = len(entries)
    print(f"pymatgen: {n} entries, {len(pd.stable_entries)} stable; PhaseDiagram {t1 - t0:.3f} s CPU, "
          f"e_above_hull of all {t2 - t1:.3f} s CPU, total {t2 - t0:.3f} s = {(t2 - t0) / n * 1000:.3f} s per 1000 entries")
    if len(sys.argv) > 2:
        ours = json.load(open(sys.argv[2]))
        rows = ours["entries"]
        assert len(rows) == n, f"{len(rows)} rows vs {n} entries"
        d_ef = max(abs(r["formation_energy_per_atom"] - f) for r, f in zip(rows, ef))
        d_eh = max(abs(r["e_above_hull"] - h) for r, h in zip(rows, ehull))
        ids_pm = sorted(e.entry_id for e in pd.stable_entries)
        ids_x = sorted(r["entry_id"] for r in rows if r["is_stable"])
        print(f"xtalflow vs pymatgen: max |dE_f| = {d_ef:.3e} eV/atom, max |de_above_hull| = {d_eh:.3e} eV/atom, "
              f"stable sets {'equal' if ids_pm == ids_x else 'DIFFER'} ({len(ids_x)} vs {len(ids_pm)})")


if __name__ == "__main__":
    main()
