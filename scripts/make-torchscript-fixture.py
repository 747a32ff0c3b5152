#!/usr/bin/python3
"""Makes the small TorchScript generator fixture for xtalflow's tests (run once, output committed).

Uses Debian's python3-torch (1.13). The network follows the layer list of PGCGM's generator
(MilesZhao/PGCGM model.py; written here from that description, not copied) with every hidden
channel count scaled by WIDTH, random weights from a fixed seed, in eval mode. It is traced with
the contract xtalflow expects (README "Generator"):
    forward(sp (B,192,4,4), ele (B,23,3), z (B,128)) -> (coords (B,3,3,3) tanh, length (B,3) tanh)
It also writes model.json and expected.json: the outputs for fixed inputs (conditions below and
z[b, j] = sin(0.1 * (b * 128 + j))) so the Java test can check DJL against PyTorch.

Usage: /usr/bin/python3 scripts/make-torchscript-fixture.py
"""
import json
import math
import os

import torch
from torch import nn

WIDTH = 0.125
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src/test/resources/xtalflow/generate/torchscript")
RES = os.path.join(ROOT, "src/main/resources/xtalflow")
CONDITIONS = [("Fm-3m", 225, ["Ba", "Ru", "O"]), ("Pnma", 62, ["Li", "Fe", "O"]), ("P6_3/mmc", 194, ["Cs", "Pb", "I"])]


def ch(n):
    return max(4, round(n * WIDTH))


def block2d(cin, cout, k, transposed=False):
    conv = nn.ConvTranspose2d(cin, cout, k, 1) if transposed else nn.Conv2d(cin, cout, k, 1)
    return [conv, nn.BatchNorm2d(cout)]


class Gen(nn.Module):
    def __init__(self):
        super().__init__()
        self.sp = nn.Sequential(nn.Conv2d(192, ch(64), 2), nn.BatchNorm2d(ch(64)), nn.LeakyReLU(0.2),
                                nn.Conv2d(ch(64), ch(128), 2), nn.BatchNorm2d(ch(128)), nn.LeakyReLU(0.2),
                                nn.Conv2d(ch(128), ch(256), 2), nn.BatchNorm2d(ch(256)), nn.LeakyReLU(0.2),
                                nn.Flatten())
        self.ele = nn.Sequential(nn.Conv1d(23, ch(64), 2), nn.BatchNorm1d(ch(64)), nn.ReLU(),
                                 nn.Conv1d(ch(64), ch(128), 2), nn.BatchNorm1d(ch(128)), nn.ReLU(), nn.Flatten(),
                                 nn.Linear(ch(128), ch(256)), nn.BatchNorm1d(ch(256)), nn.ReLU())
        self.noise = nn.Sequential(nn.Linear(128, ch(256)), nn.BatchNorm1d(ch(256)), nn.ReLU())
        layers = []
        cin = 2 * ch(256)
        for cout, k in [(ch(1024), 2), (ch(512), 2), (ch(256), 1), (ch(128), 1), (ch(64), 1)]:
            layers += [nn.ConvTranspose2d(cin, cout, k, 1), nn.BatchNorm2d(cout), nn.ReLU()]
            cin = cout
        layers += [nn.ConvTranspose2d(cin, 3, 1, 1), nn.Tanh()]
        self.coords = nn.Sequential(*layers)
        mlp = []
        cin = 2 * ch(256)
        for u in [128, 64, 32, 16]:
            mlp += [nn.Linear(cin, ch(u)), nn.BatchNorm1d(ch(u)), nn.ReLU()]
            cin = ch(u)
        mlp += [nn.Linear(cin, 3), nn.Tanh()]
        self.length = nn.Sequential(*mlp)

    def forward(self, sp, ele, z):
        s = self.sp(sp)
        e = self.ele(ele)
        n = self.noise(z)
        x1 = torch.cat((n, e), 1)
        x2 = torch.cat((n, s), 1)
        return self.coords(x1.view(-1, x1.shape[1], 1, 1)), self.length(x2)


def inputs():
    groups = {g["number"]: g for g in json.load(open(os.path.join(RES, "spacegroups/spacegroups.json")))["groups"]}
    feats = json.load(open(os.path.join(RES, "pgcgm/elements_features.json")))["features_by_symbol"]
    b = len(CONDITIONS)
    sp = torch.zeros(b, 192, 4, 4)
    ele = torch.zeros(b, 23, 3)
    for i, (_, num, els) in enumerate(CONDITIONS):
        ops = groups[num]["ops_affine"]
        sp[i, :len(ops)] = torch.tensor(ops, dtype=torch.float32)
        for m, el in enumerate(els):
            ele[i, :, m] = torch.tensor(feats[el], dtype=torch.float32)
    z = torch.tensor([[math.sin(0.1 * (bi * 128 + j)) for j in range(128)] for bi in range(b)], dtype=torch.float32)
    return sp, ele, z


def main():
    torch.manual_seed(20231)
    g = Gen()
    # Non-trivial running statistics so eval-mode BatchNorm is exercised.
    with torch.no_grad():
        for mod in g.modules():
            if isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d)):
                mod.running_mean.uniform_(-0.1, 0.1)
                mod.running_var.uniform_(0.5, 1.5)
    g.eval()
    sp, ele, z = inputs()
    traced = torch.jit.trace(g, (sp, ele, z))
    os.makedirs(OUT, exist_ok=True)
    traced.save(os.path.join(OUT, "generator.pt"))
    with torch.no_grad():
        coords, length = traced(sp, ele, z)
    paras = json.load(open(os.path.join(RES, "pgcgm/paras.json")))
    model = {
        "format": "xtalflow-pgcgm/1", "kind": "torchscript", "weights": "generator.pt", "width": WIDTH, "noise_dim": 128,
        "elements": ["Ba", "Ru", "O", "Li", "Fe", "Cs", "Pb", "I"],
        "space_groups": [{"number": 225, "probability": 0.5}, {"number": 62, "probability": 0.25},
                         {"number": 194, "probability": 0.25}],
        "coord_scale_cr": paras["coord_scale_cr"]["value"], "length_scale_lr": paras["length_scale_lr"]["value"],
        "training": {"note": "random weights (fixture), made by scripts/make-torchscript-fixture.py, torch "
                     + torch.__version__},
    }
    json.dump(model, open(os.path.join(OUT, "model.json"), "w"), indent=2)
    expected = {"conditions": [{"space_group": n, "elements": e} for _, n, e in CONDITIONS],
                "z": "z[b][j] = sin(0.1 * (b * 128 + j))",
                "coords": coords.reshape(len(CONDITIONS), -1).tolist(), "length": length.tolist()}
    json.dump(expected, open(os.path.join(OUT, "expected.json"), "w"), indent=1)
    print("wrote", OUT, sum(p.numel() for p in g.parameters()), "parameters")


if __name__ == "__main__":
    main()
