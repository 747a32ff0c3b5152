package org.xtalflow.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The 92-long element feature vectors the CGCNN models were trained with (one-hot encodings of
 * group, period, electronegativity, covalent radius, valence electrons, first ionisation energy,
 * electron affinity, block and atomic volume; atom_init.json of txie-93/cgcnn), for Z = 1..100.
 */
public final class AtomFeatures {

    public static final int LENGTH = 92;
    public static final int MAX_Z = 100;
    private static final String RESOURCE = CgcnnModel.RESOURCES + "atom_init.json";

    private static volatile float[][] table;

    private AtomFeatures() {}

    /** Whether an element has features (and so can enter a CGCNN graph). */
    public static boolean covers(int z) {
        return z >= 1 && z < table().length && table()[z] != null;
    }

    /** Rows indexed by Z (row 0 and missing elements are null). */
    static float[][] table() {
        float[][] t = table;
        if (t == null) {
            synchronized (AtomFeatures.class) {
                if (table == null) {
                    table = read();
                }
                t = table;
            }
        }
        return t;
    }

    private static float[][] read() {
        try (InputStream in = AtomFeatures.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            float[][] t = new float[MAX_Z + 1][];
            for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int z = Integer.parseInt(e.getKey());
                if (z < 1 || z > MAX_Z || e.getValue().size() != LENGTH) {
                    throw new IllegalStateException(RESOURCE + ": bad entry for Z=" + e.getKey());
                }
                float[] row = new float[LENGTH];
                for (int k = 0; k < LENGTH; k++) {
                    row[k] = (float) e.getValue().get(k).asDouble();
                }
                t[z] = row;
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
