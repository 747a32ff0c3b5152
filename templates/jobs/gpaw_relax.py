#!/usr/bin/python3
"""xtalflow's GPAW job driver: relax a structure (cell and positions), then a final static
evaluation at the relaxed geometry with a fresh plane-wave basis, and write gpaw-result.json.

Usage (the job script does this; run with Debian's /usr/bin/python3, under mpirun for N ranks):
    gpaw_relax.py --structure POSCAR --settings gpaw-settings.json --out gpaw-result.json

The settings JSON is written by xtalflow (org.xtalflow.gpaw.GpawInputSet) and holds every physics
choice; this script holds none. Keys:
    input_set, xc, setups, ecut_ev, kpoints {mesh [3], gamma}, smearing {name, width_ev},
    spinpol, initial_magmoms_by_element (symbol -> Bohr magnetons; omitted when not spin-polarised), scf {energy_ev_per_electron, density,
    eigenstates, maxiter, mixer {beta, nmaxold, weight} (optional)}, relax {cell, cell_filter, optimizer, fmax_ev_per_a, max_steps},
    final_static (bool), deadline_margin_s.

The result JSON always carries "status" ("ok" or "error") and "errors", a list of markers:
    scf_not_converged, relaxation_not_converged, walltime, out_of_memory, bad_input, crashed.
A job that is killed outright (SIGKILL by the OOM killer or the scheduler) cannot write it; the
job script then records the exit code in gpaw-exit-code and xtalflow reads the marker from that.
Energies in eV, forces in eV/Å, stress in eV/Å^3 (Voigt order xx yy zz yz xz xy, ASE's sign:
positive = tensile), lengths in Å.
"""
import argparse
import json
import os
import signal
import sys
import time
import traceback

RESULT_FORMAT = "xtalflow-gpaw-result/1"


class Walltime(Exception):
    """The job's deadline is near (or the scheduler sent SIGTERM/SIGUSR1)."""


def _deadline():
    """Epoch seconds by which the job must have written its result, or None when unbounded."""
    value = os.environ.get("XTALFLOW_DEADLINE_EPOCH", "").strip()
    return float(value) if value else None


def _on_signal(signum, frame):
    raise Walltime("signal %d from the scheduler" % signum)


def _world():
    from gpaw.mpi import world
    return world


def _write_json(path, data):
    if _world().rank != 0:
        return
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def _versions():
    import ase
    import gpaw
    return {"gpaw": gpaw.__version__, "ase": ase.__version__, "python": sys.version.split()[0]}


def make_calculator(settings, txt):
    """The GPAW calculator of the settings (shared by the relaxation and the final static run)."""
    from gpaw import GPAW, PW, FermiDirac, MethfesselPaxton
    sm = settings["smearing"]
    if sm["name"] == "fermi-dirac":
        occ = FermiDirac(sm["width_ev"])
    elif sm["name"] == "methfessel-paxton":
        occ = MethfesselPaxton(sm["width_ev"], order=int(sm.get("order", 1)))
    else:
        raise ValueError("unknown smearing '%s' (fermi-dirac or methfessel-paxton)" % sm["name"])
    scf = settings["scf"]
    k = settings["kpoints"]
    extra = {}
    if scf.get("mixer"):
        # a gentler density mixer (an SCF correction of xtalflow's next attempt); GPAW's default otherwise
        m = scf["mixer"]
        extra["mixer"] = {"beta": float(m["beta"]), "nmaxold": int(m["nmaxold"]), "weight": float(m["weight"])}
    return GPAW(mode=PW(float(settings["ecut_ev"])),
                xc=settings["xc"],
                setups=settings.get("setups", "paw"),
                kpts={"size": [int(n) for n in k["mesh"]], "gamma": bool(k.get("gamma", True))},
                occupations=occ,
                spinpol=bool(settings["spinpol"]),
                convergence={"energy": float(scf["energy_ev_per_electron"]),
                             "density": float(scf["density"]),
                             "eigenstates": float(scf["eigenstates"])},
                maxiter=int(scf["maxiter"]),
                txt=txt,
                **extra)


