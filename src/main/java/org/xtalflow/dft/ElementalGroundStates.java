package org.xtalflow.dft;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;

/**
 * Starting structures of the elements' ground states for same-engine references: the simple
 * low-temperature solids (bcc, fcc, hcp, diamond; standard crystallography, e.g. Kittel's table of
 * the elements' structures) as primitive cells of 1–2 atoms, sized from the element's molar volume;
 * the engine relaxes cell and positions. Elements whose ground state is not one of these (B, Ga,
 * Mn, P, S, Se, As, Sb, Bi, In, Hg, C as graphite, the halogens' molecular solids, ...) have none
 * here: a system with one of them gets no same-engine hull, and says so. Diatomic gases (H, N, O,
 * F, Cl) are molecules, not solids ({@link org.xtalflow.gpaw.GpawReferences}).
 */
public final class ElementalGroundStates {

    /** The lattices of the elemental solids here. */
    public enum Prototype {
        BCC,
        FCC,
        HCP,
        DIAMOND
    }

    private static final double CM3_PER_MOL_TO_A3 = 1.0 / 0.602214076;
    private static final double HCP_C_OVER_A = Math.sqrt(8.0 / 3.0);
    private static final Map<String, Prototype> PROTOTYPES = new HashMap<>();

    static {
        put(Prototype.BCC, "Li", "Na", "K", "Rb", "Cs", "Ba", "V", "Nb", "Ta", "Cr", "Mo", "W", "Fe", "Eu");
        put(
                Prototype.FCC,
                "Ca",
                "Sr",
                "Al",
                "Ni",
                "Cu",
                "Rh",
                "Pd",
                "Ag",
                "Ir",
                "Pt",
                "Au",
                "Pb",
                "Ce",
                "Yb",
                "Th",
                "Ne",
                "Ar",
                "Kr",
                "Xe");
        put(
                Prototype.HCP,
                "Be",
                "Mg",
                "Sc",
                "Y",
                "Ti",
                "Zr",
                "Hf",
                "Tc",
                "Re",
                "Ru",
                "Os",
                "Co",
                "Zn",
                "Cd",
                "Tl",
                "Gd",
                "Tb",
                "Dy",
                "Ho",
                "Er",
                "Tm",
                "Lu");
        put(Prototype.DIAMOND, "Si", "Ge", "Sn");
    }

    private static void put(Prototype p, String... symbols) {
        for (String s : symbols) {
            PROTOTYPES.put(s, p);
        }
    }

    private ElementalGroundStates() {}

    public static Optional<Prototype> prototype(Element e) {
        return Optional.ofNullable(PROTOTYPES.get(e.symbol()));
    }

    /** The element's solid as a primitive cell at its molar volume, or empty when it has no simple ground state here. */
    public static Optional<Structure> solid(Element e) {
        Prototype p = PROTOTYPES.get(e.symbol());
        double v = e.molarVolume() * CM3_PER_MOL_TO_A3; // Å³ per atom
        if (p == null || !(v > 0)) {
            return Optional.empty();
        }
        return Optional.of(
                switch (p) {
                    case BCC ->
                        cubicPrimitive(
                                e,
                                Math.cbrt(2 * v),
                                new double[][] {{-1, 1, 1}, {1, -1, 1}, {1, 1, -1}},
                                List.of(new double[] {0, 0, 0}));
                    case FCC ->
                        cubicPrimitive(
                                e,
                                Math.cbrt(4 * v),
                                new double[][] {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}},
                                List.of(new double[] {0, 0, 0}));
                    case DIAMOND ->
                        cubicPrimitive(
                                e,
                                Math.cbrt(8 * v),
                                new double[][] {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}},
                                List.of(new double[] {0, 0, 0}, new double[] {0.25, 0.25, 0.25}));
                    case HCP -> {
                        double a = Math.cbrt(2 * v / (Math.sqrt(3) / 2 * HCP_C_OVER_A));
                        yield new Structure(
                                Lattice.fromParameters(a, a, a * HCP_C_OVER_A, 90, 90, 120),
                                List.of(
                                        new Site(e, new double[] {1.0 / 3, 2.0 / 3, 0.25}),
                                        new Site(e, new double[] {2.0 / 3, 1.0 / 3, 0.75})));
                    }
                });
    }

    /** Vectors in units of a/2 (the cubic cell's half edge). */
    private static Structure cubicPrimitive(Element e, double a, double[][] halfVectors, List<double[]> frac) {
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i][j] = halfVectors[i][j] * a / 2;
            }
        }
        return new Structure(
                new Lattice(m), frac.stream().map(f -> new Site(e, f)).toList());
    }
}
