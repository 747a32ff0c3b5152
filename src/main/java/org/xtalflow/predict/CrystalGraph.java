package org.xtalflow.predict;

import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;

/**
 * The crystal graph of CGCNN (Xie and Grossman 2018; txie-93/cgcnn data.py): every atom is joined
 * to its {@link #MAX_NEIGHBORS} nearest neighbours within {@link #RADIUS} Å over all periodic
 * images (the atom's own images included, the atom itself not), nearest first. An atom with fewer
 * neighbours in range is padded as the original does: neighbour index 0 at
 * {@link #PADDING_DISTANCE} Å.
 *
 * <p>Ties: neighbours are ordered by distance rounded to 1e-8 Å, then by site index, then by
 * image (a, b, c). The original orders equal distances by pymatgen's neighbour-list order; only
 * a tie between different elements across the 12th place changes the result, and
 * {@link #tieAtCutoff()} reports exactly that case.
 */
public final class CrystalGraph {

    public static final int MAX_NEIGHBORS = 12;
    public static final double RADIUS = 8.0;
    public static final double PADDING_DISTANCE = RADIUS + 1.0;
    /** Distances below this (Å) are the atom itself (pymatgen's numerical_tol). */
    private static final double SELF_TOL = 1e-8;
    /** Distances are compared at this resolution (Å) so that symmetry-equal bonds tie exactly. */
    static final double TIE_RESOLUTION = 1e-8;

    private final int[] atomicNumbers;
    private final int[] neighbors; // n x 12, row-major
    private final double[] distances; // n x 12, Å
    private final boolean tieAtCutoff;

    private CrystalGraph(int[] atomicNumbers, int[] neighbors, double[] distances, boolean tieAtCutoff) {
        this.atomicNumbers = atomicNumbers;
        this.neighbors = neighbors;
        this.distances = distances;
        this.tieAtCutoff = tieAtCutoff;
    }

    /**
     * Builds the graph of an ordered structure.
     *
     * @throws IllegalArgumentException if the structure is empty, a site is partially occupied or
     *     an element has no CGCNN features (beyond Z = 100)
     */
    public static CrystalGraph of(Structure s) {
        int n = s.size();
        if (n == 0) {
            throw new IllegalArgumentException("a crystal graph needs at least one site");
        }
        Lattice lat = s.lattice();
        int[] z = new int[n];
        double[][] frac = new double[n][];
        for (int i = 0; i < n; i++) {
            Site site = s.site(i);
            if (Math.abs(site.occupancy() - 1.0) > 1e-6) {
                throw new IllegalArgumentException(
                        "site " + (i + 1) + " (" + site.species().symbol() + ") has occupancy " + site.occupancy()
                                + "; CGCNN needs an ordered structure");
            }
            z[i] = site.species().z();
            if (!AtomFeatures.covers(z[i])) {
                throw new IllegalArgumentException(
                        "site " + (i + 1) + ": " + site.species().symbol() + " (Z=" + z[i]
                                + ") has no CGCNN element features (Z 1.." + AtomFeatures.MAX_Z + ")");
            }
            double[] f = site.frac();
            frac[i] = new double[] {wrap(f[0]), wrap(f[1]), wrap(f[2])};
        }
        // Most atoms have 12 neighbours well inside 8 Å: search a sphere that holds about 3 x 12
        // atoms at the cell's density first, and the full radius only when that falls short.
        double r0 = Math.min(RADIUS, Math.cbrt(3.0 * 3 * MAX_NEIGHBORS * lat.volume() / (4 * Math.PI * n)));
        Search small = new Search(lat, frac, r0);
        Search full = null;
        int[] nbr = new int[n * MAX_NEIGHBORS];
        double[] dist = new double[n * MAX_NEIGHBORS];
        boolean tie = false;
        Nearest best = new Nearest();
        for (int i = 0; i < n; i++) {
            small.collect(i, best);
            if (small.r < RADIUS && !best.settledWithin(small.r)) {
                if (full == null) {
                    full = new Search(lat, frac, RADIUS);
                }
                full.collect(i, best);
            }
            for (int k = 0; k < MAX_NEIGHBORS; k++) {
                if (k < best.count) {
                    nbr[i * MAX_NEIGHBORS + k] = best.index[k];
                    dist[i * MAX_NEIGHBORS + k] = best.dist[k];
                } else {
                    nbr[i * MAX_NEIGHBORS + k] = 0;
                    dist[i * MAX_NEIGHBORS + k] = PADDING_DISTANCE;
                }
            }
            tie |= best.tieAcrossCutoff(z);
        }
        return new CrystalGraph(z, nbr, dist, tie);
    }

