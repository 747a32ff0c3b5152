package org.xtalflow.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.SymOp;
import org.xtalflow.crystal.SymmetryExpansion;

/**
 * Base sites + space group -> the full conventional cell, keeping unique positions (per-component
 * fractional tolerance under periodic wrap, as pymatgen's CifParser with site_tolerance 1e-4).
 * The orbit itself is {@link SymmetryExpansion#orbit}; the batch path writes every sample's
 * atoms into flat arrays so a large batch costs no per-site objects.
 */
public final class SymmetryExpander {

    private final double tolerance;

    public SymmetryExpander() {
        this(SymmetryExpansion.DEFAULT_TOLERANCE);
    }

    /** @param tolerance fractional tolerance per component for two images to count as one */
    public SymmetryExpander(double tolerance) {
        this.tolerance = tolerance;
    }

    /** The full cell of coordinate set k of a sample. */
    public Structure expand(GeneratedSample s, int k) {
        return expand(s.lattice(), s.species(), s.frac()[k], s.condition().spaceGroup());
    }

    public Structure expand(Lattice lattice, Element[] species, double[][] base, SpaceGroup sg) {
        List<Site> sites = new ArrayList<>(species.length);
        for (int m = 0; m < species.length; m++) {
            sites.add(new Site(species[m], base[m], 1.0, species[m].symbol() + m));
        }
        return SymmetryExpansion.expand(lattice, sites, sg.operations(), tolerance);
    }

    /** Flat result of a batch: atoms of sample i are offsets[i] .. offsets[i+1]-1. */
    public record Batch(int[] offsets, double[] frac, byte[] element) {
        public int atoms(int i) {
            return offsets[i + 1] - offsets[i];
        }

        public int samples() {
            return offsets.length - 1;
        }
    }

    /** Expands coordinate set k of every sample into one flat batch (element = index 0..2 into the triple). */
    public Batch expandBatch(List<GeneratedSample> samples, int k) {
        int n = samples.size();
        int[] offsets = new int[n + 1];
        double[] frac = new double[Math.max(64, n * 3 * 24)];
        byte[] el = new byte[frac.length / 3];
        double[] buf = new double[3 * SpaceGroupTensor.MAX_OPS];
        int total = 0;
        for (int i = 0; i < n; i++) {
            GeneratedSample s = samples.get(i);
            List<SymOp> ops = s.condition().spaceGroup().operations();
            double[][] base = s.frac()[k];
            for (int m = 0; m < base.length; m++) {
                int cnt = SymmetryExpansion.orbit(base[m][0], base[m][1], base[m][2], ops, tolerance, buf);
                if (3 * (total + cnt) > frac.length) {
                    int cap = Math.max(frac.length * 2, 3 * (total + cnt));
                    frac = Arrays.copyOf(frac, cap);
                    el = Arrays.copyOf(el, cap / 3);
                }
                System.arraycopy(buf, 0, frac, 3 * total, 3 * cnt);
                Arrays.fill(el, total, total + cnt, (byte) m);
                total += cnt;
            }
            offsets[i + 1] = total;
        }
        return new Batch(offsets, Arrays.copyOf(frac, 3 * total), Arrays.copyOf(el, total));
    }

    /** Builds the structure of sample i from a batch (allocates its sites). */
    public static Structure structure(Batch b, int i, GeneratedSample s) {
        Element[] sp = s.species();
        List<Site> sites = new ArrayList<>(b.atoms(i));
        for (int a = b.offsets()[i]; a < b.offsets()[i + 1]; a++) {
            Element e = sp[b.element()[a]];
            sites.add(new Site(
                    e,
                    new double[] {b.frac()[3 * a], b.frac()[3 * a + 1], b.frac()[3 * a + 2]},
                    1.0,
                    e.symbol() + b.element()[a]));
        }
        return new Structure(s.lattice(), sites);
    }
}