def _setups_used(calc):
    out = {}
    try:
        for s in calc.setups.setups.values():
            out[s.symbol] = {"file": os.path.basename(str(getattr(s, "filename", "") or "")),
                             "valence_electrons": float(s.Nv), "fingerprint": getattr(s, "fingerprint", "")}
    except Exception:  # setups are informative; never fail a finished run on them
        pass
    return out


def _structure_json(atoms):
    return {"cell_a": atoms.cell.array.tolist(),
            "species": atoms.get_chemical_symbols(),
            "frac_coords": atoms.get_scaled_positions(wrap=True).tolist(),
            "pbc": [bool(p) for p in atoms.pbc]}


def _magmom(calc):
    try:
        return float(calc.get_magnetic_moment())
    except Exception:
        return 0.0


def relax(atoms, settings, log_prefix, deadline):
    """BFGS on positions (and cell through ASE's filter). Returns (steps, converged, walltime_hit)."""
    from ase.constraints import ExpCellFilter, UnitCellFilter
    from ase.optimize import BFGS, FIRE, LBFGS
    r = settings["relax"]
    target = atoms
    if r.get("cell", True):
        target = {"exp": ExpCellFilter, "unit": UnitCellFilter}[r.get("cell_filter", "exp")](atoms)
    opt_class = {"bfgs": BFGS, "lbfgs": LBFGS, "fire": FIRE}[r.get("optimizer", "bfgs").lower()]
    opt = opt_class(target, logfile=log_prefix + ".opt.log", trajectory=log_prefix + ".traj")
    fmax = float(r["fmax_ev_per_a"])
    max_steps = int(r["max_steps"])
    margin = float(settings.get("deadline_margin_s", 0))
    step_started = time.time()
    longest_step = 0.0
    for _ in opt.irun(fmax=fmax, steps=max_steps):
        now = time.time()
        longest_step = max(longest_step, now - step_started)
        step_started = now
        # the final static run costs about one step: stop while there is time to write a result
        if deadline is not None and now + 2 * longest_step + margin > deadline and not opt.converged():
            return opt.nsteps, False, True
    return opt.nsteps, bool(opt.converged()), False


