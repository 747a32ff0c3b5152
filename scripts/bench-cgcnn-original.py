#!/usr/bin/python3
"""The original CGCNN implementation's speed on the structures of PredictBenchmark, for the ratio
in BENCHMARKS.md. It rebuilds the original pipeline from the published code's facts (txie-93/cgcnn
f42ab23: data.py builds the graph with pymatgen's get_all_neighbors(r=8) sorted by distance, 12
neighbours, padding index 0 at 9 A, Gaussians 0..8 A step/width 0.2; model.py's
CrystalGraphConvNet; batches as collate_pool) and times it on one core with Debian's torch.

  /usr/bin/python3 scripts/bench-cgcnn-original.py [structures=1000] [files=1000] [cif-dir]

It first checks itself against ../shared/data/cgcnn/EXPECTED.json (formation energy of the
Materials Project structures there) so the timing is of a faithful rebuild.
"""
import json
import os
import resource
import sys
import time
import warnings

import numpy as np
import torch
from torch import nn
from pymatgen.core import Structure

warnings.filterwarnings("ignore")
torch.set_num_threads(1)
torch.set_num_interop_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "data")
CKPT = os.path.join(SHARED, "cgcnn", "pre-trained")
MODELS = ["formation-energy-per-atom", "final-energy-per-atom", "band-gap", "efermi", "bulk-moduli",
          "shear-moduli", "poisson-ratio", "semi-metal-classification"]
CENTRES = np.arange(0.0, 8.0 + 0.2, 0.2)


def features():
    with open(os.path.join(SHARED, "cgcnn", "atom_init.json")) as f:
        return {int(k): np.array(v, dtype=float) for k, v in json.load(f).items()}


def graph(s, feats):
    """atom features, Gaussian bond features (n, 12, 41), neighbour indices (n, 12)."""
    atom = np.vstack([feats[site.specie.number] for site in s])
    idx, dist = [], []
    for nbrs in s.get_all_neighbors(8.0, include_index=True):
        nbrs = sorted(nbrs, key=lambda x: x[1])[:12]
        pad = 12 - len(nbrs)
        idx.append([n[2] for n in nbrs] + [0] * pad)
        dist.append([n[1] for n in nbrs] + [9.0] * pad)
    dist = np.array(dist)
    gauss = np.exp(-(dist[..., None] - CENTRES) ** 2 / 0.2 ** 2)
    return torch.Tensor(atom), torch.Tensor(gauss), torch.LongTensor(np.array(idx))


def collate(graphs):
    atoms, bonds, idx, members, base = [], [], [], [], 0
    for a, b, i in graphs:
        n = a.shape[0]
        atoms.append(a)
        bonds.append(b)
        idx.append(i + base)
        members.append(torch.arange(base, base + n))
        base += n
    return torch.cat(atoms), torch.cat(bonds), torch.cat(idx), members


class Conv(nn.Module):
    def __init__(self, a, b):
        super().__init__()
        self.a = a
        self.fc_full = nn.Linear(2 * a + b, 2 * a)
        self.bn1 = nn.BatchNorm1d(2 * a)
        self.bn2 = nn.BatchNorm1d(a)

    def forward(self, v, bond, idx):
        n, m = idx.shape
        z = torch.cat([v.unsqueeze(1).expand(n, m, self.a), v[idx, :], bond], dim=2)
        z = self.bn1(self.fc_full(z).view(-1, 2 * self.a)).view(n, m, 2 * self.a)
        gate, core = z.chunk(2, dim=2)
        s = torch.sum(torch.sigmoid(gate) * nn.functional.softplus(core), dim=1)
        return nn.functional.softplus(v + self.bn2(s))


