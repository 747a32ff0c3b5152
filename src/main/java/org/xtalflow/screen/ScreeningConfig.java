package org.xtalflow.screen;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.xtalflow.config.ConfigFile;
import org.xtalflow.config.ConfigKeys;

/**
 * Settings of the screening stage: the {@code screening:} section of conf/xtalflow.yaml. Every key
 * is optional; missing ones take the defaults below (PGCGM's values where PGCGM has one).
 */
public final class ScreeningConfig {

    public static final List<String> ALL_FILTERS =
            List.of("size", "density", "distance", "charge", "spacegroup", "duplicate", "novelty");

    public double mergeRatio = Merger.DEFAULT_RATIO;
    public double mergeSecondRatio = Merger.DEFAULT_SECOND_RATIO;
    public int mergeSecondPassAbove = Merger.DEFAULT_SECOND_PASS_ABOVE;
    /** Filter order; cheap ones first (the default) screens fastest. */
    public List<String> filters = new ArrayList<>(ALL_FILTERS);

    public int maxSites = SizeFilter.DEFAULT_MAX_SITES;
    /** Volume per atom bounds (Å³/atom) and bounds of cell volume over the elements' own volumes. */
    public double minVolumePerAtom = DensityFilter.DEFAULT_MIN_VOLUME_PER_ATOM;

    public double maxVolumePerAtom = DensityFilter.DEFAULT_MAX_VOLUME_PER_ATOM;
    public double minVolumeRatio = DensityFilter.DEFAULT_MIN_VOLUME_RATIO;
    public double maxVolumeRatio = DensityFilter.DEFAULT_MAX_VOLUME_RATIO;
    public double minDistanceAngstrom = DistanceFilter.DEFAULT_MIN_ANGSTROM;
    public double radiusRatio = DistanceFilter.DEFAULT_RADIUS_RATIO;
    public boolean chargeIncludeAlloys = true;
    public boolean chargeElectronegativityOrder = false;
    public boolean chargeAllOxidationStates = false;
    public double symmetryToleranceAngstrom = SpaceGroupFilter.DEFAULT_TOLERANCE_ANGSTROM;
    /** auto (use spglib when loadable), required (fail when not), off. */
    public String spglib = "auto";

    public double symprec = SpaceGroupFilter.DEFAULT_SYMPREC;
    /** Ask spglib about every candidate, not only where the supergroup search finds more symmetry. */
    public boolean spglibEveryCandidate = false;
    /** Path or name of the spglib shared library; null searches the usual places. */
    public String spglibLibrary = null;

    public double duplicateTolerance = DuplicateFilter.DEFAULT_TOLERANCE;
    /** File that carries survivors' fingerprints across runs; null keeps duplicates within a run. */
    public Path duplicateStore = null;

    public boolean noveltyBuiltin = true;
    public List<Path> noveltyFolders = new ArrayList<>();
    public double noveltyTolerance = NoveltyFilter.DEFAULT_TOLERANCE;
    /** Keep the merged structure of rejected candidates in their verdict (to write them as CIF). */
    public boolean keepRejected = false;

    public static ScreeningConfig defaults() {
        return new ScreeningConfig();
    }

    /** Reads the {@code screening:} section of a YAML file; relative paths resolve against the file's folder's parent. */
    public static ScreeningConfig load(Path yaml) {
        return of(ConfigFile.read(yaml).get("screening"), yaml);
    }

    /** The section from the configuration's tree ({@code s} may be null: the defaults); unknown keys are refused. */
    public static ScreeningConfig of(JsonNode s, Path yaml) {
        ScreeningConfig c = new ScreeningConfig();
        if (s == null || s.isNull()) {
            return c;
        }
        Path base = yaml.toAbsolutePath().getParent() == null
                ? Path.of(".")
                : yaml.toAbsolutePath().getParent().getParent() == null
                        ? yaml.toAbsolutePath().getParent()
                        : yaml.toAbsolutePath().getParent().getParent();
        new Reader(yaml, c, base).read(s);
        return c;
    }

