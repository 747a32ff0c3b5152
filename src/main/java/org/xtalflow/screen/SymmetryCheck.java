package org.xtalflow.screen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.SymOp;

/**
 * Whether every operation of a space group maps a cell onto itself within a Cartesian tolerance.
 * It suffices to check a generating set of the group (cached per group): if the generators map the
 * atoms onto atoms, so do their products.
 */
final class SymmetryCheck {

    private static final ConcurrentHashMap<Integer, List<SymOp>> GENERATORS = new ConcurrentHashMap<>();

    private SymmetryCheck() {}

    /** A small set of operations whose products (mod lattice translations) give the whole group. */
    static List<SymOp> generators(SpaceGroup sg) {
        return GENERATORS.computeIfAbsent(sg.number(), k -> computeGenerators(sg.operations()));
    }

    private static List<SymOp> computeGenerators(List<SymOp> ops) {
        List<SymOp> gens = new ArrayList<>();
        Set<String> group = new HashSet<>();
        List<double[]> members = new ArrayList<>();
        addMember(members, group, affine(SymOp.IDENTITY));
        for (SymOp op : ops) {
            double[] a = affine(op);
            if (group.contains(key(a))) {
                continue;
            }
            gens.add(op);
            // closure: multiply every member by every generator until nothing new appears
            boolean grew = true;
            while (grew) {
                grew = false;
                List<double[]> snapshot = new ArrayList<>(members);
                for (double[] m : snapshot) {
                    for (SymOp g : gens) {
                        if (addMember(members, group, compose(affine(g), m))) {
                            grew = true;
                        }
                    }
                }
            }
        }
        return List.copyOf(gens);
    }

    private static boolean addMember(List<double[]> members, Set<String> group, double[] a) {
        if (group.add(key(a))) {
            members.add(a);
            return true;
        }
        return false;
    }

    /** Rotation (9) then translation (3) reduced mod 1. */
    private static double[] affine(SymOp op) {
        double[] a = new double[12];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                a[3 * i + j] = op.rotation(i, j);
            }
            a[9 + i] = op.translation(i);
        }
        return a;
    }

    private static double[] compose(double[] g, double[] h) {
        double[] c = new double[12];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += g[3 * i + k] * h[3 * k + j];
                }
                c[3 * i + j] = s;
            }
            double t = g[9 + i];
            for (int k = 0; k < 3; k++) {
                t += g[3 * i + k] * h[9 + k];
            }
            c[9 + i] = t;
        }
        return c;
    }

    private static String key(double[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            sb.append(Math.round(a[i])).append(',');
        }
        for (int i = 9; i < 12; i++) {
            double t = a[i] - Math.floor(a[i]);
            long q = Math.round(t * 48) % 48;
            sb.append(q).append(',');
        }
        return sb.toString();
    }

    /**
     * Null when every generator maps every atom onto an atom of the same element within
     * {@code tolAngstrom}; otherwise a description of the first failure.
     */
    static String firstBrokenOperation(Cell cell, SpaceGroup sg, double tolAngstrom) {
        int n = cell.size();
        int[] types = cell.typeIds();
        double[] rot = new double[9];
        double[] t = new double[3];
        for (SymOp op : generators(sg)) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    rot[3 * i + j] = op.rotation(i, j);
                }
                t[i] = op.translation(i);
            }
            int i = firstUnmappedAtom(cell.lattice(), cell.fracArray(), types, n, rot, t, tolAngstrom);
            if (i >= 0) {
                Element e = cell.species(i);
                return "operation " + op.toXyz() + " maps " + e + i + " onto no " + e + " atom within " + tolAngstrom
                        + " Å";
            }
        }
        return null;
    }

    /**
     * The first atom that the operation f' = rot f + t (rot row-major 3x3, fractional) carries
     * onto no atom of its own type within {@code tolAngstrom} (Cartesian, minimum image), or -1
     * when every atom lands on one.
     */
    static int firstUnmappedAtom(
            Lattice lat, double[] f, int[] types, int n, double[] rot, double[] t, double tolAngstrom) {
        double[] rl = lat.reciprocalLengths();
        double b0 = tolAngstrom * rl[0] + 1e-9;
        double b1 = tolAngstrom * rl[1] + 1e-9;
        double b2 = tolAngstrom * rl[2] + 1e-9;
        double tol2 = tolAngstrom * tolAngstrom;
        for (int i = 0; i < n; i++) {
            double x = f[3 * i];
            double y = f[3 * i + 1];
            double z = f[3 * i + 2];
            double px = rot[0] * x + rot[1] * y + rot[2] * z + t[0];
            double py = rot[3] * x + rot[4] * y + rot[5] * z + t[1];
            double pz = rot[6] * x + rot[7] * y + rot[8] * z + t[2];
            boolean found = false;
            for (int j = 0; j < n && !found; j++) {
                if (types[j] != types[i]) {
                    continue;
                }
                double dx = f[3 * j] - px;
                double dy = f[3 * j + 1] - py;
                double dz = f[3 * j + 2] - pz;
                dx -= Math.rint(dx);
                dy -= Math.rint(dy);
                dz -= Math.rint(dz);
                // wrapped |Δf_k| is the smallest over images, and d >= |Δf_k|/|b*_k|: an exact pre-test
                if (Math.abs(dx) > b0 || Math.abs(dy) > b1 || Math.abs(dz) > b2) {
                    continue;
                }
                found = lat.distanceSquared(dx, dy, dz) <= tol2;
            }
            if (!found) {
                return i;
            }
        }
        return -1;
    }
}