    private static double wrap(double f) {
        double w = f - Math.floor(f);
        return w >= 1.0 ? 0.0 : w;
    }

    /** Number of atoms. */
    public int size() {
        return atomicNumbers.length;
    }

    public int atomicNumber(int atom) {
        return atomicNumbers[atom];
    }

    /** Site index of neighbour k (0..11) of an atom. */
    public int neighbor(int atom, int k) {
        return neighbors[atom * MAX_NEIGHBORS + k];
    }

    /** Distance (Å) to neighbour k of an atom; {@link #PADDING_DISTANCE} for padding. */
    public double distance(int atom, int k) {
        return distances[atom * MAX_NEIGHBORS + k];
    }

    /**
     * True when some atom's 12th and 13th nearest neighbours are equally far but of different
     * elements: then which enters the graph is a convention and implementations may differ.
     */
    public boolean tieAtCutoff() {
        return tieAtCutoff;
    }

    /**
     * Classes of atoms that CGCNN cannot tell apart: the stable colouring of the graph (colour
     * refinement from the elements, with neighbour distances as edge labels). Atoms of one class
     * have the same features after every convolution, because each convolution sums the same
     * multiset of (neighbour feature, bond feature) terms; in a crystal these are (at least) the
     * symmetry orbits. Returns the class of each atom, numbered 0.. in order of first atom.
     */
    public int[] equivalenceClasses() {
        int n = size();
        int m = MAX_NEIGHBORS;
        int[] colour = new int[n];
        int classes = initialColours(colour);
        long[] sig = new long[1 + 2 * m];
        while (true) {
            int[] next = new int[n];
            java.util.Map<Signature, Integer> ids = new java.util.HashMap<>();
            long[] pairs = new long[m];
            for (int i = 0; i < n; i++) {
                sig[0] = colour[i];
                for (int k = 0; k < m; k++) {
                    // (distance key, neighbour colour) in one sortable long: the key has < 40 bits
                    pairs[k] = (Math.round(distances[i * m + k] / TIE_RESOLUTION) << 20) | colour[neighbors[i * m + k]];
                }
                java.util.Arrays.sort(pairs);
                System.arraycopy(pairs, 0, sig, 1, m);
                Integer id = ids.putIfAbsent(new Signature(sig.clone()), ids.size());
                next[i] = id == null ? ids.size() - 1 : id;
            }
            if (ids.size() == classes) {
                return colour;
            }
            classes = ids.size();
            colour = next;
        }
    }

    /** The initial colouring: one colour per element, in order of first appearance. */
    private int initialColours(int[] colour) {
        java.util.Map<Integer, Integer> ids = new java.util.HashMap<>();
        for (int i = 0; i < colour.length; i++) {
            Integer id = ids.putIfAbsent(atomicNumbers[i], ids.size());
            colour[i] = id == null ? ids.size() - 1 : id;
        }
        return ids.size();
    }

