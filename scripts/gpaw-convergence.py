#!/usr/bin/python3
"""Convergence study behind GpawRelaxSet.yaml: formation energies (eV/atom) at fixed geometry
against plane-wave cutoff and k-point density, for two oxides (MgO, Li2O against hcp Mg / bcc Li
and a spin-polarised O2 molecule in a box) and two intermetallics (B2 NiAl, B2 CuZn against their
fcc/hcp elements). Every calculation uses the job driver's own calculator (templates/jobs/
gpaw_relax.py: make_calculator), so the study measures the product's physics.

Usage (one process, niced, one thread; the figures go to BENCHMARKS.md):
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 nice -n 5 /usr/bin/python3 scripts/gpaw-convergence.py \
        --out /tmp/gpaw-convergence.jsonl
Each line of the output is one calculation (system, ecut, kppa, mesh, energy, wall and CPU
seconds, load average); run it again with --summary to print the formation-energy tables.
"""
import argparse
import importlib.util
import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def driver():
    spec = importlib.util.spec_from_file_location(
        "gpaw_relax", os.path.join(HERE, "..", "templates", "jobs", "gpaw_relax.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def structures():
    from ase import Atoms
    from ase.build import bulk
    s = {
        # lattice constants: MP's PBE-relaxed cells (mp-1265, mp-1960) and PBE-like values for the rest
        "MgO": bulk("MgO", "rocksalt", a=4.194),
        # antifluorite: O on the fcc sites, Li in the tetrahedral holes (bulk("Li2O", ...) would put Li at 0)
        "Li2O": bulk("OLi2", "fluorite", a=4.654),
        "NiAl": bulk("NiAl", "cesiumchloride", a=2.895),
        "CuZn": bulk("CuZn", "cesiumchloride", a=2.955),
        "Mg": bulk("Mg", "hcp", a=3.19, c=5.18),
        "Li": bulk("Li", "bcc", a=3.44),
        "Ni": bulk("Ni", "fcc", a=3.52),
        "Al": bulk("Al", "fcc", a=4.04),
        "Cu": bulk("Cu", "fcc", a=3.63),
        "Zn": bulk("Zn", "hcp", a=2.65, c=4.95),
        # O2 in an orthorhombic box (no spurious degeneracy), triplet start
        "O2": Atoms("O2", positions=[(0, 0, 0), (0, 0, 1.23)], cell=(8.0, 8.5, 9.0), pbc=True),
    }
    s["O2"].center()
    return s


MAGNETIC = {"Ni": 0.6, "O2": 1.0}
O2_KPPA = 1000
FORMATIONS = {"MgO": ["Mg", "O2"], "Li2O": ["Li", "O2"], "NiAl": ["Ni", "Al"], "CuZn": ["Cu", "Zn"]}


def kpoint_mesh(atoms, kppa):
    """pymatgen's Kpoints.automatic_density (k-points per reciprocal atom) without its 1 % bump of
    perfect cubes (GpawInputSet applies it; at kppa 1000 it changes none of these meshes)."""
    if not all(atoms.pbc) or atoms.get_chemical_formula() == "O2":
        return [1, 1, 1]
    lengths = atoms.cell.lengths()
    ngrid = kppa / len(atoms)
    mult = (ngrid * lengths[0] * lengths[1] * lengths[2]) ** (1 / 3)
    return [int(math.floor(max(mult / l, 1))) for l in lengths]


def settings(ecut, mesh, spin):
    return {"xc": "PBE", "setups": "paw", "ecut_ev": ecut, "kpoints": {"mesh": mesh, "gamma": True},
            "smearing": {"name": "fermi-dirac", "width_ev": 0.05}, "spinpol": spin,
            "scf": {"energy_ev_per_electron": 0.0001, "density": 1e-4, "eigenstates": 4e-8, "maxiter": 200}}


def compute(drv, name, atoms, ecut, kppa, out):
    a = atoms.copy()
    spin = name in MAGNETIC
    if spin:
        a.set_initial_magnetic_moments([MAGNETIC[name]] * len(a))
    mesh = kpoint_mesh(a, kppa)
    a.calc = drv.make_calculator(settings(ecut, mesh, spin), None)
    load = os.getloadavg()[0]
    t0, c0 = time.time(), time.process_time()
    e = a.get_potential_energy()
    row = {"system": name, "ecut_ev": ecut, "kppa": kppa, "mesh": mesh, "natoms": len(a),
           "energy_ev": e, "energy_per_atom_ev": e / len(a), "wall_s": round(time.time() - t0, 1),
           "cpu_s": round(time.process_time() - c0, 1), "load_1min": round(load, 1)}
    with open(out, "a") as f:
        f.write(json.dumps(row) + "\n")
    print(json.dumps(row), flush=True)


def summary(path):
    rows = [json.loads(line) for line in open(path)]
    e = {(r["system"], r["ecut_ev"], r["kppa"]): r["energy_per_atom_ev"] for r in rows}
    from ase.formula import Formula

    def ef(compound, ecut, kppa):
        counts = Formula(compound).count()
        n = sum(counts.values())
        total = e[(compound, ecut, kppa)] * n
        for el, c in counts.items():
            ref = el + "2" if el == "O" else el
            # O2 is computed at the Γ point only; its rows carry the cutoff scan's kppa
            total -= c * e[(ref, ecut, O2_KPPA if ref == "O2" else kppa)]
        return total / n

    for scan, key in (("cutoff", "ecut_ev"), ("kppa", "kppa")):
        print("## formation energy (eV/atom) vs %s" % scan)
        for comp in FORMATIONS:
            pts = sorted({k for k in e if k[0] == comp}, key=lambda k: (k[1], k[2]))
            line = []
            for (_, ec, kp) in pts:
                try:
                    line.append("%s=%s: %.4f" % (key, ec if key == "ecut_ev" else kp, ef(comp, ec, kp)) +
                                ("" if key == "ecut_ev" else " (ecut %s)" % ec))
                except KeyError:
                    pass
            print(comp, "; ".join(line))
    print("## wall/CPU seconds per calculation")
    for r in rows:
        print("%-5s ecut %4d kppa %5d mesh %-10s wall %6.1f cpu %6.1f load %.1f" % (
            r["system"], r["ecut_ev"], r["kppa"], r["mesh"], r["wall_s"], r["cpu_s"], r["load_1min"]))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default="/tmp/gpaw-convergence.jsonl")
    p.add_argument("--cutoffs", default="400,500,600,700,800")
    p.add_argument("--cutoff-kppa", type=int, default=O2_KPPA)
    p.add_argument("--kppas", default="500,1000,2000,4000")
    p.add_argument("--kppa-cutoff", type=int, default=500)
    p.add_argument("--systems", default=",".join(FORMATIONS))
    p.add_argument("--summary", action="store_true")
    a = p.parse_args()
    if a.summary:
        summary(a.out)
        return
    drv = driver()
    s = structures()
    done = set()
    if os.path.exists(a.out):
        done = {(r["system"], r["ecut_ev"], r["kppa"]) for r in map(json.loads, open(a.out))}
    wanted = [c for c in a.systems.split(",") if c]
    names = []
    for c in wanted:
        for n in [c] + FORMATIONS[c]:
            if n not in names:
                names.append(n)
    jobs = [(n, int(ec), a.cutoff_kppa) for ec in a.cutoffs.split(",") for n in names]
    jobs += [(n, a.kppa_cutoff, int(kp)) for kp in a.kppas.split(",") for n in names if n != "O2"]
    if "O2" in names and str(a.kppa_cutoff) not in a.cutoffs.split(","):
        jobs.append(("O2", a.kppa_cutoff, O2_KPPA))
    for n, ec, kp in jobs:
        key = (n, ec, kp)
        if key in done:
            continue
        compute(drv, n, s[n], ec, key[2], a.out)
        done.add(key)


if __name__ == "__main__":
    sys.exit(main())
