#!/usr/bin/python3
"""Interop check (run by hand, not in CI): pymatgen reads xtalflow's bundles and finds the same
INCAR, KPOINTS and POSCAR species as its own MPRelaxSet for the bundle's POSCAR structure.
Numbers compare with a relative tolerance of 1e-12 (we print EDIFF = 5e-5 x 24 as 0.0012, pymatgen
as 0.0012000000000000001). Face-centred cells with an all-even mesh are counted apart: xtalflow
writes Gamma there like pymatgen >= 2023, pymatgen 2022.11.7 writes Monkhorst (README "VASP inputs").

    bin/xtalflow prepare ../shared/data/mp_groundstates/cifs/mp-1*.cif --out /tmp/bundles
    /usr/bin/python3 scripts/reference/check_bundles_with_pymatgen.py /tmp/bundles
"""
import math
import pathlib
import sys
import warnings

from pymatgen.symmetry.analyzer import SpacegroupAnalyzer

from pymatgen.io.vasp.inputs import Incar, Kpoints, Poscar
from pymatgen.io.vasp.sets import MPRelaxSet

warnings.simplefilter("ignore")


def same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=0)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


bad = 0
n = 0
fcc_gamma = 0
for d in sorted(p for p in pathlib.Path(sys.argv[1]).iterdir() if p.is_dir()):
    ours_incar = Incar.from_file(d / "INCAR")
    ours_k = Kpoints.from_file(d / "KPOINTS")
    poscar = Poscar.from_file(d / "POSCAR")
    ref = MPRelaxSet(poscar.structure)
    problems = []
    diff = {k: (ours_incar.get(k), ref.incar.get(k)) for k in set(ours_incar) | set(ref.incar)
            if not same(ours_incar.get(k), ref.incar.get(k))}
    if diff:
        problems.append(f"INCAR {diff}")
    style_differs = ours_k.style != ref.kpoints.style
    if (style_differs and ours_k.style.name == "Gamma"
            and SpacegroupAnalyzer(poscar.structure).get_space_group_symbol().startswith("F")):
        fcc_gamma += 1
        style_differs = False
    if list(ours_k.kpts[0]) != list(ref.kpoints.kpts[0]) or style_differs:
        problems.append(f"KPOINTS {ours_k.style.name} {ours_k.kpts} vs {ref.kpoints.style.name} {ref.kpoints.kpts}")
    if poscar.site_symbols != ref.poscar.site_symbols:
        problems.append(f"species {poscar.site_symbols} vs {ref.poscar.site_symbols}")
    spec = d / "POTCAR.spec"
    if spec.exists() and spec.read_text().split() != ref.potcar_symbols:
        problems.append(f"POTCAR.spec {spec.read_text().split()} vs {ref.potcar_symbols}")
    n += 1
    if problems:
        bad += 1
        print(d.name, "; ".join(problems))
print(f"{n} bundles read by pymatgen, {bad} differ from its MPRelaxSet; "
      f"{fcc_gamma} face-centred cells have Gamma where pymatgen 2022.11.7 has Monkhorst (documented)")
sys.exit(1 if bad else 0)
