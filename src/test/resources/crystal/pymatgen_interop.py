"""Helper for PymatgenInteropTest (run with Debian's /usr/bin/python3 and pymatgen 2022.11.7).

argv: OURS_DIR SOURCE_LIST PMG_OUT_DIR
- prints "ours <file> <reduced_formula> <nsites>" for every CIF xtalflow wrote in OURS_DIR;
- for each source CIF listed in SOURCE_LIST, writes pymatgen's own P1 and symmetrized (symprec 0.1)
  CIFs into PMG_OUT_DIR and prints "pmg <file> <reduced_formula> <nsites>" for each.
"""
import os
import sys
import warnings

warnings.filterwarnings("ignore")
from pymatgen.core import Structure  # noqa: E402
from pymatgen.io.cif import CifWriter  # noqa: E402

ours, sources, out = sys.argv[1], sys.argv[2], sys.argv[3]
for name in sorted(os.listdir(ours)):
    s = Structure.from_file(os.path.join(ours, name))
    print("ours", name, s.composition.reduced_formula, len(s))
for src in open(sources).read().split():
    s = Structure.from_file(src)
    base = os.path.basename(src).replace(".cif", "")
    for kind, writer in (("p1", CifWriter(s)), ("sym", CifWriter(s, symprec=0.1))):
        path = os.path.join(out, f"{base}-{kind}.cif")
        writer.write_file(path)
        back = Structure.from_file(path)
        print("pmg", os.path.basename(path), back.composition.reduced_formula, len(back))
