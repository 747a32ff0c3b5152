package org.xtalflow.vasp.inputs;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xtalflow.crystal.io.BadInputException;

/**
 * manifest.json of a job bundle: candidate id, input set, scheduler, POTCAR symbols and how the
 * POTCAR is provided ("bundled" or "spec"), and the SHA-256 (hex) of every other file in the
 * bundle. Written with sorted keys and "\n" line ends so equal bundles have equal bytes.
 *
 * @param files file name → SHA-256 hex, sorted by name
 */
public record BundleManifest(
        String candidateId,
        String inputSet,
        String scheduler,
        String potcarFunctional,
        List<String> potcarSymbols,
        String potcarMode,
        Map<String, String> files) {

    public static final String FILE_NAME = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public BundleManifest {
        potcarSymbols = List.copyOf(potcarSymbols);
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    public byte[] toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("candidate_id", candidateId);
        ObjectNode f = o.putObject("files");
        files.forEach(f::put);
        o.put("input_set", inputSet);
        ObjectNode p = o.putObject("potcar");
        p.put("functional", potcarFunctional);
        p.put("mode", potcarMode);
        ArrayNode syms = p.putArray("symbols");
        potcarSymbols.forEach(syms::add);
        o.put("scheduler", scheduler);
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(
                        com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                                .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return (JSON.writer(pp).writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static BundleManifest read(Path file) {
        try {
            JsonNode o = JSON.readTree(file.toFile());
            Map<String, String> files = new TreeMap<>();
            o.required("files")
                    .properties()
                    .iterator()
                    .forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
            List<String> syms = new ArrayList<>();
            o.required("potcar").required("symbols").forEach(s -> syms.add(s.asText()));
            return new BundleManifest(
                    o.required("candidate_id").asText(),
                    o.required("input_set").asText(),
                    o.required("scheduler").asText(),
                    o.required("potcar").required("functional").asText(),
                    syms,
                    o.required("potcar").required("mode").asText(),
                    files);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(file.toString(), 0, "not a job-bundle manifest: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of bytes as lower-case hex. */
    public static String sha256(byte[] data) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(md.digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }
}
