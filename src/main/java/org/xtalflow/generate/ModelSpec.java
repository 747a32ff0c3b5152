package org.xtalflow.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;

/**
 * A generator's metadata (model.json beside the weights): element vocabulary, space groups with
 * sampling probabilities, scaling constants, network width, weights file and kind. The
 * {@code training} node is free-form provenance (data, steps, wall time).
 */
public record ModelSpec(
        String kind,
        String weights,
        double width,
        int noiseDim,
        List<Element> elements,
        List<SpaceGroup> spaceGroups,
        double[] probabilities,
        double[][] coordScale,
        double[] lengthScale,
        JsonNode training) {

    public static final String FILE = "model.json";
    public static final String KIND_DJL = "djl";
    public static final String KIND_TORCHSCRIPT = "torchscript";
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelSpec {
        if (spaceGroups.size() != probabilities.length) {
            throw new IllegalArgumentException(
                    spaceGroups.size() + " space groups but " + probabilities.length + " probabilities");
        }
        double sum = 0;
        for (double p : probabilities) {
            if (!(p >= 0)) {
                throw new IllegalArgumentException("negative or NaN space-group probability " + p);
            }
            sum += p;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("space-group probabilities sum to " + sum + ", not 1");
        }
        if (elements.size() < 3) {
            throw new IllegalArgumentException("a vocabulary needs at least 3 elements, got " + elements.size());
        }
        for (Element e : elements) {
            PgcgmTables.get().features(e);
        }
        for (SpaceGroup sg : spaceGroups) {
            LatticePattern.require(sg);
        }
        elements = List.copyOf(elements);
        spaceGroups = List.copyOf(spaceGroups);
    }

    /** PGCGM's own vocabulary: its 63 elements and 20 groups with the paper's probabilities. */
    public static ModelSpec paper(String kind, String weights, double width) {
        PgcgmTables t = PgcgmTables.get();
        return new ModelSpec(
                kind,
                weights,
                width,
                128,
                t.elements(),
                t.paperGroups(),
                t.paperProbabilities(),
                t.coordScale(),
                t.lengthScale(),
                JSON.createObjectNode());
    }

    public ModelSpec withTraining(JsonNode training) {
        return new ModelSpec(
                kind,
                weights,
                width,
                noiseDim,
                elements,
                spaceGroups,
                probabilities,
                coordScale,
                lengthScale,
                training);
    }

    public ModelSpec withGroups(List<SpaceGroup> groups, double[] probs) {
        return new ModelSpec(
                kind, weights, width, noiseDim, elements, groups, probs, coordScale, lengthScale, training);
    }

    public Decoder decoder() {
        return new Decoder(coordScale, lengthScale);
    }

    public boolean knows(Element e) {
        return elements.contains(e);
    }

    public static ModelSpec read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(JSON.readTree(in), file.toString());
        }
    }

    public static ModelSpec parse(JsonNode n, String where) {
        try {
            List<Element> els = new ArrayList<>();
            for (JsonNode e : req(n, "elements")) {
                els.add(Element.of(e.asText()));
            }
            List<SpaceGroup> sgs = new ArrayList<>();
            List<Double> ps = new ArrayList<>();
            for (JsonNode g : req(n, "space_groups")) {
                sgs.add(SpaceGroup.of(req(g, "number").asInt()));
                ps.add(req(g, "probability").asDouble());
            }
            double[][] cr = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    cr[i][j] = req(n, "coord_scale_cr").get(i).get(j).asDouble();
                }
            }
            double[] lr = new double[3];
            for (int i = 0; i < 3; i++) {
                lr[i] = req(n, "length_scale_lr").get(i).asDouble();
            }
            return new ModelSpec(
                    req(n, "kind").asText(),
                    req(n, "weights").asText(),
                    n.path("width").asDouble(1.0),
                    n.path("noise_dim").asInt(128),
                    els,
                    sgs,
                    ps.stream().mapToDouble(Double::doubleValue).toArray(),
                    cr,
                    lr,
                    n.path("training"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad model metadata " + where + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode req(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing key '" + key + "'");
        }
        return v;
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", "xtalflow-pgcgm/1");
        o.put("kind", kind);
        o.put("weights", weights);
        o.put("width", width);
        o.put("noise_dim", noiseDim);
        ArrayNode els = o.putArray("elements");
        elements.forEach(e -> els.add(e.symbol()));
        ArrayNode gs = o.putArray("space_groups");
        for (int i = 0; i < spaceGroups.size(); i++) {
            ObjectNode g = gs.addObject();
            g.put("number", spaceGroups.get(i).number());
            g.put("symbol", spaceGroups.get(i).symbol());
            g.put("probability", probabilities[i]);
        }
        ArrayNode crn = o.putArray("coord_scale_cr");
        for (double[] row : coordScale) {
            ArrayNode r = crn.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        ArrayNode lrn = o.putArray("length_scale_lr");
        for (double v : lengthScale) {
            lrn.add(v);
        }
        o.set("training", training == null ? JSON.createObjectNode() : training);
        return o;
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(FILE).toFile(), toJson());
    }
}
