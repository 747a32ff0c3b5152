#!/usr/bin/python3
"""Converts the pretrained CGCNN checkpoints (txie-93/cgcnn pre-trained/*.pth.tar) once into what
the product loads: one .npz per model (the state_dict tensors, float32, by their PyTorch names),
models.json (architecture, normaliser, training facts per model) and the element features.

Run with Debian's torch:  /usr/bin/python3 scripts/convert-cgcnn.py [SRC] [DEST]
SRC defaults to ../shared/data/cgcnn, DEST to src/main/resources/xtalflow/cgcnn.
"""
import json
import os
import shutil
import sys

import numpy as np
import torch

# checkpoint file stem -> (property key in the product, unit)
MODELS = {
    "formation-energy-per-atom": ("formation_energy_per_atom", "eV/atom"),
    "final-energy-per-atom": ("energy_per_atom", "eV/atom"),
    "band-gap": ("band_gap", "eV"),
    "efermi": ("efermi", "eV"),
    "bulk-moduli": ("bulk_modulus_log10_gpa", "log10(GPa)"),
    "shear-moduli": ("shear_modulus_log10_gpa", "log10(GPa)"),
    "poisson-ratio": ("poisson_ratio", ""),
    "semi-metal-classification": ("metal_probability", "probability"),
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "data", "cgcnn")
    dest = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "src", "main", "resources", "xtalflow", "cgcnn")
    os.makedirs(dest, exist_ok=True)
    cards = []
    for stem, (key, unit) in MODELS.items():
        ck = torch.load(os.path.join(src, "pre-trained", stem + ".pth.tar"), map_location="cpu")
        a = ck["args"]
        arrays = {name: t.detach().numpy().astype(np.float32) for name, t in ck["state_dict"].items()}
        np.savez(os.path.join(dest, stem + ".npz"), **arrays)
        cards.append({
            "name": stem,
            "property": key,
            "unit": unit,
            "task": a["task"],
            "atom_fea_len": a["atom_fea_len"],
            "n_conv": a["n_conv"],
            "h_fea_len": a["h_fea_len"],
            "n_h": a["n_h"],
            "normalizer_mean": float(ck["normalizer"]["mean"]),
            "normalizer_std": float(ck["normalizer"]["std"]),
            "epoch": int(ck["epoch"]),
            "best_validation_metric": "AUC" if a["task"] == "classification" else "MAE",
            "best_validation_value": float(ck["best_mae_error"]),
            "training_data": os.path.basename(a["data_options"][0]),
            "target": a["data_options"][2],
            "train_size": a["train_size"],
            "val_size": a["val_size"],
            "test_size": a["test_size"],
        })
    graph = {"max_num_nbr": 12, "radius": 8.0, "dmin": 0.0, "step": 0.2, "padding_distance": 9.0}
    with open(os.path.join(dest, "models.json"), "w") as f:
        json.dump({"graph": graph, "models": cards}, f, indent=1)
        f.write("\n")
    shutil.copyfile(os.path.join(src, "atom_init.json"), os.path.join(dest, "atom_init.json"))
    shutil.copyfile(os.path.join(src, "LICENSE.cgcnn"), os.path.join(dest, "LICENSE"))
    print("wrote", len(cards), "models to", dest)


if __name__ == "__main__":
    main()