def run(structure_path, settings, out_path):
    from ase.io import read
    from gpaw import KohnShamConvergenceError
    started = time.time()
    cpu0 = time.process_time()
    deadline = _deadline()
    result = {"format": RESULT_FORMAT, "input_set": settings.get("input_set", ""),
              "settings_hash": settings.get("settings_hash", ""), "versions": _versions(),
              "mpi_ranks": _world().size, "status": "error", "errors": [], "relax": {}, "final": None,
              "settings": settings}
    errors = result["errors"]
    atoms = None
    try:
        atoms = read(structure_path)
        n = len(atoms)
        result["initial_structure"] = _structure_json(atoms)
        magmoms = settings.get("initial_magmoms_by_element")
        if settings["spinpol"] and magmoms is not None:
            missing = sorted(set(atoms.get_chemical_symbols()) - set(magmoms))
            if missing:
                raise ValueError("initial_magmoms_by_element has no moment for %s" % ", ".join(missing))
            atoms.set_initial_magnetic_moments([float(magmoms[s]) for s in atoms.get_chemical_symbols()])
        relax_settings = settings.get("relax")
        steps, relaxed, walltime_hit = 0, True, False
        if relax_settings and int(relax_settings.get("max_steps", 0)) > 0:
            atoms.calc = make_calculator(settings, "gpaw-relax.txt")
            steps, relaxed, walltime_hit = relax(atoms, settings, "gpaw-relax", deadline)
            result["relax"] = {"steps": steps, "converged": relaxed,
                               "fmax_ev_per_a": float(relax_settings["fmax_ev_per_a"]),
                               "max_steps": int(relax_settings["max_steps"]),
                               "cell": bool(relax_settings.get("cell", True))}
            if walltime_hit:
                errors.append("walltime")
            elif not relaxed:
                errors.append("relaxation_not_converged")
            if settings["spinpol"]:
                # start the static run from the relaxed moments, not the guesses
                atoms.set_initial_magnetic_moments(atoms.calc.get_magnetic_moments())
        if settings.get("final_static", True) and not walltime_hit:
            # a fresh calculator: the plane-wave basis of the relaxed cell, not the initial one
            calc = make_calculator(settings, "gpaw-static.txt")
            atoms.calc = calc
            energy = atoms.get_potential_energy()
            forces = atoms.get_forces()
            stress = atoms.get_stress(voigt=True) if all(atoms.pbc) else None
            result["final"] = {"energy_ev": float(energy), "energy_per_atom_ev": float(energy) / n,
                               "forces_ev_per_a": forces.tolist(),
                               "max_force_ev_per_a": float((forces ** 2).sum(axis=1).max() ** 0.5),
                               "stress_ev_per_a3": None if stress is None else stress.tolist(),
                               "magnetic_moment_mu_b": _magmom(calc) if settings["spinpol"] else 0.0,
                               "scf_iterations": int(calc.get_number_of_iterations() or 0),
                               "scf_converged": True,
                               "volume_a3": float(atoms.get_volume()),
                               "volume_per_atom_a3": float(atoms.get_volume()) / n,
                               "structure": _structure_json(atoms)}
            result["setups"] = _setups_used(calc)
        result["status"] = "ok" if not errors else "error"
    except KohnShamConvergenceError as e:
        errors.append("scf_not_converged")
        result["error_detail"] = "SCF did not converge within %s iterations: %s" % (
            settings["scf"]["maxiter"], e)
    except Walltime as e:
        errors.append("walltime")
        result["error_detail"] = str(e)
    except MemoryError as e:
        errors.append("out_of_memory")
        result["error_detail"] = "MemoryError: %s" % e
    except (ValueError, KeyError, OSError) as e:
        errors.append("bad_input")
        result["error_detail"] = "%s: %s" % (type(e).__name__, e)
        result["traceback"] = traceback.format_exc()[-4000:]
    except Exception as e:  # noqa: BLE001 - everything else is a crash worth recording
        errors.append("crashed")
        result["error_detail"] = "%s: %s" % (type(e).__name__, e)
        result["traceback"] = traceback.format_exc()[-4000:]
    if atoms is not None and "structure" not in (result["final"] or {}):
        result["last_structure"] = _structure_json(atoms)
    result["wall_s"] = round(time.time() - started, 2)
    result["cpu_s_rank0"] = round(time.process_time() - cpu0, 2)
    _write_json(out_path, result)
    return result


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--structure", required=True, help="POSCAR or CIF (anything ase.io.read reads)")
    p.add_argument("--settings", required=True, help="settings JSON written by xtalflow")
    p.add_argument("--out", default="gpaw-result.json")
    a = p.parse_args(argv)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGUSR1, _on_signal)
    try:
        with open(a.settings) as f:
            settings = json.load(f)
    except (OSError, ValueError) as e:
        _write_json(a.out, {"format": RESULT_FORMAT, "status": "error", "errors": ["bad_input"],
                            "error_detail": "cannot read settings %s: %s" % (a.settings, e)})
        return 2
    result = run(a.structure, settings, a.out)
    if result["status"] == "ok":
        return 0
    # a relaxation that used its steps but whose final static run converged is a finished job, as a
    # VASP run that used its NSW steps: xtalflow harvests it and flags it not converged
    final = result.get("final") or {}
    if result.get("errors") == ["relaxation_not_converged"] and final.get("scf_converged"):
        return 0
    return 3


if __name__ == "__main__":
    sys.exit(main())
