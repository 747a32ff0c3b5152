#!/usr/bin/python3
"""Reference values for the crystal-core tests, produced once with Debian's pymatgen 2022.11.7.

Run from the repository root:  /usr/bin/python3 scripts/reference/crystal_fixtures.py
Writes src/test/resources/crystal/pymatgen_compositions.tsv and pymatgen_lattices.tsv.
"""
import warnings

warnings.filterwarnings("ignore")
from pymatgen.core import Composition, Lattice  # noqa: E402

FORMULAS = [
    "Li2O2", "LiO2", "KO2", "Na2O2", "Fe2O3", "Fe8O12", "LiFePO4", "Li3Fe2(PO4)3", "Ca(OH)2",
    "Li0.5CoO2", "H2O", "NH4Cl", "CsCl", "SiO2", "XeF4", "LaNiO3", "Na2SO4", "Ba2RuO4", "C",
    "O2", "O", "N", "Fe0.5O0.75", "Mg3(BO3)2", "BaRuO3", "Ba4Ru4O12", "CuSO4(H2O)5", "Li7La3Zr2O12",
    "K2PtCl6", "Sr2FeMoO6", "Cs3Sb", "TiO2", "YBa2Cu3O7", "Al2(SO4)3", "LiMn2O4", "NaCl",
    "Ca3(PO4)2", "BN", "GaAs", "Fe3C", "Ni3Al", "LiCoO2", "H2", "Cl", "F", "Hg2Cl2",
]

LATTICES = [
    (3.0, 4.0, 5.0, 90, 90, 90), (5.43, 5.43, 5.43, 90, 90, 90), (3.2, 3.2, 5.2, 90, 90, 120),
    (5.1, 6.2, 7.3, 80, 95, 110), (4.0, 4.5, 9.0, 90, 101.5, 90), (7.0, 7.0, 7.0, 30, 30, 30),
    (2.5, 8.0, 3.1, 120, 70, 100),
]

with open("src/test/resources/crystal/pymatgen_compositions.tsv", "w") as f:
    f.write("# input\treduced_formula\tanonymized_formula\tchemical_system\tformula\tnum_atoms\tweight\n")
    for s in FORMULAS:
        c = Composition(s)
        f.write(f"{s}\t{c.reduced_formula}\t{c.anonymized_formula}\t{c.chemical_system}\t{c.formula}"
                f"\t{c.num_atoms!r}\t{float(c.weight)!r}\n")

with open("src/test/resources/crystal/pymatgen_lattices.tsv", "w") as f:
    f.write("# a b c alpha beta gamma | matrix (9, row-major) | volume | reciprocal_lattice (9)\n")
    for p in LATTICES:
        lat = Lattice.from_parameters(*p)
        m = " ".join(repr(float(x)) for x in lat.matrix.flatten())
        r = " ".join(repr(float(x)) for x in lat.reciprocal_lattice.matrix.flatten())
        f.write(" ".join(map(str, p)) + f"\t{m}\t{lat.volume!r}\t{r}\n")
print("wrote fixtures")
