package org.xtalflow.predict;

import java.util.ArrayList;
import java.util.List;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;

/** Small crystals for the predict tests. */
public final class TestCrystals {
    private TestCrystals() {}

    /** Rock-salt NaCl, conventional cell of 8 atoms, lattice constant a (Å; 5.69 at equilibrium in PBE). */
    public static Structure rocksalt(double a) {
        List<Site> sites = new ArrayList<>();
        double[][] fcc = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
        for (double[] f : fcc) {
            sites.add(new Site(Element.of("Na"), f));
            sites.add(new Site(Element.of("Cl"), new double[] {f[0] + .5, f[1], f[2]}));
        }
        return new Structure(Lattice.cubic(a), sites);
    }
}
