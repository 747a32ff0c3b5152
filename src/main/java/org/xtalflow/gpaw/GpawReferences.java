package org.xtalflow.gpaw;

import java.util.List;
import java.util.Map;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;

/**
 * Elemental references that are molecules in their standard state (H2, N2, O2, F2, Cl2): computed
 * as one diatomic molecule in an orthorhombic vacuum box (a × (a+0.5) × (a+1) Å, so no two box
 * edges are equal and the molecule's degenerate orbitals are not forced into a spurious symmetry),
 * spin-polarised, Γ point only ({@link GpawInputSet#forMolecule}). Elements not listed here are
 * referenced by their ground-state solid.
 */
public final class GpawReferences {

    /** Starting bond lengths, Å (near PBE's; the driver relaxes the positions). */
    public static final Map<String, Double> DIATOMIC_BOND_A =
            Map.of("H", 0.75, "N", 1.10, "O", 1.23, "F", 1.42, "Cl", 2.00);

    private GpawReferences() {}

    public static boolean isDiatomicGas(Element e) {
        return DIATOMIC_BOND_A.containsKey(e.symbol());
    }

    /** The element's diatomic molecule at its tabulated bond length in the box. */
    public static Structure moleculeInBox(Element e, double boxA) {
        Double bond = DIATOMIC_BOND_A.get(e.symbol());
        if (bond == null) {
            throw new GpawException(
                    e.symbol() + " is not a diatomic gas reference (known: " + DIATOMIC_BOND_A.keySet() + ")");
        }
        return moleculeInBox(e, bond, boxA);
    }

    /** A diatomic molecule of bond length {@code bondA} along z, centred in the box of edge {@code boxA}. */
    public static Structure moleculeInBox(Element e, double bondA, double boxA) {
        if (!(boxA > 2 * bondA + 4)) {
            throw new GpawException("box of " + boxA + " Å too small for " + e.symbol() + "2 (bond " + bondA + " Å)");
        }
        double c = boxA + 1.0;
        Lattice box = Lattice.fromParameters(boxA, boxA + 0.5, c, 90, 90, 90);
        return new Structure(
                box, List.of(new Site(e, new double[] {0.5, 0.5, 0.5 - bondA / (2 * c)}), new Site(e, new double[] {
                    0.5, 0.5, 0.5 + bondA / (2 * c)
                })));
    }
}
