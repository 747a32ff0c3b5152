package org.xtalflow.train;

import java.util.List;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.generate.LatticePattern;

/**
 * One ternary training crystal with one symmetry orbit per element, in its group's conventional
 * standard setting: lattice lengths (Å) and, per element, the fractional positions of its whole
 * orbit in the cell (the candidates for self-augmentation).
 */
public record TrainingMaterial(
        String id, String source, SpaceGroup spaceGroup, List<Element> elements, double[] abc, double[][][] orbits) {

    public TrainingMaterial {
        if (elements.size() != 3 || orbits.length != 3) {
            throw new IllegalArgumentException(id + ": a training material needs 3 elements with one orbit each");
        }
        for (double[][] o : orbits) {
            if (o.length == 0) {
                throw new IllegalArgumentException(id + ": empty orbit");
            }
        }
        elements = List.copyOf(elements);
    }

    public Lattice lattice() {
        double[] ang = LatticePattern.angles(spaceGroup);
        return Lattice.fromParameters(abc[0], abc[1], abc[2], ang[0], ang[1], ang[2]);
    }

    public int atoms() {
        return orbits[0].length + orbits[1].length + orbits[2].length;
    }
}
