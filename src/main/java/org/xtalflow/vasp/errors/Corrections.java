package org.xtalflow.vasp.errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.xtalflow.vasp.inputs.Kpoints;

/**
 * The ordered corrections for each error key: what custodian's handlers do for the same key
 * (src/custodian/vasp/handlers.py at e22cc88, read for facts), as actions on the next attempt's
 * inputs. A fix may depend on what the failed attempt used (ALGO, POTIM, SYMPREC...) and on how
 * often the same error was corrected before in the step, so repeated failures climb a ladder.
 * Nothing here knows the physics lock: {@link Corrector} filters every action through it.
 *
 * <p>Left out on purpose: custodian's strain of the POSCAR for ZPOTRF on the first step and the
 * supercell swap for a left-handed lattice (they change the structure the energy is of), and VTST's
 * FIRE optimiser (needs a VASP built with VTST).
 */
public final class Corrections {

    /** Errors no input change fixes, with what a person has to do. */
    private static final Map<String, String> UNFIXABLE = Map.of(
            "set_core_wf", "the POTCAR's core electrons are wrong for this VASP: use newer POTCARs",
            "read_error", "VASP cannot read an INCAR item: fix the typo in the input set",
            "spin_polarized_harris", "ICHARG >= 10 with ISPIN = 2 and NSW > 0 is not allowed: fix the input set",
            "elf_ncl", "ELF is not implemented for non-collinear runs: remove LELF",
            "triple_product", "the lattice is left-handed: regenerate the structure");

    private static final Map<String, Function<RunContext, List<Action>>> FIXES = new LinkedHashMap<>();

    private Corrections() {}

    /** Why {@code key} cannot be fixed by changing inputs, or null when it can be tried. */
    public static String unfixable(String key) {
        return UNFIXABLE.get(key);
    }

    /** Keys with a correction. */
    public static Set<String> keys() {
        return Collections.unmodifiableSet(FIXES.keySet());
    }

    /** The actions for {@code key} in this context, in order (empty: nothing left to try). */
    public static List<Action> actions(String key, RunContext c) {
        Function<RunContext, List<Action>> f = FIXES.get(key);
        return f == null ? List.of() : f.apply(c);
    }

    private static void fix(String key, Function<RunContext, List<Action>> f) {
        FIXES.put(key, f);
    }

    private static List<Action> list(Action... a) {
        return new ArrayList<>(List.of(a));
    }

    private static boolean monkhorst(RunContext c) {
        return c.kpoints() != null && c.kpoints().style() == Kpoints.Style.MONKHORST;
    }

    private static boolean gamma(RunContext c) {
        return c.kpoints() != null && c.kpoints().style() == Kpoints.Style.GAMMA;
    }

    private static boolean symmetryOn(RunContext c) {
        return c.integer("ISYM", 2) > 0;
    }

    /** The next rung of the ALGO ladder VeryFast -> Fast -> Normal -> All (custodian's), or null at the top. */
    private static String nextAlgo(RunContext c) {
        return switch (c.str("ALGO", "normal")) {
            case "veryfast", "very_fast" -> "Fast";
            case "fast" -> "Normal";
            case "normal", "n" -> c.integer("ISMEAR", 1) >= 0 ? "All" : null;
            default -> null;
        };
    }

    /** Slower but steadier density mixing, then a larger BMIX, when the ALGO ladder is used up. */
    private static List<Action> mixing(RunContext c) {
        if (c.num("AMIX", 0.4) > 0.1 && c.num("BMIX", 1.0) > 0.01) {
            return list(
                    Action.set("ALGO", "Normal"),
                    Action.set("AMIX", 0.1),
                    Action.set("BMIX", 0.01),
                    Action.set("ICHARG", 2));
        }
        if (c.num("BMIX", 1.0) < 3.0 && c.num("AMIN", 0.1) > 0.01) {
            return list(
                    Action.set("ALGO", "Normal"),
                    Action.set("AMIN", 0.01),
                    Action.set("BMIX", 3.0),
                    Action.set("ICHARG", 2));
        }
        return list();
    }

