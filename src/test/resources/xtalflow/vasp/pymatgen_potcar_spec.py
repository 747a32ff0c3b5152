"""Prints, one per line, "titel<TAB>hash" of Debian pymatgen's Vasprun.potcar_spec for a
vasprun.xml whose directory holds a POTCAR (parse_potcar_file=True), then "single<TAB>symbol<TAB>hash"
for each data set of that POTCAR (PotcarSingle.get_potcar_hash)."""
import sys
import warnings

warnings.simplefilter("ignore")
from pymatgen.io.vasp.inputs import Potcar
from pymatgen.io.vasp.outputs import Vasprun

vasprun, potcar = sys.argv[1], sys.argv[2]
v = Vasprun(vasprun, parse_potcar_file=True, parse_dos=False, parse_eigen=False)
for s in v.potcar_spec:
    print(f"{s['titel']}\t{s['hash']}")
for p in Potcar.from_file(potcar):
    print(f"single\t{p.symbol}\t{p.get_potcar_hash()}")
