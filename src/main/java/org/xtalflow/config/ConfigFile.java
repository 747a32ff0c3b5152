package org.xtalflow.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a YAML configuration file into a tree: the only place conf/xtalflow.yaml is parsed. */
public final class ConfigFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigFile() {}

    /** The document's root; an empty file gives an empty mapping. Unreadable or not YAML: a ConfigurationException. */
    public static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("cannot read configuration " + file + ": file not found ("
                    + file.toAbsolutePath() + "); give one with --config FILE");
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            return root == null || root.isMissingNode() || root.isNull() ? YAML.createObjectNode() : root;
        } catch (IOException e) {
            throw new ConfigurationException(
                    "cannot read configuration " + file + ": not valid YAML: " + e.getMessage(), e);
        }
    }
}
