#!/usr/bin/env python3
"""Times pymatgen's Vasprun on the same vasprun.xml files as `xtalflow vasp bench`.

Usage: /usr/bin/python3 scripts/bench-vasprun-pymatgen.py [--repeat N] FILE...
Prints per file: uncompressed MB, best/median wall MB/s and median MB per CPU-second, for
pymatgen's defaults and for parse_dos/eigen/projected_eigen=False (closest to what xtalflow
reads), plus the process's peak RSS at the end. Needs Debian's python3-pymatgen.
"""
import argparse
import gzip
import os
import resource
import statistics
import sys
import time
import warnings

warnings.simplefilter("ignore")
from pymatgen.io.vasp.outputs import Vasprun  # noqa: E402
import pymatgen  # noqa: E402


def xml_size(path):
    if path.endswith(".gz"):
        n = 0
        with gzip.open(path, "rb") as f:
            while True:
                b = f.read(1 << 20)
                if not b:
                    return n
                n += len(b)
    return os.path.getsize(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    ver = getattr(pymatgen, "__version__", None)
    if ver is None:
        from importlib.metadata import version
        ver = version("pymatgen")
    print(f"pymatgen {ver}, python {sys.version.split()[0]}; one process")
    print(f"{'file':34s} {'mode':9s} {'MB(xml)':>8s} {'best MB/s':>10s} {'median':>8s} {'median MB/cpu-s':>16s}  final_energy")
    for path in a.files:
        size = xml_size(path)
        for mode, kw in (("default", {}), ("light", dict(parse_dos=False, parse_eigen=False, parse_projected_eigen=False))):
            wall, cpu = [], []
            e = None
            for _ in range(a.repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                v = Vasprun(path, parse_potcar_file=False, **kw)
                t1, c1 = time.perf_counter(), time.process_time()
                e = v.final_energy
                wall.append(size / 1e6 / (t1 - t0))
                cpu.append(size / 1e6 / (c1 - c0))
            print(f"{os.path.basename(path):34s} {mode:9s} {size / 1e6:8.1f} {max(wall):10.1f} {statistics.median(wall):8.1f}"
                  f" {statistics.median(cpu):16.1f}  {float(e):.8f}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