    private record Reader(Path file, ScreeningConfig c, Path base) {
        void read(JsonNode s) {
            known(
                    s,
                    "screening",
                    Set.of(
                            "merge",
                            "filters",
                            "size",
                            "density",
                            "distance",
                            "charge",
                            "spacegroup",
                            "duplicate",
                            "novelty",
                            "keep_rejected"));
            JsonNode m = s.path("merge");
            known(m, "screening.merge", Set.of("ratio", "second_ratio", "second_pass_above_sites"));
            c.mergeRatio = num(m, "ratio", c.mergeRatio, "screening.merge.ratio");
            c.mergeSecondRatio = num(m, "second_ratio", c.mergeSecondRatio, "screening.merge.second_ratio");
            c.mergeSecondPassAbove = (int) num(
                    m, "second_pass_above_sites", c.mergeSecondPassAbove, "screening.merge.second_pass_above_sites");
            if (s.has("filters")) {
                JsonNode f = s.get("filters");
                if (!f.isArray()) {
                    throw bad("screening.filters", "must be a list of filter names " + ALL_FILTERS);
                }
                List<String> names = new ArrayList<>();
                for (JsonNode n : f) {
                    String name = n.asText();
                    if (!ALL_FILTERS.contains(name)) {
                        throw bad("screening.filters", "unknown filter '" + name + "'; known: " + ALL_FILTERS);
                    }
                    if (names.contains(name)) {
                        throw bad("screening.filters", "filter '" + name + "' listed twice");
                    }
                    names.add(name);
                }
                c.filters = names;
            }
            JsonNode size = s.path("size");
            known(size, "screening.size", Set.of("max_sites"));
            c.maxSites = (int) num(size, "max_sites", c.maxSites, "screening.size.max_sites");
            JsonNode den = s.path("density");
            known(
                    den,
                    "screening.density",
                    Set.of("min_volume_per_atom", "max_volume_per_atom", "min_volume_ratio", "max_volume_ratio"));
            c.minVolumePerAtom =
                    num(den, "min_volume_per_atom", c.minVolumePerAtom, "screening.density.min_volume_per_atom");
            c.maxVolumePerAtom =
                    num(den, "max_volume_per_atom", c.maxVolumePerAtom, "screening.density.max_volume_per_atom");
            c.minVolumeRatio = num(den, "min_volume_ratio", c.minVolumeRatio, "screening.density.min_volume_ratio");
            c.maxVolumeRatio = num(den, "max_volume_ratio", c.maxVolumeRatio, "screening.density.max_volume_ratio");
            if (!(c.minVolumePerAtom >= 0 && c.maxVolumePerAtom > c.minVolumePerAtom)) {
                throw bad(
                        "screening.density",
                        "need 0 <= min_volume_per_atom < max_volume_per_atom, got " + c.minVolumePerAtom + " and "
                                + c.maxVolumePerAtom);
            }
            if (!(c.minVolumeRatio >= 0 && c.maxVolumeRatio > c.minVolumeRatio)) {
                throw bad(
                        "screening.density",
                        "need 0 <= min_volume_ratio < max_volume_ratio, got " + c.minVolumeRatio + " and "
                                + c.maxVolumeRatio);
            }
            JsonNode d = s.path("distance");
            known(d, "screening.distance", Set.of("min_angstrom", "radius_ratio"));
            c.minDistanceAngstrom = num(d, "min_angstrom", c.minDistanceAngstrom, "screening.distance.min_angstrom");
            c.radiusRatio = num(d, "radius_ratio", c.radiusRatio, "screening.distance.radius_ratio");
            JsonNode ch = s.path("charge");
            known(ch, "screening.charge", Set.of("include_alloys", "electronegativity_order", "all_oxidation_states"));
            c.chargeAllOxidationStates = bool(
                    ch, "all_oxidation_states", c.chargeAllOxidationStates, "screening.charge.all_oxidation_states");
            c.chargeIncludeAlloys =
                    bool(ch, "include_alloys", c.chargeIncludeAlloys, "screening.charge.include_alloys");
            c.chargeElectronegativityOrder = bool(
                    ch,
                    "electronegativity_order",
                    c.chargeElectronegativityOrder,
                    "screening.charge.electronegativity_order");
            JsonNode sg = s.path("spacegroup");
            known(
                    sg,
                    "screening.spacegroup",
                    Set.of("tolerance_angstrom", "spglib", "symprec", "spglib_library", "spglib_every_candidate"));
            c.spglibEveryCandidate = bool(
                    sg,
                    "spglib_every_candidate",
                    c.spglibEveryCandidate,
                    "screening.spacegroup.spglib_every_candidate");
            c.symmetryToleranceAngstrom = num(
                    sg, "tolerance_angstrom", c.symmetryToleranceAngstrom, "screening.spacegroup.tolerance_angstrom");
            c.symprec = num(sg, "symprec", c.symprec, "screening.spacegroup.symprec");
            if (sg.has("spglib")) {
                JsonNode n = sg.get("spglib");
                // YAML 1.1 reads a bare off/on as a boolean
                String v = n.isBoolean() ? (n.asBoolean() ? "auto" : "off") : n.asText();
                if (!Set.of("auto", "required", "off").contains(v)) {
                    throw bad("screening.spacegroup.spglib", "must be auto, required or off, not '" + v + "'");
                }
                c.spglib = v;
            }
            if (sg.hasNonNull("spglib_library")) {
                c.spglibLibrary = sg.get("spglib_library").asText();
            }
            JsonNode dup = s.path("duplicate");
            known(dup, "screening.duplicate", Set.of("tolerance", "store"));
            c.duplicateTolerance = num(dup, "tolerance", c.duplicateTolerance, "screening.duplicate.tolerance");
            if (dup.hasNonNull("store")) {
                c.duplicateStore = base.resolve(dup.get("store").asText());
            }
            JsonNode nov = s.path("novelty");
            known(nov, "screening.novelty", Set.of("builtin", "folders", "tolerance"));
            c.noveltyBuiltin = bool(nov, "builtin", c.noveltyBuiltin, "screening.novelty.builtin");
            c.noveltyTolerance = num(nov, "tolerance", c.noveltyTolerance, "screening.novelty.tolerance");
            if (nov.has("folders")) {
                for (JsonNode p : nov.get("folders")) {
                    c.noveltyFolders.add(base.resolve(p.asText()));
                }
            }
            c.keepRejected = bool(s, "keep_rejected", c.keepRejected, "screening.keep_rejected");
        }

        private void known(JsonNode n, String where, Set<String> keys) {
            ConfigKeys.requireKnown(file, where, n, new TreeSet<>(keys), ScreeningConfigException::new);
        }

        private double num(JsonNode n, String key, double def, String where) {
            JsonNode v = n.get(key);
            if (v == null || v.isNull()) {
                return def;
            }
            if (!v.isNumber()) {
                throw bad(where, "must be a number, not '" + v.asText() + "'");
            }
            return v.asDouble();
        }

        private boolean bool(JsonNode n, String key, boolean def, String where) {
            JsonNode v = n.get(key);
            if (v == null || v.isNull()) {
                return def;
            }
            if (!v.isBoolean()) {
                throw bad(where, "must be true or false, not '" + v.asText() + "'");
            }
            return v.asBoolean();
        }

        private ScreeningConfigException bad(String key, String problem) {
            return new ScreeningConfigException(file + ": " + key + ": " + problem);
        }
    }
}
