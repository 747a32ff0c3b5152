package org.xtalflow.predict;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xtalflow.crystal.Structure;
import org.xtalflow.generate.DjlSetup;

/**
 * Predicts the properties of many structures at once with the pretrained CGCNN models on DJL's
 * PyTorch engine: graphs are stacked into forward passes of at most {@link #MAX_ATOMS_PER_PASS}
 * atoms (so memory does not grow with the number of structures) and every chosen model runs on
 * the same tensors. Thread-safe (passes are serialised); close it to free the native memory.
 */
public final class CgcnnPredictor implements AutoCloseable {

    /** Atoms per forward pass: ~25 MB per intermediate tensor, enough to keep the engine busy. */
    public static final int MAX_ATOMS_PER_PASS = 4096;

    static {
        DjlSetup.offline();
    }

    private final NDManager manager;
    private final List<CgcnnNetwork> networks = new ArrayList<>();
    private final int maxAtomsPerPass;

    private CgcnnPredictor(Set<CgcnnProperty> properties, int maxAtomsPerPass) {
        if (properties.isEmpty()) {
            throw new IllegalArgumentException("no CGCNN model chosen");
        }
        this.maxAtomsPerPass = maxAtomsPerPass;
        this.manager = NDManager.newBaseManager("PyTorch");
        try {
            for (CgcnnProperty p : properties) {
                networks.add(new CgcnnNetwork(manager, CgcnnModel.load(p)));
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The bundled models of the given properties. */
    public static CgcnnPredictor open(Set<CgcnnProperty> properties) {
        return new CgcnnPredictor(properties, MAX_ATOMS_PER_PASS);
    }

    /** As {@link #open(Set)} with another pass size (for benchmarks and tests of the batching). */
    public static CgcnnPredictor open(Set<CgcnnProperty> properties, int maxAtomsPerPass) {
        return new CgcnnPredictor(properties, Math.max(1, maxAtomsPerPass));
    }

    /** The models' cards, in the order they run. */
    public List<CgcnnModel> models() {
        List<CgcnnModel> out = new ArrayList<>();
        for (CgcnnNetwork n : networks) {
            out.add(n.model());
        }
        return out;
    }

    /** Predictions for graphs, in their order. */
    public synchronized List<PropertyPrediction> predict(List<CrystalGraph> graphs) {
        List<PropertyPrediction> out = new ArrayList<>(graphs.size());
        int start = 0;
        while (start < graphs.size()) {
            int end = start;
            int atoms = 0;
            while (end < graphs.size()
                    && (end == start || atoms + graphs.get(end).size() <= maxAtomsPerPass)) {
                atoms += graphs.get(end).size();
                end++;
            }
            out.addAll(pass(graphs.subList(start, end)));
            start = end;
        }
        return out;
    }

    /**
     * Predictions for structures, in their order; graphs are built one pass at a time, so memory
     * stays flat however many structures there are.
     *
     * @throws IllegalArgumentException naming the structure's position if one cannot be graphed
     */
    public List<PropertyPrediction> predictStructures(List<Structure> structures) {
        List<PropertyPrediction> out = new ArrayList<>(structures.size());
        List<CrystalGraph> chunk = new ArrayList<>();
        int atoms = 0;
        for (int i = 0; i < structures.size(); i++) {
            Structure s = structures.get(i);
            if (!chunk.isEmpty() && atoms + s.size() > maxAtomsPerPass) {
                out.addAll(predict(chunk));
                chunk.clear();
                atoms = 0;
            }
            try {
                chunk.add(CrystalGraph.of(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("structure " + (i + 1) + ": " + e.getMessage(), e);
            }
            atoms += s.size();
        }
        if (!chunk.isEmpty()) {
            out.addAll(predict(chunk));
        }
        return out;
    }

    private List<PropertyPrediction> pass(List<CrystalGraph> graphs) {
        List<Map<CgcnnProperty, Double>> values = new ArrayList<>(graphs.size());
        for (int i = 0; i < graphs.size(); i++) {
            values.add(new EnumMap<>(CgcnnProperty.class));
        }
        try (GraphBatch batch = new GraphBatch(manager, graphs)) {
            for (CgcnnNetwork n : networks) {
                double[] y = n.predict(batch);
                for (int i = 0; i < y.length; i++) {
                    values.get(i).put(n.model().property(), y[i]);
                }
            }
        }
        List<PropertyPrediction> out = new ArrayList<>(graphs.size());
        for (Map<CgcnnProperty, Double> v : values) {
            out.add(new PropertyPrediction(v));
        }
        return out;
    }

    @Override
    public synchronized void close() {
        for (CgcnnNetwork n : networks) {
            n.close();
        }
        manager.close();
    }
}
