#!/usr/bin/python3
"""Labels the pairs written by org.xtalflow.screen.DuplicateToleranceStudy with pymatgen's
StructureMatcher (default tolerances: ltol 0.2, stol 0.3, angle_tol 5, scale=True) and tabulates,
per band of fingerprint difference, the share StructureMatcher calls the same structure; then the
agreement of the duplicate filter at several tolerances.

Usage: /usr/bin/python3 scripts/reference/duplicate_matcher.py OUT_DIR [pairs_per_band=60] [seed=1]
(Debian python3-pymatgen; pyenv's python3 has no pymatgen.)
"""
import csv
import random
import sys
from pathlib import Path

from pymatgen.analysis.structure_matcher import StructureMatcher
from pymatgen.core import Structure

out = Path(sys.argv[1])
per_band = int(sys.argv[2]) if len(sys.argv) > 2 else 60
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
band = 0.025

bands = {}
with open(out / "pairs.tsv") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        d = float(row["fingerprint_difference"])
        b = min(int(d / band), 16)  # 16: everything from 0.4 up
        bands.setdefault(b, []).append((row["a"], row["b"], d))

matcher = StructureMatcher()
cache = {}


def load(i):
    if i not in cache:
        cache[i] = Structure.from_file(str(out / "cifs" / (i.replace("/", "~") + ".cif")))
    return cache[i]


labelled = []
print("| fingerprint difference | pairs | StructureMatcher: same |")
print("|---|---|---|")
for b in sorted(bands):
    pairs = bands[b]
    sample = rng.sample(pairs, min(per_band, len(pairs)))
    same = 0
    for a, c, d in sample:
        m = matcher.fit(load(a), load(c))
        same += m
        labelled.append((d, m))
    lo = b * band
    hi = "" if b == 16 else f"{(b + 1) * band:.3f}"
    print(f"| {lo:.3f}-{hi} | {len(sample)} of {len(pairs)} | {same} ({100.0 * same / len(sample):.0f}%) |")

with open(out / "labelled.tsv", "w") as f:
    f.write("fingerprint_difference\tstructure_matcher_same\n")
    for d, m in labelled:
        f.write(f"{d:.5f}\t{int(m)}\n")

print()
print("| tolerance | sample pairs called duplicate | of them StructureMatcher-same | same pairs missed |")
print("|---|---|---|---|")
for tol in (0.02, 0.05, 0.075, 0.1, 0.15, 0.2):
    called = [m for d, m in labelled if d <= tol]
    missed = sum(1 for d, m in labelled if d > tol and m)
    print(f"| {tol} | {len(called)} | {sum(called)} | {missed} |")