    private record Signature(long[] v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Signature s && java.util.Arrays.equals(v, s.v);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(v);
        }
    }

    /**
     * The lattice translations within reach of a radius, as Cartesian offsets. Each pair's
     * fractional difference is first wrapped into [-½, ½), so |n_k| ≤ r·|b*_k| + ½ bounds the
     * translations that can bring it within r.
     */
    private static final class Search {
        final double r;
        final double r2;
        final double[][] frac;
        final Lattice lat;
        final double[] offsets; // 3 per image
        final int[] images; // 3 per image
        final int count;

        Search(Lattice lat, double[][] frac, double r) {
            this.r = r;
            this.r2 = r * r;
            this.frac = frac;
            this.lat = lat;
            double[] rl = lat.reciprocalLengths();
            int[] nmax = new int[3];
            for (int k = 0; k < 3; k++) {
                nmax[k] = (int) Math.floor(r * rl[k] + 0.5);
            }
            int total = (2 * nmax[0] + 1) * (2 * nmax[1] + 1) * (2 * nmax[2] + 1);
            offsets = new double[3 * total];
            images = new int[3 * total];
            double[] o = new double[3];
            int c = 0;
            for (int a = -nmax[0]; a <= nmax[0]; a++) {
                for (int b = -nmax[1]; b <= nmax[1]; b++) {
                    for (int cc = -nmax[2]; cc <= nmax[2]; cc++) {
                        lat.cartesian(a, b, cc, o);
                        offsets[3 * c] = o[0];
                        offsets[3 * c + 1] = o[1];
                        offsets[3 * c + 2] = o[2];
                        images[3 * c] = a;
                        images[3 * c + 1] = b;
                        images[3 * c + 2] = cc;
                        c++;
                    }
                }
            }
            count = c;
        }

        /** Puts the nearest neighbours of atom i within r into {@code best} (reset first). */
        void collect(int i, Nearest best) {
            best.reset();
            double[] fi = frac[i];
            double[] d0 = new double[3];
            for (int j = 0; j < frac.length; j++) {
                double fa = frac[j][0] - fi[0];
                double fb = frac[j][1] - fi[1];
                double fc = frac[j][2] - fi[2];
                int sa = (int) Math.rint(fa);
                int sb = (int) Math.rint(fb);
                int sc = (int) Math.rint(fc);
                lat.cartesian(fa - sa, fb - sb, fc - sc, d0);
                for (int m = 0; m < count; m++) {
                    double x = d0[0] + offsets[3 * m];
                    double y = d0[1] + offsets[3 * m + 1];
                    double zz = d0[2] + offsets[3 * m + 2];
                    double d2 = x * x + y * y + zz * zz;
                    if (d2 <= r2 && d2 <= best.worst2()) {
                        double d = Math.sqrt(d2);
                        if (d >= SELF_TOL) {
                            best.offer(j, images[3 * m] - sa, images[3 * m + 1] - sb, images[3 * m + 2] - sc, d);
                        }
                    }
                }
            }
        }
    }

    /** The nearest so far, sorted; more than 12 are kept to see ties across the cutoff. */
    private static final class Nearest {
        static final int KEEP = 2 * MAX_NEIGHBORS;
        final int[] index = new int[KEEP];
        final int[] image = new int[3 * KEEP];
        final double[] dist = new double[KEEP];
        final long[] key = new long[KEEP];
        int count;

        void reset() {
            count = 0;
        }

        /** Squared distance beyond which an offer cannot enter (infinite until full). */
        double worst2() {
            if (count < KEEP) {
                return Double.POSITIVE_INFINITY;
            }
            double w = dist[KEEP - 1] + TIE_RESOLUTION;
            return w * w;
        }

        void offer(int j, int a, int b, int c, double d) {
            long k = Math.round(d / TIE_RESOLUTION);
            int pos = count;
            while (pos > 0 && before(k, j, a, b, c, pos - 1)) {
                pos--;
            }
            if (pos >= KEEP) {
                return;
            }
            int last = Math.min(count, KEEP - 1);
            for (int p = last; p > pos; p--) {
                index[p] = index[p - 1];
                dist[p] = dist[p - 1];
                key[p] = key[p - 1];
                image[3 * p] = image[3 * p - 3];
                image[3 * p + 1] = image[3 * p - 2];
                image[3 * p + 2] = image[3 * p - 1];
            }
            index[pos] = j;
            dist[pos] = d;
            key[pos] = k;
            image[3 * pos] = a;
            image[3 * pos + 1] = b;
            image[3 * pos + 2] = c;
            if (count < KEEP) {
                count++;
            }
        }

        /** Whether (k, j, a, b, c) sorts before entry p. */
        private boolean before(long k, int j, int a, int b, int c, int p) {
            if (k != key[p]) {
                return k < key[p];
            }
            if (j != index[p]) {
                return j < index[p];
            }
            if (a != image[3 * p]) {
                return a < image[3 * p];
            }
            if (b != image[3 * p + 1]) {
                return b < image[3 * p + 1];
            }
            return c < image[3 * p + 2];
        }

        /**
         * Whether the 12 nearest and all their ties are known from a search within r: the 12th
         * lies clearly inside r.
         */
        boolean settledWithin(double r) {
            return count >= MAX_NEIGHBORS && dist[MAX_NEIGHBORS - 1] < r - 1e-6;
        }

        boolean tieAcrossCutoff(int[] z) {
            if (count <= MAX_NEIGHBORS) {
                return false;
            }
            int last = MAX_NEIGHBORS - 1;
            if (key[last] != key[MAX_NEIGHBORS]) {
                return false;
            }
            // different elements on either side of the cutoff at the same distance
            for (int p = 0; p < count; p++) {
                if (key[p] == key[last]) {
                    for (int q = 0; q < count; q++) {
                        if (key[q] == key[last] && z[index[p]] != z[index[q]] && (p <= last) != (q <= last)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }
}