class Net(nn.Module):
    def __init__(self, a=64, n_conv=4, h=32, n_h=1, classification=False):
        super().__init__()
        self.classification = classification
        self.embedding = nn.Linear(92, a)
        self.convs = nn.ModuleList([Conv(a, 41) for _ in range(n_conv)])
        self.conv_to_fc = nn.Linear(a, h)
        if n_h > 1:
            self.fcs = nn.ModuleList([nn.Linear(h, h) for _ in range(n_h - 1)])
        self.fc_out = nn.Linear(h, 2 if classification else 1)

    def forward(self, atom, bond, idx, members):
        v = self.embedding(atom)
        for c in self.convs:
            v = c(v, bond, idx)
        crys = torch.cat([torch.mean(v[m], dim=0, keepdim=True) for m in members])
        crys = nn.functional.softplus(self.conv_to_fc(nn.functional.softplus(crys)))
        for fc in getattr(self, "fcs", []):
            crys = nn.functional.softplus(fc(crys))
        out = self.fc_out(crys)
        return torch.exp(nn.functional.log_softmax(out, dim=1))[:, 1] if self.classification else out[:, 0]


def load(name):
    ck = torch.load(os.path.join(CKPT, name + ".pth.tar"), map_location="cpu")
    a = ck["args"]
    net = Net(a["atom_fea_len"], a["n_conv"], a["h_fea_len"], a["n_h"], a["task"] == "classification")
    net.load_state_dict(ck["state_dict"])
    net.eval()
    mean, std = ck["normalizer"]["mean"], ck["normalizer"]["std"]
    return (lambda *x: net(*x)) if net.classification else (lambda *x: net(*x) * std + mean)


def predict(model, graphs, batch=256):
    out = []
    with torch.no_grad():
        for k in range(0, len(graphs), batch):
            out.append(model(*collate(graphs[k:k + batch])))
    return torch.cat(out)


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    nfiles = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    cifdir = sys.argv[3] if len(sys.argv) > 3 else os.path.join(SHARED, "mp_groundstates", "cifs")
    feats = features()
    models = {m: load(m) for m in MODELS}

    expected = json.load(open(os.path.join(SHARED, "cgcnn", "EXPECTED.json")))["predictions"]
    names = [n for n, e in expected.items() if n.startswith("mp-") and not e["tie_at_cutoff"]]
    g = [graph(Structure.from_file(os.path.join(SHARED, "mp_groundstates", "cifs", n)), feats) for n in names]
    p = predict(models[MODELS[0]], g)
    worst = max(abs(float(p[i]) - expected[n][MODELS[0]]) for i, n in enumerate(names))
    print("rebuild check: formation energy of %d structures, max |diff| to EXPECTED.json %.2e eV/atom" % (len(names), worst))

    files = sorted(f for f in os.listdir(cifdir) if f.endswith(".cif"))[:nfiles]
    distinct = [Structure.from_file(os.path.join(cifdir, f)) for f in files]
    structures = [distinct[i % len(distinct)] for i in range(total)]
    print("%d structures (%d distinct CIFs), %.1f atoms on average, torch %s, 1 thread"
          % (total, len(distinct), sum(len(s) for s in structures) / total, torch.__version__))

    def cpu():
        return time.process_time()

    t = cpu()
    graphs = [graph(s, feats) for s in structures]
    report("crystal graphs (pymatgen)", total, cpu() - t)
    predict(models[MODELS[0]], graphs[:256])
    t = cpu()
    predict(models[MODELS[0]], graphs)
    report("inference, formation energy", total, cpu() - t)
    t = cpu()
    for m in MODELS:
        predict(models[m], graphs)
    report("inference, all eight models", total, cpu() - t)
    t = cpu()
    predict(models[MODELS[0]], [graph(s, feats) for s in structures])
    report("end to end (graph + formation energy)", total, cpu() - t)
    print("max RSS %.0f MiB" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def report(what, n, cpu):
    print("%-40s %7.2f s CPU  %8.0f structures per CPU-second" % (what, cpu, n / cpu))


if __name__ == "__main__":
    main()
