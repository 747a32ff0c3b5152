package org.xtalflow.thermo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.xtalflow.crystal.io.BadInputException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code thermo:} section of conf/xtalflow.yaml: the correction scheme and the elemental
 * references file (empty: the bundled MP set). Relative reference paths resolve against the
 * configuration file's folder.
 */
public record ThermoSettings(HullAnalysis.Correction correction, Path references) {

    public static final ThermoSettings DEFAULTS = new ThermoSettings(HullAnalysis.Correction.MP2020, null);

    /** Reads the section from a YAML file; a missing section gives {@link #DEFAULTS}. */
    public static ThermoSettings load(Path yamlFile) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yamlFile.toFile());
        } catch (IOException e) {
            throw new BadInputException(yamlFile.toString(), 0, "cannot read configuration: " + e.getMessage(), e);
        }
        return of(root == null ? null : root.get("thermo"), yamlFile);
    }

    static ThermoSettings of(JsonNode t, Path yamlFile) {
        if (t == null || t.isNull() || t.isMissingNode()) {
            return DEFAULTS;
        }
        String c = t.path("correction").asText("mp2020").trim().toLowerCase(Locale.ROOT);
        HullAnalysis.Correction corr = switch (c) {
            case "mp2020" -> HullAnalysis.Correction.MP2020;
            case "none" -> HullAnalysis.Correction.NONE;
            default -> throw new BadInputException(yamlFile.toString(), 0, "thermo.correction must be mp2020 or none, got \"" + c + "\"");
        };
        String r = t.path("references").asText("").trim();
        Path refs = null;
        if (!r.isEmpty()) {
            refs = Path.of(r);
            if (!refs.isAbsolute() && yamlFile.toAbsolutePath().getParent() != null) {
                refs = yamlFile.toAbsolutePath().getParent().resolve(refs);
            }
        }
        return new ThermoSettings(corr, refs);
    }

    /** The configured references: the user's file, or the bundled MP 2023-02-07 set. */
    public ElementalReferences loadReferences() {
        return references == null ? ElementalReferences.bundled() : ElementalReferences.load(references);
    }

    /** The hull stage as configured. */
    public HullAnalysis analysis() {
        return new HullAnalysis(correction, loadReferences());
    }
}
