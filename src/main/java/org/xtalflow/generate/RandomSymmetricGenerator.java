package org.xtalflow.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.SymmetryExpansion;

/**
 * The no-model baseline with PGCGM's output form: one base site per element with uniform
 * fractional coordinates (rounded to 2 decimals like PGCGM), three independent sets per sample,
 * lattice lengths from an atomic-radius volume estimate and the group's length pattern, angles
 * fixed by the group. It is what the trained model is measured against.
 *
 * <p>Volume estimate: the atoms of set 0 after expansion, each a sphere of its empirical atomic
 * radius, filling {@link #PACKING} of the cell. Free length ratios (c/a for tetragonal and
 * hexagonal axes, b/a and c/a for orthorhombic) are drawn log-uniformly in [1/2, 2].
 */
public final class RandomSymmetricGenerator implements Generator {

    /** Packing fraction assumed by the volume estimate (typical of inorganic crystals, 0.3-0.7). */
    public static final double PACKING = 0.5;

    private final ModelSpec spec;

    public RandomSymmetricGenerator() {
        this(ModelSpec.paper("random", "", 0));
    }

    public RandomSymmetricGenerator(ModelSpec spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public List<GeneratedSample> sample(List<Condition> conditions, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] buf = new double[3 * SpaceGroupTensor.MAX_OPS];
        List<GeneratedSample> out = new ArrayList<>(conditions.size());
        for (Condition cond : conditions) {
            double[][][] frac = new double[3][3][3];
            for (int k = 0; k < 3; k++) {
                for (int m = 0; m < 3; m++) {
                    for (int c = 0; c < 3; c++) {
                        frac[k][m][c] = Decoder.round2(rnd.nextDouble());
                    }
                }
            }
            SpaceGroup sg = cond.spaceGroup();
            double volume = 0;
            for (int m = 0; m < 3; m++) {
                Element e = cond.elements().get(m);
                int mult = SymmetryExpansion.orbit(
                        frac[0][m][0],
                        frac[0][m][1],
                        frac[0][m][2],
                        sg.operations(),
                        SymmetryExpansion.DEFAULT_TOLERANCE,
                        buf);
                double r = Double.isNaN(e.atomicRadius()) ? 1.5 : e.atomicRadius();
                volume += mult * 4.0 / 3.0 * Math.PI * r * r * r;
            }
            volume /= PACKING;
            double[] abc = lengths(sg, volume, rnd);
            out.add(new GeneratedSample(cond, frac, abc, LatticePattern.angles(sg)));
        }
        return out;
    }

    private static double[] lengths(SpaceGroup sg, double volume, SplittableRandom rnd) {
        double r1 = Math.exp((rnd.nextDouble() * 2 - 1) * Math.log(2));
        double r2 = Math.exp((rnd.nextDouble() * 2 - 1) * Math.log(2));
        switch (sg.crystalSystem()) {
            case "cubic": {
                double a = Math.cbrt(volume);
                return new double[] {a, a, a};
            }
            case "tetragonal": {
                double a = Math.cbrt(volume / r1);
                return new double[] {a, a, a * r1};
            }
            case "trigonal":
            case "hexagonal": {
                double a = Math.cbrt(volume / (r1 * Math.sin(Math.toRadians(120))));
                return new double[] {a, a, a * r1};
            }
            default: {
                double a = Math.cbrt(volume / (r1 * r2));
                return new double[] {a, a * r1, a * r2};
            }
        }
    }
}