    private static List<Action> scfLadder(RunContext c) {
        List<Action> a = list();
        String algo = c.str("ALGO", "normal");
        if ((algo.equals("all") || algo.equals("damped")) && c.integer("ISMEAR", 1) < 0) {
            a.add(Action.set("ISMEAR", 0));
            a.add(Action.set("SIGMA", 0.05));
            return a;
        }
        if (!c.str("METAGGA", "none").equals("none") && !algo.equals("all")) {
            a.add(Action.set("ALGO", "All"));
            a.add(Action.set("ISEARCH", 1));
            return a;
        }
        String next = nextAlgo(c);
        if (next != null) {
            a.add(Action.set("ALGO", next));
            if (next.equals("All")) {
                a.add(Action.set("ISEARCH", 1));
            }
            return a;
        }
        a.addAll(mixing(c));
        if (a.isEmpty() && c.integer("NELM", 60) < 200) {
            a.add(Action.set("NELM", Math.min(200, c.integer("NELM", 60) * 2)));
        }
        return a;
    }

    private static double halfPotim(RunContext c) {
        return Math.round(c.num("POTIM", 0.5) / 2.0 * 100) / 100.0;
    }

    static {
        fix("tet", c -> list(Action.set("ISMEAR", 0), Action.set("SIGMA", 0.05)));
        fix("ksymm", Corrections::symprecDown);
        fix("bravais", Corrections::symprecDown);
        fix("inv_rot_mat", c -> c.num("SYMPREC", 1e-5) > 1e-8 ? list(Action.set("SYMPREC", 1e-8)) : list());
        fix("brmix", c -> {
            int n = c.count("brmix");
            if (n == 0) {
                return list(Action.set("ISTART", 1)); // a valid WAVECAR: the same run again often gets through
            }
            if (n == 1 && c.integer("IMIX", 4) != 1) {
                return list(Action.set("IMIX", 1)); // Kerker mixing
            }
            if (n == 2 && gamma(c)) {
                return list(new Action(Action.Type.KPOINTS_STYLE, "", Kpoints.Style.MONKHORST), Action.unset("IMIX"));
            }
            if (n <= 3 && monkhorst(c)) {
                List<Action> a =
                        list(new Action(Action.Type.KPOINTS_STYLE, "", Kpoints.Style.GAMMA), Action.unset("IMIX"));
                int[] m = c.kpoints().mesh();
                if (m[0] % 2 == 0 && m[1] % 2 == 0 && m[2] % 2 == 0) {
                    a.add(new Action(Action.Type.KPOINTS_MESH, "", new int[] {m[0] + 1, m[1] + 1, m[2] + 1}));
                }
                return a;
            }
            List<Action> a = list();
            if (symmetryOn(c)) {
                a.add(Action.set("ISYM", 0));
            }
            if (c.integer("ICHARG", 0) < 10) {
                a.add(Action.delete("CHGCAR"));
                a.add(Action.delete("WAVECAR"));
            }
            return a;
        });
        fix("subspacematrix", c -> {
            if (c.count("subspacematrix") == 0 && c.lreal()) {
                return list(Action.set("LREAL", false));
            }
            if (!c.str("PREC", "normal").equals("accurate")) {
                return list(Action.set("PREC", "Accurate"));
            }
            return list();
        });
        fix(
                "tetirr",
                c -> monkhorst(c) ? list(new Action(Action.Type.KPOINTS_STYLE, "", Kpoints.Style.GAMMA)) : list());
        fix(
                "incorrect_shift",
                c -> monkhorst(c) ? list(new Action(Action.Type.KPOINTS_STYLE, "", Kpoints.Style.GAMMA)) : list());
        fix("real_optlay", c -> c.lreal() ? list(Action.set("LREAL", false)) : list());
        fix("rspher", c -> c.lreal() ? list(Action.set("LREAL", false)) : list());
        fix("nicht_konv", c -> c.lreal() ? list(Action.set("LREAL", false)) : list());
        fix("dentet", c -> {
            if (monkhorst(c)) {
                return list(new Action(Action.Type.KPOINTS_STYLE, "", Kpoints.Style.GAMMA));
            }
            if (c.kpoints() != null && c.count("dentet") < 2 && c.kpoints().totalPoints() < 4 * 8) {
                int[] m = c.kpoints().mesh();
                return list(new Action(Action.Type.KPOINTS_MESH, "", new int[] {m[0] + 1, m[1] + 1, m[2] + 1}));
            }
            return list(Action.set("ISMEAR", 0), Action.set("SIGMA", 0.05));
        });
        fix("too_few_bands", c -> {
            int nb = c.integer("NBANDS", c.facts().nbands());
            return nb > 0 ? list(Action.set("NBANDS", Math.max((int) (1.1 * nb), nb + 1))) : list();
        });
        fix("nbands_not_sufficient", c -> {
            double nelect = c.facts().nelect();
            int nions = c.nsites() > 0 ? c.nsites() : c.facts().nions();
            if (Double.isNaN(nelect) || nions == 0) {
                return list();
            }
            int ncore = Math.max(1, c.integer("NCORE", 1));
            long dflt = Math.round(Math.max(nelect / 2 + nions / 2.0, nelect * 0.6));
            int nb = (int) (Math.ceil(dflt / (double) ncore) * ncore);
            return nb > c.integer("NBANDS", 0) ? list(Action.set("NBANDS", nb)) : list();
        });
        fix("rot_matrix", c -> {
            if (monkhorst(c)) {
                return list(new Action(Action.Type.KPOINTS_STYLE, "", Kpoints.Style.GAMMA));
            }
            return symmetryOn(c) ? list(Action.set("ISYM", 0)) : list();
        });
        fix("brions", c -> {
            List<Action> a = list();
            if (c.hasContcar()) {
                a.add(Action.restartFromContcar());
            }
            if (c.count("brions") == 1 && c.integer("IBRION", 0) == 1) {
                a.add(Action.set("IBRION", 2));
                a.add(Action.set("POTIM", 0.5));
            } else {
                a.add(Action.set("POTIM", Math.round((c.num("POTIM", 0.5) + 0.1) * 100) / 100.0));
            }
            return a;
        });
        fix(
                "pricel",
                c -> c.num("SYMPREC", 1e-5) > 1e-8 ? list(Action.set("SYMPREC", 1e-8), Action.set("ISYM", 0)) : list());
        fix("zpotrf", c -> {
            List<Action> a = list();
            if (symmetryOn(c)) {
                a.add(Action.set("ISYM", 0));
            }
            int nsites = c.nsites() > 0 ? c.nsites() : c.facts().nions();
            if (nsites > 0 && nsites < 5 && (c.integer("NCORE", 1) > 1 || c.integer("NPAR", 1) > 1)) {
                a.add(Action.set("NCORE", 1));
                if (c.integer("NPAR", 1) > 1) {
                    a.add(Action.unset("NPAR"));
                }
            } else if (c.integer("NSW", 0) > 0 && c.facts().ionicSteps() > 0) {
                a.add(Action.set("POTIM", halfPotim(c)));
            }
            return a;
        });
        fix("amin", c -> c.num("AMIN", 0.1) > 0.01 ? list(Action.set("AMIN", 0.01)) : list());
        fix("zbrent", c -> {
            List<Action> a = list();
            if (c.hasContcar()) {
                a.add(Action.restartFromContcar());
            }
            double ediff = c.num("EDIFF", 1e-4);
            if (ediff > 1e-8) {
                a.add(Action.set("EDIFF", ediff > 1e-6 ? 1e-6 : ediff / 10)); // tighter: better forces
            }
            if (c.integer("NELMIN", 2) < 8) {
                a.add(Action.set("NELMIN", 8));
            }
            if (c.count("zbrent") == 1) {
                a.add(Action.set("IBRION", 1));
            }
            return a;
        });
        fix("pssyevx", c -> !c.str("ALGO", "normal").equals("normal") ? list(Action.set("ALGO", "Normal")) : list());
        fix("pdsyevx", c -> !c.str("ALGO", "normal").equals("normal") ? list(Action.set("ALGO", "Normal")) : list());
        fix("eddrmm", c -> {
            List<Action> a = list();
            if (c.hasContcar()) {
                a.add(Action.restartFromContcar());
            }
            String algo = c.str("ALGO", "normal");
            if (algo.equals("fast") || algo.equals("veryfast")) {
                a.add(Action.set("ALGO", "Normal"));
            } else if (halfPotim(c) < c.num("POTIM", 0.5)) {
                a.add(Action.set("POTIM", halfPotim(c)));
            }
            if (c.integer("ICHARG", 0) < 10) {
                a.add(Action.delete("CHGCAR"));
                a.add(Action.delete("WAVECAR"));
            }
            return a;
        });
        fix("edddav", c -> {
            List<Action> a = list();
            if (c.hasContcar()) {
                a.add(Action.restartFromContcar());
            }
            if (c.integer("ICHARG", 0) < 10) {
                a.add(Action.delete("CHGCAR"));
            }
            if (!c.str("ALGO", "normal").equals("all")) {
                a.add(Action.set("ALGO", "All"));
                a.add(Action.set("ISEARCH", 1));
            }
            double nelect = c.facts().nelect();
            if (c.mpiTasks() > 0 && !Double.isNaN(nelect) && nelect < c.mpiTasks()) {
                a.add(Action.set("NCORE", c.integer("NCORE", 1) * 2)); // load balance of a small cell
                if (c.incar().contains("NPAR")) {
                    a.add(Action.unset("NPAR"));
                }
            }
            boolean tagChanged =
                    a.stream().anyMatch(x -> x.type() == Action.Type.SET_TAG || x.type() == Action.Type.UNSET_TAG);
            return tagChanged || c.count("edddav") == 0
                    ? a
                    : list(); // only file moves left: it would fail the same way
        });
        fix("grad_not_orth", c -> {
            String algo = c.str("ALGO", "normal");
            if (algo.equals("all") || algo.equals("conjugate") || algo.equals("damped")) {
                boolean plainGga = c.str("METAGGA", "none").equals("none")
                        && !Boolean.TRUE.equals(c.incar().get("LHFCALC"));
                return list(Action.set("ALGO", plainGga ? "Fast" : "Normal"));
            }
            return list();
        });
        fix("zheev", Corrections::diagonalisation);
        fix("eddiag", Corrections::diagonalisation);
        fix("elf_kpar", c -> c.integer("KPAR", 1) != 1 ? list(Action.set("KPAR", 1)) : list());
        fix(
                "rhosyg",
                c -> c.num("SYMPREC", 1e-5) < 1e-4
                        ? list(Action.set("SYMPREC", 1e-4))
                        : symmetryOn(c) ? list(Action.set("ISYM", 0)) : list());
        fix("posmap", Corrections::symprecLadder);
        fix("pricelv", Corrections::symprecLadder);
        fix("point_group", c -> symmetryOn(c) ? list(Action.set("ISYM", 0)) : list());
        fix(
                "symprec_noise",
                c -> !symmetryOn(c)
                        ? list()
                        : c.num("SYMPREC", 1e-5) > 1e-6
                                ? list(Action.set("SYMPREC", 1e-6))
                                : list(Action.set("ISYM", 0)));
        fix("dfpt_ncore", c -> {
            List<Action> a = list();
            if (c.incar().contains("NCORE")) {
                a.add(Action.unset("NCORE"));
            }
            if (c.incar().contains("NPAR")) {
                a.add(Action.unset("NPAR"));
            }
            return a;
        });
        fix("hnform", c -> symmetryOn(c) ? list(Action.set("ISYM", 0)) : list());
        fix("coef", c -> list(Action.delete("WAVECAR")));
        fix("ibzkpt", c -> {
            if (c.count("ibzkpt") == 0 && symmetryOn(c)) {
                return list(Action.set("ISYM", 0));
            }
            return c.num("SYMPREC", 1e-5) > 1e-6 ? list(Action.set("SYMPREC", 1e-6)) : list();
        });
        fix("fexcf", c -> {
            if (c.count("fexcf") == 0 && c.hasContcar()) {
                return list(Action.restartFromContcar());
            }
            return c.integer("IBRION", -1) == 1 ? list(Action.set("IBRION", 2)) : list();
        });
        fix("algo_tet", c -> {
            String algo = c.str("ALGO", "normal");
            if (c.count("algo_tet") == 0
                    && (algo.equals("all") || algo.equals("damped"))
                    && c.integer("ISMEAR", 1) < 0) {
                return list(Action.set("ALGO", "Fast"));
            }
            return list(Action.set("ISMEAR", 0), Action.set("SIGMA", 0.05));
        });
        fix("mesh_symmetry", Corrections::cubicMesh);
        fix("kpoints_trans", c -> c.count("kpoints_trans") == 0 ? cubicMesh(c) : list());
        fix(
                "out_of_memory",
                c -> c.integer("KPAR", 1) > 1
                        ? list(Action.set("KPAR", Math.max(1, c.integer("KPAR", 1) / 2)))
                        : list(new Action(Action.Type.MORE_MEMORY, "", 2.0)));
        fix("walltime", c -> {
            List<Action> a = list();
            if (c.hasContcar()) {
                a.add(Action.restartFromContcar());
            }
            if (c.count("walltime") >= 1) {
                a.add(new Action(Action.Type.MORE_WALLTIME, "", 2.0)); // cut short twice: ask for more
            }
            return a;
        });
        fix(RunErrors.UNCONVERGED_ELECTRONIC, c -> {
            List<Action> a = list();
            if (c.facts().maxLatticeLength() > 50 && c.num("AMIN", 0.1) > 0.01) {
                a.add(Action.set("AMIN", 0.01));
                return a;
            }
            return scfLadder(c);
        });
        fix(RunErrors.UNCONVERGED_IONIC, c -> {
            List<Action> a = list();
            if (c.hasContcar()) {
                a.add(Action.restartFromContcar());
            }
            if (c.count(RunErrors.UNCONVERGED_IONIC) >= 1 && c.integer("IBRION", 2) != 1) {
                a.add(Action.set("IBRION", 1));
            }
            return a;
        });
        fix(RunErrors.NON_CONVERGING, Corrections::scfLadder);
        fix(RunErrors.POSITIVE_ENERGY, c -> {
            if (!c.str("ALGO", "normal").equals("normal")
                    && !c.str("ALGO", "normal").equals("n")) {
                return list(Action.set("ALGO", "Normal"));
            }
            return c.integer("IBRION", 1) > -1 ? list(Action.set("POTIM", halfPotim(c))) : list();
        });
        fix(RunErrors.LARGE_SIGMA, c -> {
            double sigma = c.num("SIGMA", 0.2);
            double perAtom = c.facts().entropyPerAtom();
            if (sigma > 0.001 && perAtom > 0) {
                double s = Math.max(0.001, 0.8 * Math.sqrt(1e-3 / perAtom) * sigma);
                return list(Action.set("SIGMA", Math.round(s * 1e4) / 1e4));
            }
            return c.integer("ISMEAR", 1) != 0 ? list(Action.set("ISMEAR", 0), Action.set("SIGMA", 0.05)) : list();
        });
        fix(
                RunErrors.FROZEN_JOB,
                c -> c.str("ALGO", "normal").equals("fast")
                        ? list(Action.set("ALGO", "Normal"))
                        : c.num("SYMPREC", 1e-5) > 1e-8 ? list(Action.set("SYMPREC", 1e-8)) : list());
    }

