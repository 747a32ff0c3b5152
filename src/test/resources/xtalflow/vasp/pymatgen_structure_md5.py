"""Prints "md5<TAB>file" of str(Vasprun(file).final_structure) with Debian pymatgen, per argument
(the hash pymatgen's default get_computed_entry().entry_id ends with)."""
import hashlib
import sys
import warnings

warnings.simplefilter("ignore")
from pymatgen.io.vasp.outputs import Vasprun

for f in sys.argv[1:]:
    v = Vasprun(f, parse_potcar_file=False, parse_dos=False, parse_eigen=False)
    print(f"{hashlib.md5(str(v.final_structure).encode('utf-8')).hexdigest()}\t{f}")
