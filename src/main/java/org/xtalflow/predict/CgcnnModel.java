package org.xtalflow.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One pretrained CGCNN model as converted by {@code scripts/convert-cgcnn.py}: its card (the
 * architecture, the target's normaliser, training facts from the checkpoint) and its parameters by
 * their PyTorch names, as float arrays. Bundled under {@link #RESOURCES}.
 */
public final class CgcnnModel {

    public static final String RESOURCES = "/xtalflow/cgcnn/";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile JsonNode catalogue;

    /** What models.json says of a model. */
    public record Card(
            String name,
            String task,
            int atomFeaLen,
            int nConv,
            int hFeaLen,
            int nH,
            double normalizerMean,
            double normalizerStd,
            int epoch,
            String validationMetric,
            double validationValue,
            String trainingData,
            int trainSize,
            int valSize,
            int testSize) {

        public boolean classification() {
            return "classification".equals(task);
        }
    }

    private final CgcnnProperty property;
    private final Card card;
    private final Map<String, float[]> parameters;
    private final Map<String, long[]> shapes;

    private CgcnnModel(CgcnnProperty property, Card card, Map<String, float[]> parameters, Map<String, long[]> shapes) {
        this.property = property;
        this.card = card;
        this.parameters = parameters;
        this.shapes = shapes;
    }

    /** Loads the bundled model of a property. */
    public static CgcnnModel load(CgcnnProperty property) {
        Card card = card(property);
        String res = RESOURCES + property.modelName() + ".npz";
        Map<String, float[]> params = new HashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        try (InputStream raw = CgcnnModel.class.getResourceAsStream(res);
                NDManager m = NDManager.newBaseManager("PyTorch")) {
            if (raw == null) {
                throw new IllegalStateException("missing resource " + res);
            }
            for (NDArray a : NDList.decode(m, new BufferedInputStream(raw))) {
                params.put(a.getName(), a.toFloatArray());
                shapes.put(a.getName(), a.getShape().getShape());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + res, e);
        }
        CgcnnModel model = new CgcnnModel(property, card, params, shapes);
        model.check();
        return model;
    }

    private void check() {
        int a = card.atomFeaLen();
        require("embedding.weight", a, AtomFeatures.LENGTH);
        for (int c = 0; c < card.nConv(); c++) {
            require("convs." + c + ".fc_full.weight", 2 * a, 2 * a + GaussianDistance.LENGTH);
        }
        require("conv_to_fc.weight", card.hFeaLen(), a);
        require("fc_out.weight", card.classification() ? 2 : 1, card.hFeaLen());
    }

    private void require(String name, long rows, long cols) {
        long[] s = shapes.get(name);
        if (s == null || s.length != 2 || s[0] != rows || s[1] != cols) {
            throw new IllegalStateException("CGCNN model " + card.name() + ": parameter " + name + " should be " + rows
                    + "x" + cols + " but is " + (s == null ? "missing" : java.util.Arrays.toString(s)));
        }
    }

    static synchronized JsonNode catalogue() {
        if (catalogue == null) {
            String res = RESOURCES + "models.json";
            try (InputStream in = CgcnnModel.class.getResourceAsStream(res)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + res);
                }
                catalogue = JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + res, e);
            }
        }
        return catalogue;
    }

    /** The card of a property's model (from models.json). */
    public static Card card(CgcnnProperty property) {
        for (JsonNode m : catalogue().path("models")) {
            if (property.modelName().equals(m.path("name").asText())) {
                return new Card(
                        m.path("name").asText(),
                        m.path("task").asText(),
                        m.path("atom_fea_len").asInt(),
                        m.path("n_conv").asInt(),
                        m.path("h_fea_len").asInt(),
                        m.path("n_h").asInt(),
                        m.path("normalizer_mean").asDouble(),
                        m.path("normalizer_std").asDouble(),
                        m.path("epoch").asInt(),
                        m.path("best_validation_metric").asText(),
                        m.path("best_validation_value").asDouble(),
                        m.path("training_data").asText(),
                        m.path("train_size").asInt(),
                        m.path("val_size").asInt(),
                        m.path("test_size").asInt());
            }
        }
        throw new IllegalStateException("models.json has no model " + property.modelName());
    }

    public CgcnnProperty property() {
        return property;
    }

    public Card card() {
        return card;
    }

    /** A parameter by its PyTorch name (e.g. convs.0.bn1.running_var); not a copy. */
    float[] parameter(String name) {
        float[] p = parameters.get(name);
        if (p == null) {
            throw new IllegalStateException("CGCNN model " + card.name() + " has no parameter " + name);
        }
        return p;
    }

    boolean has(String name) {
        return parameters.containsKey(name);
    }
}
