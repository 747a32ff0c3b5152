#!/usr/bin/python3
"""Reference values for org.xtalflow.vasp.inputs.MpRelaxSetComparisonTest, produced ONCE with
Debian's python3-pymatgen (2022.11.7; its MPRelaxSet.yaml and VASPIncarBase.yaml are identical in
content to the copies under src/main/resources/xtalflow/vasp/, which the script checks).

Run from the repository root, next to ../shared/data:
    /usr/bin/python3 scripts/reference/mprelaxset_fixtures.py \
        > src/test/resources/xtalflow/vasp/mprelaxset_fixtures.json

Selection is deterministic (index.csv order by numeric material id, first matches per category):
oxides and fluorides with U metals, fluorides without, sulfides, sulfates, intermetallics,
hexagonal and trigonal cells, low-symmetry (space group <= 15), face-centred, f-element
compounds and large cells (where the k-mesh has < 4 points and ISMEAR becomes 0).
For each: MPRelaxSet(structure).incar (every tag), kpoints (style, mesh), poscar site_symbols,
potcar_symbols, and the spglib space-group symbol at symprec 0.01 (what newer pymatgen uses for
its face-centred Gamma rule, which 2022.11.7 does not have).
"""
import csv
import json
import sys
import warnings

import yaml
from pymatgen.core import Composition, Structure
from pymatgen.io.vasp.sets import MPRelaxSet
from pymatgen.symmetry.analyzer import SpacegroupAnalyzer
import pymatgen.io.vasp.sets as sets_module
import os

warnings.simplefilter("ignore")
SHARED = "../shared/data"
RES = "src/main/resources/xtalflow/vasp"

# The shipped yaml must be the one pymatgen uses here (else the fixtures compare different sets).
for name in ("MPRelaxSet.yaml", "VASPIncarBase.yaml"):
    ours = yaml.safe_load(open(os.path.join(RES, name)))
    theirs = yaml.safe_load(open(os.path.join(os.path.dirname(sets_module.__file__), name)))
    if ours != theirs:
        sys.exit(f"{name}: the shipped copy differs from pymatgen's; fixtures would not be comparable")

U_METALS = {"Co", "Cr", "Fe", "Mn", "Mo", "Ni", "V", "W"}
rows = list(csv.DictReader(open(f"{SHARED}/mp_groundstates/index.csv")))
rows.sort(key=lambda r: int(r["material_id"].split("-")[1]))


def els(r):
    return {str(e) for e in Composition(r["formula"]).elements}


def metal_only(r):
    # the ground-state set holds no all-metal compound (every entry has an anion or metalloid);
    # metallic carbides, borides, silicides, germanides and antimonides stand in for intermetallics
    return all(e.is_metal or e.symbol in {"B", "C", "Si", "Ge", "Sb"} for e in Composition(r["formula"]).elements)


CATEGORIES = [
    ("oxide_with_U", 10, lambda r: "O" in els(r) and "F" not in els(r) and "S" not in els(r) and els(r) & U_METALS and int(r["nsites_conventional"]) <= 60),
    ("oxide_without_U", 4, lambda r: "O" in els(r) and "F" not in els(r) and not (els(r) & U_METALS) and int(r["nsites_conventional"]) <= 60),
    ("fluoride_with_U", 5, lambda r: "F" in els(r) and els(r) & U_METALS and int(r["nsites_conventional"]) <= 60),
    ("fluoride_without_U", 3, lambda r: "F" in els(r) and not (els(r) & U_METALS) and int(r["nsites_conventional"]) <= 60),
    ("sulfide", 6, lambda r: "S" in els(r) and "O" not in els(r) and int(r["nsites_conventional"]) <= 60),
    ("sulfide_with_U_metal", 3, lambda r: "S" in els(r) and "O" not in els(r) and els(r) & U_METALS and int(r["nsites_conventional"]) <= 60),
    ("sulfate_with_U_metal", 2, lambda r: {"S", "O"} <= els(r) and els(r) & U_METALS and int(r["nsites_conventional"]) <= 80),
    ("intermetallic", 8, lambda r: metal_only(r) and int(r["nsites_conventional"]) <= 60),
    ("hexagonal", 6, lambda r: r["symbol"].startswith(("P6", "P-6")) and int(r["nsites_conventional"]) <= 60),
    ("trigonal", 4, lambda r: r["symbol"].startswith(("R", "P3", "P-3")) and int(r["nsites_conventional"]) <= 60),
    ("low_symmetry", 8, lambda r: int(r["spacegroup"]) <= 15 and int(r["nsites_conventional"]) <= 60),
    ("face_centred", 6, lambda r: r["symbol"].startswith("F") and int(r["nsites_conventional"]) <= 60),
    ("f_elements", 4, lambda r: any(Composition(r["formula"])[e] > 0 and e.Z > 56 for e in Composition(r["formula"]).elements) and int(r["nsites_conventional"]) <= 60),
    ("large_cell", 3, lambda r: int(r["nsites_conventional"]) >= 150),
    ("nitride_chloride", 3, lambda r: ("N" in els(r) or "Cl" in els(r)) and "O" not in els(r) and int(r["nsites_conventional"]) <= 60),
]


def plain(v):
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if hasattr(v, "item"):
        return v.item()
    return v


chosen, seen = [], set()
for cat, n, pred in CATEGORIES:
    k = 0
    for r in rows:
        if k >= n:
            break
        if r["material_id"] in seen or not pred(r):
            continue
        seen.add(r["material_id"])
        chosen.append((cat, r))
        k += 1

out = []
for cat, r in chosen:
    s = Structure.from_file(f"{SHARED}/mp_groundstates/cifs/{r['material_id']}.cif")
    vis = MPRelaxSet(s)
    kp = vis.kpoints
    incar = {k: plain(v) for k, v in vis.incar.items()}
    out.append({
        "material_id": r["material_id"],
        "category": cat,
        "formula": r["formula"],
        "nsites": len(s),
        "spglib_symbol_symprec_0.01": SpacegroupAnalyzer(s).get_space_group_symbol(),
        "incar": incar,
        "kpoints": {"style": kp.style.name, "kpts": [int(x) for x in kp.kpts[0]]},
        "site_symbols": vis.poscar.site_symbols,
        "potcar_symbols": vis.potcar_symbols,
    })

json.dump({
    "generator": "scripts/reference/mprelaxset_fixtures.py with Debian python3-pymatgen 2022.11.7",
    "command": "/usr/bin/python3 scripts/reference/mprelaxset_fixtures.py > src/test/resources/xtalflow/vasp/mprelaxset_fixtures.json",
    "count": len(out),
    "structures": out,
}, sys.stdout, indent=1)
sys.stdout.write("\n")
