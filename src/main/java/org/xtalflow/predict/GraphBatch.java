package org.xtalflow.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * Several crystal graphs as the tensors of one forward pass (CGCNN's collate_pool): the atoms of
 * all crystals stacked (N), neighbour indices shifted to the stacked numbering, the Gaussian bond
 * features (N·12 x 41), and for the mean pooling each crystal's atom indices padded with N (a
 * zero row the network appends).
 */
final class GraphBatch implements AutoCloseable {

    final int crystals;
    final int atoms;
    final NDArray atomicNumbers;   // (N) int64
    final NDArray neighbors;       // (N·12) int64
    final NDArray bonds;           // (N·12, 41) float32
    final NDArray members;         // (B, maxAtoms) int64, padded with N
    final NDArray counts;          // (B, 1) float32
    private final NDManager manager;

    GraphBatch(NDManager parent, List<CrystalGraph> graphs) {
        int m = CrystalGraph.MAX_NEIGHBORS;
        int n = 0;
        int maxAtoms = 0;
        for (CrystalGraph g : graphs) {
            n += g.size();
            maxAtoms = Math.max(maxAtoms, g.size());
        }
        long[] z = new long[n];
        long[] nbr = new long[n * m];
        float[] gauss = new float[n * m * GaussianDistance.LENGTH];
        long[] member = new long[graphs.size() * maxAtoms];
        float[] count = new float[graphs.size()];
        int base = 0;
        for (int c = 0; c < graphs.size(); c++) {
            CrystalGraph g = graphs.get(c);
            for (int i = 0; i < g.size(); i++) {
                int atom = base + i;
                int zi = g.atomicNumber(i);
                if (!AtomFeatures.covers(zi)) {
                    throw new IllegalArgumentException("element Z=" + zi + " has no CGCNN features (Z 1.." + AtomFeatures.MAX_Z + ")");
                }
                z[atom] = zi;
                for (int k = 0; k < m; k++) {
                    nbr[atom * m + k] = base + g.neighbor(i, k);
                    GaussianDistance.expand(g.distance(i, k), gauss, (atom * m + k) * GaussianDistance.LENGTH);
                }
                member[c * maxAtoms + i] = atom;
            }
            for (int i = g.size(); i < maxAtoms; i++) {
                member[c * maxAtoms + i] = n;
            }
            count[c] = g.size();
            base += g.size();
        }
        this.crystals = graphs.size();
        this.atoms = n;
        this.manager = parent.newSubManager();
        this.atomicNumbers = manager.create(z);
        this.neighbors = manager.create(nbr);
        this.bonds = manager.create(gauss, new Shape((long) n * m, GaussianDistance.LENGTH));
        this.members = manager.create(member, new Shape(graphs.size(), maxAtoms));
        this.counts = manager.create(count, new Shape(graphs.size(), 1));
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
