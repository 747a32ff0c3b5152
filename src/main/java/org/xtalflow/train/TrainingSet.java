package org.xtalflow.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.io.BadInputException;

/**
 * Reads and writes training sets: gzip'd JSON lines, one {@link TrainingMaterial} each
 * ({"id", "source", "space_group", "elements", "abc", "orbits"}).
 */
public final class TrainingSet {

    /** The prepared default set shipped in the product (see its SOURCE.md). */
    public static final String DEFAULT_RESOURCE = "/xtalflow/generate/training/ternaries.jsonl.gz";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingSet() {}

    public static List<TrainingMaterial> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new BadInputException(file.toString(), 0, "cannot read training set: " + e.getMessage(), e);
        }
    }

    public static List<TrainingMaterial> readDefault() {
        try (InputStream in = TrainingSet.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new BadInputException(DEFAULT_RESOURCE, 0, "this build has no default training set");
            }
            return read(in, "default training set");
        } catch (IOException e) {
            throw new BadInputException(DEFAULT_RESOURCE, 0, e.getMessage(), e);
        }
    }

    static List<TrainingMaterial> read(InputStream raw, String name) throws IOException {
        List<TrainingMaterial> out = new ArrayList<>();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(parse(JSON.readTree(line)));
                } catch (RuntimeException | IOException e) {
                    throw new BadInputException(name, no, "bad training record: " + e.getMessage(), e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(name, 0, "no training materials");
        }
        return out;
    }

    static TrainingMaterial parse(JsonNode n) {
        List<Element> els = new ArrayList<>();
        n.get("elements").forEach(e -> els.add(Element.of(e.asText())));
        double[] abc = new double[3];
        for (int i = 0; i < 3; i++) {
            abc[i] = n.get("abc").get(i).asDouble();
        }
        double[][][] orbits = new double[3][][];
        for (int m = 0; m < 3; m++) {
            JsonNode o = n.get("orbits").get(m);
            orbits[m] = new double[o.size()][3];
            for (int a = 0; a < o.size(); a++) {
                for (int c = 0; c < 3; c++) {
                    orbits[m][a][c] = o.get(a).get(c).asDouble();
                }
            }
        }
        return new TrainingMaterial(
                n.get("id").asText(),
                n.get("source").asText(),
                SpaceGroup.of(n.get("space_group").asInt()),
                els,
                abc,
                orbits);
    }

    public static void write(List<TrainingMaterial> materials, Path file) throws IOException {
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(file));
                PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8))) {
            for (TrainingMaterial m : materials) {
                ObjectNode o = JSON.createObjectNode();
                o.put("id", m.id());
                o.put("source", m.source());
                o.put("space_group", m.spaceGroup().number());
                ArrayNode els = o.putArray("elements");
                m.elements().forEach(e -> els.add(e.symbol()));
                ArrayNode abc = o.putArray("abc");
                for (double v : m.abc()) {
                    abc.add(Math.round(v * 1e5) / 1e5);
                }
                ArrayNode orb = o.putArray("orbits");
                for (double[][] orbit : m.orbits()) {
                    ArrayNode on = orb.addArray();
                    for (double[] f : orbit) {
                        ArrayNode p = on.addArray();
                        for (double v : f) {
                            p.add(Math.round(v * 1e5) / 1e5);
                        }
                    }
                }
                w.println(JSON.writeValueAsString(o));
            }
        }
    }
}
