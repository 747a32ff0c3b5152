package org.xtalflow.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several crystal graphs as the tensors of one forward pass (CGCNN's collate_pool), reduced to
 * what the network can distinguish:
 *
 * <ul>
 *   <li>Atoms: one row per class of {@link CrystalGraph#equivalenceClasses()} (a symmetry orbit
 *   or coarser), since all atoms of a class carry the same features through every convolution;
 *   a row's neighbours are the classes of its representative's neighbours, and the mean pooling
 *   weights each class by its share of the crystal's atoms. The result is the same as over all
 *   atoms, up to float rounding.</li>
 *   <li>Bonds: bond features depend on the distance alone, so each distinct distance (to 1e-8 Å,
 *   the graph's tie resolution) is expanded once ({@link #bonds}, U x 41) and {@link #bondIndex}
 *   maps every neighbour slot to its row.</li>
 * </ul>
 */
final class GraphBatch implements AutoCloseable {

    final int crystals;
    /** Rows (atom classes) in the pass. */
    final int atoms;

    final NDArray atomicNumbers; // (R) int64
    final NDArray neighbors; // (R·12) int64, rows
    final NDArray bonds; // (U, 41) float32, one row per distinct distance
    final NDArray bondIndex; // (R·12) int64 into bonds
    final NDArray members; // (B, maxRows) int64, padded with R (a zero row)
    final NDArray weights; // (B, maxRows, 1) float32: class size / crystal size, 0 for padding
    private final NDManager manager;

    GraphBatch(NDManager parent, List<CrystalGraph> graphs) {
        int m = CrystalGraph.MAX_NEIGHBORS;
        List<int[]> classOf = new ArrayList<>(graphs.size());
        List<int[]> representative = new ArrayList<>(graphs.size());
        int rows = 0;
        int maxRows = 0;
        for (CrystalGraph g : graphs) {
            int[] cls = g.equivalenceClasses();
            int count = 0;
            for (int c : cls) {
                count = Math.max(count, c + 1);
            }
            int[] rep = new int[count];
            java.util.Arrays.fill(rep, -1);
            for (int i = 0; i < cls.length; i++) {
                if (rep[cls[i]] < 0) {
                    rep[cls[i]] = i;
                }
            }
            classOf.add(cls);
            representative.add(rep);
            rows += count;
            maxRows = Math.max(maxRows, count);
        }
        long[] z = new long[rows];
        long[] nbr = new long[rows * m];
        long[] bondRow = new long[rows * m];
        Map<Long, Integer> distinctRow = new HashMap<>();
        List<Double> distinct = new ArrayList<>();
        long[] member = new long[graphs.size() * maxRows];
        float[] weight = new float[graphs.size() * maxRows];
        int base = 0;
        for (int b = 0; b < graphs.size(); b++) {
            CrystalGraph g = graphs.get(b);
            int[] cls = classOf.get(b);
            int[] rep = representative.get(b);
            int[] size = new int[rep.length];
            for (int c : cls) {
                size[c]++;
            }
            for (int c = 0; c < rep.length; c++) {
                int row = base + c;
                int atom = rep[c];
                int zi = g.atomicNumber(atom);
                if (!AtomFeatures.covers(zi)) {
                    throw new IllegalArgumentException(
                            "element Z=" + zi + " has no CGCNN features (Z 1.." + AtomFeatures.MAX_Z + ")");
                }
                z[row] = zi;
                for (int k = 0; k < m; k++) {
                    nbr[row * m + k] = base + cls[g.neighbor(atom, k)];
                    double d = g.distance(atom, k);
                    Integer u = distinctRow.putIfAbsent(Math.round(d / CrystalGraph.TIE_RESOLUTION), distinct.size());
                    if (u == null) {
                        u = distinct.size();
                        distinct.add(d);
                    }
                    bondRow[row * m + k] = u;
                }
                member[b * maxRows + c] = row;
                weight[b * maxRows + c] = (float) ((double) size[c] / g.size());
            }
            for (int c = rep.length; c < maxRows; c++) {
                member[b * maxRows + c] = rows;
            }
            base += rep.length;
        }
        float[] gauss = new float[distinct.size() * GaussianDistance.LENGTH];
        for (int u = 0; u < distinct.size(); u++) {
            GaussianDistance.expand(distinct.get(u), gauss, u * GaussianDistance.LENGTH);
        }
        this.crystals = graphs.size();
        this.atoms = rows;
        this.manager = parent.newSubManager();
        this.atomicNumbers = manager.create(z);
        this.neighbors = manager.create(nbr);
        this.bonds = manager.create(gauss, new Shape(distinct.size(), GaussianDistance.LENGTH));
        this.bondIndex = manager.create(bondRow);
        this.members = manager.create(member, new Shape(graphs.size(), maxRows));
        this.weights = manager.create(weight, new Shape(graphs.size(), maxRows, 1));
    }

    /** A manager for the pass's intermediate tensors, closed with the batch. */
    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
