package org.xtalflow.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;

/**
 * PGCGM's auxiliary tables (resources xtalflow/pgcgm, see its SOURCE.md): the 23 scaled element
 * features of the 63 elements the reference model knows, the coordinate and length scaling
 * constants, and the paper's 20 space groups with their sampling probabilities.
 */
public final class PgcgmTables {

    /** Number of element features per element (min-max scaled to [-1, 1]). */
    public static final int N_FEATURES = 23;

    private static final PgcgmTables INSTANCE = load();

    private final Map<String, float[]> features;
    private final List<Element> elements;
    private final double[][] coordScale;
    private final double[] lengthScale;
    private final List<SpaceGroup> paperGroups;
    private final double[] paperProbabilities;

    private PgcgmTables(
            Map<String, float[]> features,
            List<Element> elements,
            double[][] coordScale,
            double[] lengthScale,
            List<SpaceGroup> paperGroups,
            double[] paperProbabilities) {
        this.features = features;
        this.elements = elements;
        this.coordScale = coordScale;
        this.lengthScale = lengthScale;
        this.paperGroups = paperGroups;
        this.paperProbabilities = paperProbabilities;
    }

    public static PgcgmTables get() {
        return INSTANCE;
    }

    private static PgcgmTables load() {
        ObjectMapper om = new ObjectMapper();
        try {
            JsonNode feat = read(om, "elements_features.json");
            JsonNode ids = read(om, "elements_id_NoPo.json");
            JsonNode paras = read(om, "paras.json");
            Map<String, float[]> features = new LinkedHashMap<>();
            List<Element> elements = new ArrayList<>();
            ids.fieldNames().forEachRemaining(sym -> {
                JsonNode row = feat.get("features_by_symbol").get(sym);
                float[] f = new float[N_FEATURES];
                for (int i = 0; i < N_FEATURES; i++) {
                    f[i] = (float) row.get(i).asDouble();
                }
                features.put(sym, f);
                elements.add(Element.of(sym));
            });
            double[][] cr = new double[3][3];
            JsonNode crv = paras.get("coord_scale_cr").get("value");
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    cr[i][j] = crv.get(i).get(j).asDouble();
                }
            }
            double[] lr = new double[3];
            for (int i = 0; i < 3; i++) {
                lr[i] = paras.get("length_scale_lr").get("value").get(i).asDouble();
            }
            JsonNode idx = paras.get("spacegroup_to_index").get("value");
            JsonNode num = paras.get("spacegroup_international_number").get("value");
            SpaceGroup[] groups = new SpaceGroup[idx.size()];
            idx.fieldNames()
                    .forEachRemaining(sym -> groups[idx.get(sym).asInt()] =
                            SpaceGroup.of(num.get(sym).asInt()));
            double[] prob = new double[groups.length];
            for (int i = 0; i < prob.length; i++) {
                prob[i] = paras.get("spacegroup_sampling_prob")
                        .get("value")
                        .get(i)
                        .asDouble();
            }
            return new PgcgmTables(
                    Collections.unmodifiableMap(features), List.copyOf(elements), cr, lr, List.of(groups), prob);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled PGCGM tables (xtalflow/pgcgm)", e);
        }
    }

    private static JsonNode read(ObjectMapper om, String name) throws IOException {
        try (InputStream in = PgcgmTables.class.getResourceAsStream("/xtalflow/pgcgm/" + name)) {
            if (in == null) {
                throw new IOException("missing resource /xtalflow/pgcgm/" + name);
            }
            return om.readTree(in);
        }
    }

    /** The 23 scaled features of an element, or throws naming the element when PGCGM has none. */
    public float[] features(Element e) {
        float[] f = features.get(e.symbol());
        if (f == null) {
            throw new IllegalArgumentException("element " + e.symbol()
                    + " has no PGCGM feature vector (the generator knows " + features.size() + " elements)");
        }
        return f;
    }

    public boolean hasFeatures(Element e) {
        return features.containsKey(e.symbol());
    }

    /** The 63 elements of elements_id_NoPo.json, in id order. */
    public List<Element> elements() {
        return elements;
    }

    /** cr: fractional = c * cr + cr, rows = atoms, columns = x, y, z. */
    public double[][] coordScale() {
        return new double[][] {coordScale[0].clone(), coordScale[1].clone(), coordScale[2].clone()};
    }

    /** lr: box = exp(g * lr + lr). */
    public double[] lengthScale() {
        return lengthScale.clone();
    }

    /** The paper's 20 space groups in PGCGM index order. */
    public List<SpaceGroup> paperGroups() {
        return paperGroups;
    }

    /** Sampling probabilities of the paper's 20 groups (same order). */
    public double[] paperProbabilities() {
        return paperProbabilities.clone();
    }
}
