package org.xtalflow.thermo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xtalflow.config.ConfigFile;
import org.xtalflow.config.ConfigKeys;
import org.xtalflow.crystal.io.BadInputException;

/**
 * The {@code thermo:} section of conf/xtalflow.yaml: the correction scheme and the reference
 * phases. {@code references} is empty (the bundled MP elemental set), one file, or a list whose
 * items are files or {@value ReferenceSet#BUNDLED_NAME} (e.g. {@code [bundled, compounds.json]}:
 * MP elements plus your competing compounds) or {@value ReferenceSet#MP_NAME} (the Materials
 * Project's phases of the campaign's system, from the store's cache or fetched). Files hold elements and/or compounds (pymatgen
 * JSON or CSV). Relative paths resolve against the configuration file's folder.
 *
 * @param references the sources in order; {@link #BUNDLED} stands for the bundled set; empty
 *                   means the bundled set alone
 */
public record ThermoSettings(HullAnalysis.Correction correction, List<Path> references) {

    /** Stands for the bundled MP elemental references in {@link #references()}. */
    public static final Path BUNDLED = Path.of(ReferenceSet.BUNDLED_NAME);
    /** Stands for the Materials Project's entries of the campaign's chemical system (fetched or cached). */
    public static final Path MP = Path.of(ReferenceSet.MP_NAME);

    /** The keys of the section. */
    public static final List<String> KEYS = List.of("correction", "references", "mp");

    public static final ThermoSettings DEFAULTS = new ThermoSettings(HullAnalysis.Correction.MP2020, List.of());

    public ThermoSettings {
        references = List.copyOf(references);
    }

    /** Reads the section from a YAML file; a missing section gives {@link #DEFAULTS}. */
    public static ThermoSettings load(Path yamlFile) {
        return of(ConfigFile.read(yamlFile).get("thermo"), yamlFile);
    }

    /** The section from the configuration's tree ({@code t} may be null: the defaults); unknown keys are refused. */
    public static ThermoSettings of(JsonNode t, Path yamlFile) {
        if (t == null || t.isNull() || t.isMissingNode()) {
            return DEFAULTS;
        }
        ConfigKeys.requireKnown(yamlFile, "thermo", t, KEYS);
        // thermo.mp is read where the Materials Project is asked (MpSettings), but checked with the rest now
        org.xtalflow.thermo.mp.MpSettings.of(t.get("mp"), java.util.Map.of(), String.valueOf(yamlFile));
        String c = t.path("correction").asText("mp2020").trim().toLowerCase(Locale.ROOT);
        HullAnalysis.Correction corr = switch (c) {
            case "mp2020" -> HullAnalysis.Correction.MP2020;
            case "none" -> HullAnalysis.Correction.NONE;
            default ->
                throw new BadInputException(
                        yamlFile.toString(), 0, "thermo.correction must be mp2020 or none, got \"" + c + "\"");
        };
        JsonNode r = t.path("references");
        List<String> items = new ArrayList<>();
        if (r.isArray()) {
            for (JsonNode x : r) {
                if (!x.isTextual() || x.asText().isBlank()) {
                    throw new BadInputException(
                            yamlFile.toString(),
                            0,
                            "thermo.references: each item must be a file or '" + ReferenceSet.BUNDLED_NAME + "', got "
                                    + x);
                }
                items.add(x.asText().trim());
            }
        } else if (r.isTextual() || r.isMissingNode() || r.isNull()) {
            String one = r.asText("").trim();
            if (!one.isEmpty()) {
                items.add(one);
            }
        } else {
            throw new BadInputException(
                    yamlFile.toString(),
                    0,
                    "thermo.references must be a file, '" + ReferenceSet.BUNDLED_NAME + "' or a list of them, got "
                            + r);
        }
        List<Path> refs = new ArrayList<>();
        for (String item : items) {
            if (item.equals(ReferenceSet.BUNDLED_NAME)) {
                refs.add(BUNDLED);
                continue;
            }
            if (item.equals(ReferenceSet.MP_NAME)) {
                refs.add(MP);
                continue;
            }
            Path p = Path.of(item);
            if (!p.isAbsolute() && yamlFile.toAbsolutePath().getParent() != null) {
                p = yamlFile.toAbsolutePath().getParent().resolve(p);
            }
            refs.add(p);
        }
        return new ThermoSettings(corr, refs);
    }

    /** True when {@code mp} is among the references: the Materials Project's phases join the hull. */
    public boolean usesMaterialsProject() {
        return references.contains(MP);
    }

    /** The references other than {@code mp} (files and {@code bundled}); empty means the bundled set. */
    public List<Path> localReferences() {
        List<Path> l = new ArrayList<>(references);
        l.remove(MP);
        return l;
    }

    /**
     * The configured reference phases (elements and compounds) read now, without the Materials
     * Project's (see {@link #loadReferenceSet(ReferenceSet)}).
     */
    public ReferenceSet loadReferenceSet() {
        return ReferenceSet.loadAll(localReferences());
    }

    /** The local references combined with the Materials Project's entries of a system ({@code mp} may be null). */
    public ReferenceSet loadReferenceSet(ReferenceSet mp) {
        ReferenceSet local = loadReferenceSet();
        return mp == null ? local : ReferenceSet.combine(List.of(local, mp));
    }

    /** The configured elemental references (lowest energy per atom per element over the sources). */
    public ElementalReferences loadReferences() {
        return loadReferenceSet().elemental();
    }

    /** The hull stage as configured (competing compounds of the references included). */
    public HullAnalysis analysis() {
        return new HullAnalysis(correction, loadReferenceSet());
    }
}