    private static List<Action> symprecDown(RunContext c) {
        double symprec = c.num("SYMPREC", 1e-5);
        if (symprec > 1e-6) {
            return list(Action.set("SYMPREC", Math.min(symprec / 10.0, 1e-6)));
        }
        return symmetryOn(c) ? list(Action.set("ISYM", 0)) : list();
    }

    private static List<Action> symprecLadder(RunContext c) {
        int n = Math.max(c.count("posmap"), c.count("pricelv"));
        double symprec = c.num("SYMPREC", 1e-5);
        if (n == 0) {
            return list(Action.set(
                    "SYMPREC", Double.parseDouble(String.format(java.util.Locale.ROOT, "%.1e", symprec / 10))));
        }
        if (n == 1) {
            return list(Action.set(
                    "SYMPREC", Double.parseDouble(String.format(java.util.Locale.ROOT, "%.1e", symprec * 100))));
        }
        return symmetryOn(c) ? list(Action.set("ISYM", 0)) : list();
    }

    private static List<Action> diagonalisation(RunContext c) {
        List<Action> a = list();
        if (c.hasContcar()) {
            a.add(Action.restartFromContcar());
        }
        String algo = c.str("ALGO", "normal");
        if (algo.equals("fast")) {
            a.add(Action.set("ALGO", "Normal"));
        } else if (algo.equals("normal")) {
            a.add(Action.set("ALGO", "Exact"));
        }
        return a;
    }

    /** custodian's mesh fix: the same number of points as a cube, m = round(N^(1/3)), even for Monkhorst-Pack. */
    private static List<Action> cubicMesh(RunContext c) {
        if (c.kpoints() == null) {
            return list();
        }
        int m = Math.max((int) Math.round(Math.cbrt(c.kpoints().totalPoints())), 1);
        if (monkhorst(c)) {
            m += m % 2;
        }
        int[] cube = {m, m, m};
        return java.util.Arrays.equals(cube, c.kpoints().mesh())
                ? list()
                : list(new Action(Action.Type.KPOINTS_MESH, "", cube));
    }
}
