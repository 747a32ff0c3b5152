package org.xtalflow.screen.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.SymOp;
import org.xtalflow.crystal.SymmetryExpansion;

/**
 * Test-side source of generator-like candidates, shaped as PGCGM's output (the generator helper's
 * RandomSymmetricGenerator is the product's version): 3 distinct elements from PGCGM's 63, one
 * base site each at random fractional coordinates rounded to 2 decimals (as create_cif.py writes
 * them), a space group from PGCGM's 20 drawn with its sampling probabilities, angles fixed by the
 * group, lengths a/b/c in the group's pattern scaled so the cell volume is the atoms' volume
 * (4/3 pi r^3 per expanded atom, atomic radii) over a packing fraction drawn in [0.3, 0.6].
 *
 * <p>{@link #next} fills a reusable flat buffer: no per-site objects.
 */
public final class RandomCandidates {

    /** One candidate in flat form; arrays are reused by the next call. */
    public static final class Flat {
        public Lattice lattice;
        public SpaceGroup spaceGroup;
        public Element[] species = new Element[3 * 192];
        public double[] frac = new double[3 * 3 * 192];
        public int n;
        public final double[] base = new double[9];
        public final Element[] elements = new Element[3];
    }

    private final SplittableRandom rnd;
    private final Element[] pool;
    private final SpaceGroup[] groups;
    private final double[] cumulative;
    private final double[][] angles;
    private final double[] orbitBuf = new double[3 * 192];

    public RandomCandidates(long seed) {
        rnd = new SplittableRandom(seed);
        try {
            ObjectMapper om = new ObjectMapper();
            JsonNode ids;
            try (InputStream in = res("/xtalflow/pgcgm/elements_id_NoPo.json")) {
                ids = om.readTree(in);
            }
            List<Element> els = new ArrayList<>();
            Iterator<String> it = ids.fieldNames();
            while (it.hasNext()) {
                els.add(Element.of(it.next()));
            }
            pool = els.toArray(new Element[0]);
            JsonNode paras;
            try (InputStream in = res("/xtalflow/pgcgm/paras.json")) {
                paras = om.readTree(in);
            }
            JsonNode map = paras.get("spacegroup_to_index").get("value");
            JsonNode numbers = paras.get("spacegroup_international_number").get("value");
            JsonNode prob = paras.get("spacegroup_sampling_prob").get("value");
            JsonNode ang = paras.get("lattice_angle_patterns_deg").get("value");
            int ng = map.size();
            groups = new SpaceGroup[ng];
            cumulative = new double[ng];
            angles = new double[ng][3];
            Iterator<String> names = map.fieldNames();
            while (names.hasNext()) {
                String sym = names.next();
                int idx = map.get(sym).asInt();
                groups[idx] = SpaceGroup.of(numbers.get(sym).asInt());
                for (int k = 0; k < 3; k++) {
                    angles[idx][k] = ang.get(idx).get(k).asDouble();
                }
            }
            double c = 0;
            for (int i = 0; i < ng; i++) {
                c += prob.get(i).asDouble();
                cumulative[i] = c;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream res(String name) throws IOException {
        InputStream in = RandomCandidates.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing resource " + name);
        }
        return in;
    }

    /** Fills {@code out} with the next expanded candidate. */
    public void next(Flat out) {
        double u = rnd.nextDouble() * cumulative[cumulative.length - 1];
        int g = 0;
        while (g < cumulative.length - 1 && u > cumulative[g]) {
            g++;
        }
        SpaceGroup sg = groups[g];
        out.spaceGroup = sg;
        // 3 distinct elements
        for (int k = 0; k < 3; k++) {
            Element e;
            boolean dup;
            do {
                e = pool[rnd.nextInt(pool.length)];
                dup = false;
                for (int m = 0; m < k; m++) {
                    dup |= out.elements[m] == e;
                }
            } while (dup);
            out.elements[k] = e;
        }
        List<SymOp> ops = sg.operations();
        int n = 0;
        double atomVolume = 0;
        for (int k = 0; k < 3; k++) {
            double x = Math.round(rnd.nextDouble() * 100) / 100.0;
            double y = Math.round(rnd.nextDouble() * 100) / 100.0;
            double z = Math.round(rnd.nextDouble() * 100) / 100.0;
            out.base[3 * k] = x;
            out.base[3 * k + 1] = y;
            out.base[3 * k + 2] = z;
            int m = SymmetryExpansion.orbit(x, y, z, ops, SymmetryExpansion.DEFAULT_TOLERANCE, orbitBuf);
            double r = out.elements[k].atomicRadius();
            for (int i = 0; i < m; i++) {
                out.species[n] = out.elements[k];
                System.arraycopy(orbitBuf, 3 * i, out.frac, 3 * n, 3);
                n++;
            }
            atomVolume += m * 4.0 / 3.0 * Math.PI * r * r * r;
        }
        out.n = n;
        double packing = 0.3 + 0.3 * rnd.nextDouble();
        double volume = atomVolume / packing;
        double[] ang = angles[g];
        String system = sg.crystalSystem();
        double ra;
        double rb;
        double rc;
        switch (system) {
            case "cubic" -> {
                ra = 1;
                rb = 1;
                rc = 1;
            }
            case "tetragonal", "hexagonal", "trigonal" -> {
                ra = 1;
                rb = 1;
                rc = 0.5 + 1.5 * rnd.nextDouble();
            }
            default -> {
                ra = 1;
                rb = 0.5 + 1.5 * rnd.nextDouble();
                rc = 0.5 + 1.5 * rnd.nextDouble();
            }
        }
        Lattice unit = Lattice.fromParameters(ra, rb, rc, ang[0], ang[1], ang[2]);
        double s = Math.cbrt(volume / unit.volume());
        out.lattice = Lattice.fromParameters(ra * s, rb * s, rc * s, ang[0], ang[1], ang[2]);
    }
}
