package org.xtalflow.thermo.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryJson;

/**
 * A reproducible synthetic quaternary entry set (Li-Fe-P-O) for the hull benchmarks: random
 * cells of up to 8 atoms per element (about a quarter binaries or ternaries), formation
 * energies from a pairwise mixing model plus noise, so the hull has many facets as real
 * systems do. Energies in eV. Same seed, same entries.
 *
 * <p>{@code main(n, seed, out.json)} writes them as pymatgen ComputedEntry dicts for
 * scripts/bench_hull_pymatgen.py.
 */
public final class QuaternaryEntries {

    static final String[] ELEMENTS = {"Li", "Fe", "P", "O"};
    static final double[] MU = {-1.91, -8.47, -5.41, -4.95}; // eV/atom of the elements
    static final double[][] W = { // pair mixing energies (eV/atom), negative = favourable
        {0, -0.4, -1.6, -4.2},
        {-0.4, 0, -1.9, -3.4},
        {-1.6, -1.9, 0, -4.8},
        {-4.2, -3.4, -4.8, 0}
    };

    private QuaternaryEntries() {}

    public static List<ComputedEntry> generate(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<ComputedEntry> out = new ArrayList<>(n);
        // the elements themselves first (one polymorph each), then compounds
        for (int i = 0; i < 4; i++) {
            out.add(ComputedEntry.builder(Composition.parse(ELEMENTS[i] + "2"), 2 * MU[i])
                    .entryId("bench-" + out.size())
                    .build());
        }
        while (out.size() < n) {
            int[] c = new int[4];
            int nonzero = 0;
            for (int i = 0; i < 4; i++) {
                c[i] = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(8);
                nonzero += c[i] > 0 ? 1 : 0;
            }
            if (nonzero < 2) {
                continue;
            }
            int atoms = c[0] + c[1] + c[2] + c[3];
            double ef = 0;
            double ref = 0;
            for (int i = 0; i < 4; i++) {
                double xi = c[i] / (double) atoms;
                ref += xi * MU[i];
                for (int j = i + 1; j < 4; j++) {
                    ef += W[i][j] * xi * (c[j] / (double) atoms);
                }
            }
            ef += 0.25 * Math.abs(rnd.nextGaussian()) + 0.02 * rnd.nextGaussian();
            Map<Element, Double> m = new LinkedHashMap<>();
            for (int i = 0; i < 4; i++) {
                if (c[i] > 0) {
                    m.put(Element.of(ELEMENTS[i]), (double) c[i]);
                }
            }
            out.add(ComputedEntry.builder(Composition.of(m), atoms * (ef + ref))
                    .entryId("bench-" + out.size())
                    .build());
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        EntryJson.write(generate(n, seed), Path.of(args[2]));
    }
}
