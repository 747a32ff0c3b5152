package org.xtalflow.gpaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.vasp.inputs.BundleManifest;
import org.xtalflow.vasp.inputs.Kpoints;

/**
 * The open engine's input set, stated in one yaml like pymatgen's MPRelaxSet: functional, PAW
 * setups, plane-wave cutoff, k-point density per reciprocal atom, smearing, spin-polarisation rule,
 * SCF thresholds, relaxation (cell and positions, force threshold, steps). Bundled sets live under
 * {@code /xtalflow/dft/gpaw/} ({@code relax} = GpawRelaxSet, {@code test} = GpawTestSet); a user's
 * yaml of the same schema may name a bundled {@code PARENT}.
 *
 * <p>{@link #settingsHash()} covers exactly the {@link #LOCKED} physics (xc, setups, ecut_ev,
 * kpoint_density, smearing, spin): two energies may share a hull only when these hashes are equal.
 * {@link #withOverrides} (the corrections' way in) refuses a change to a locked key.
 */
public final class GpawInputSet {

    /** Keys whose change changes the energy scale: never altered by a correction. */
    public static final List<String> LOCKED = List.of("xc", "setups", "ecut_ev", "kpoint_density", "smearing", "spin");

    static final List<String> KEYS = List.of(
            "PARENT",
            "name",
            "xc",
            "setups",
            "ecut_ev",
            "kpoint_density",
            "smearing",
            "spin",
            "scf",
            "relax",
            "final_static",
            "molecule");
    private static final String RESOURCE_DIR = "/xtalflow/dft/gpaw/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public enum SpinRule {
        MAGNETIC_ELEMENTS,
        ALWAYS,
        NEVER
    }

    private final String source;
    private final ObjectNode tree;

    private GpawInputSet(String source, ObjectNode tree) {
        this.source = source;
        this.tree = tree;
        validate();
    }

    /** A bundled set: "relax" (GpawRelaxSet), "test" (GpawTestSet) or a file stem under /xtalflow/dft/gpaw/. */
    public static GpawInputSet bundled(String name) {
        String stem = alias(name);
        return new GpawInputSet(RESOURCE_DIR + stem + ".yaml", load(stem, null, 0));
    }

    /** A user's set file; its PARENT may be a bundled set or a sibling file. */
    public static GpawInputSet fromFile(Path file) {
        return new GpawInputSet(
                file.toString(), load(file.toString(), file.toAbsolutePath().getParent(), 0));
    }

    /** "relax", "test", a bundled stem, or a path to a yaml file. */
    public static GpawInputSet named(String nameOrFile) {
        return nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml")
                ? fromFile(Path.of(nameOrFile))
                : bundled(nameOrFile);
    }

    private static String alias(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "relax", "gpawrelaxset" -> "GpawRelaxSet";
            case "test", "gpawtestset" -> "GpawTestSet";
            default -> name;
        };
    }

    private static ObjectNode load(String nameOrFile, Path dir, int depth) {
        if (depth > 8) {
            throw new BadInputException(nameOrFile, 0, "PARENT chain longer than 8 (a cycle?)");
        }
        ObjectNode node;
        Path file =
                dir == null ? null : (Path.of(nameOrFile).isAbsolute() ? Path.of(nameOrFile) : dir.resolve(nameOrFile));
        try {
            if (file != null && Files.isRegularFile(file)) {
                node = asObject(YAML.readTree(file.toFile()), file.toString());
            } else {
                String res = RESOURCE_DIR + alias(nameOrFile.replaceFirst("\\.ya?ml$", "")) + ".yaml";
                try (InputStream in = GpawInputSet.class.getResourceAsStream(res)) {
                    if (in == null) {
                        throw new BadInputException(
                                nameOrFile, 0, "no such GPAW input set (bundled: relax, test; or a yaml file)");
                    }
                    node = asObject(YAML.readTree(in), res);
                }
            }
        } catch (IOException e) {
            throw new BadInputException(nameOrFile, 0, "cannot read GPAW input set: " + e.getMessage(), e);
        }
        String where = file != null && Files.isRegularFile(file) ? file.toString() : nameOrFile;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new BadInputException(where, 0, "unknown key '" + k + "' (known: " + KEYS + ")");
            }
        }
        JsonNode parent = node.remove("PARENT");
        if (parent == null) {
            return node;
        }
        ObjectNode base = load(parent.asText(), dir, depth + 1);
        merge(base, node);
        return base;
    }

    private static ObjectNode asObject(JsonNode n, String where) {
        if (n == null || !n.isObject()) {
            throw new BadInputException(where, 0, "a GPAW input set is a yaml mapping");
        }
        return (ObjectNode) n;
    }

    /** Child values replace the parent's; mappings merge key by key (also a correction's changes). */
    static void merge(ObjectNode base, JsonNode child) {
        child.properties().iterator().forEachRemaining(e -> {
            JsonNode b = base.get(e.getKey());
            if (b != null && b.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) b, e.getValue());
            } else {
                base.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    private void validate() {
        for (String k :
                List.of("name", "xc", "setups", "ecut_ev", "kpoint_density", "smearing", "spin", "scf", "relax")) {
            if (!tree.hasNonNull(k)) {
                throw new BadInputException(source, 0, "GPAW input set lacks '" + k + "'");
            }
        }
        positive("ecut_ev", ecutEv());
        positive("kpoint_density", kpointDensity());
        positive("smearing.width_ev", smearingWidthEv());
        if (!Set.of("fermi-dirac", "methfessel-paxton").contains(smearingName())) {
            throw new BadInputException(
                    source, 0, "smearing.name '" + smearingName() + "' (known: fermi-dirac, methfessel-paxton)");
        }
        spinRule();
        for (String k : List.of("energy_ev_per_electron", "density", "eigenstates", "maxiter")) {
            positive("scf." + k, tree.path("scf").path(k).asDouble(-1));
        }
        JsonNode mixer = tree.path("scf").path("mixer");
        if (!mixer.isMissingNode() && !mixer.isNull()) {
            // optional: GPAW's own default (beta 0.05, 5 old densities, weight 50) when absent
            double beta = mixer.path("beta").asDouble(-1);
            if (!(beta > 0 && beta <= 1)) {
                throw new BadInputException(source, 0, "scf.mixer.beta must be in (0, 1], got " + mixer.path("beta"));
            }
            if (mixer.path("nmaxold").asInt(-1) < 1) {
                throw new BadInputException(source, 0, "scf.mixer.nmaxold must be a whole number >= 1");
            }
            positive("scf.mixer.weight", mixer.path("weight").asDouble(-1));
        }
        positive("relax.fmax_ev_per_a", fmaxEvPerA());
        if (tree.path("relax").path("max_steps").asInt(-1) < 0) {
            throw new BadInputException(source, 0, "relax.max_steps must be >= 0");
        }
        if (!Set.of("exp", "unit")
                .contains(tree.path("relax").path("cell_filter").asText("exp"))) {
            throw new BadInputException(source, 0, "relax.cell_filter must be exp or unit");
        }
        if (!Set.of("bfgs", "lbfgs", "fire")
                .contains(tree.path("relax").path("optimizer").asText("bfgs"))) {
            throw new BadInputException(source, 0, "relax.optimizer must be bfgs, lbfgs or fire");
        }
        tree.path("spin").path("initial_moments").fieldNames().forEachRemaining(el -> {
            if (!Element.isSymbol(el)) {
                throw new BadInputException(source, 0, "spin.initial_moments: '" + el + "' is not an element");
            }
        });
    }

    private void positive(String key, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new BadInputException(source, 0, key + " must be a positive number, got " + v);
        }
    }

    public String name() {
        return tree.path("name").asText();
    }

    /** Where the set came from (resource or file), for messages. */
    public String source() {
        return source;
    }

    public String xc() {
        return tree.path("xc").asText();
    }

    public String setups() {
        return tree.path("setups").asText();
    }

    /** Plane-wave cutoff, eV. */
    public double ecutEv() {
        return tree.path("ecut_ev").asDouble();
    }

    /** k-points per reciprocal atom (pymatgen's kppa). */
    public int kpointDensity() {
        return tree.path("kpoint_density").asInt();
    }

    public String smearingName() {
        return tree.path("smearing").path("name").asText("fermi-dirac");
    }

    public double smearingWidthEv() {
        return tree.path("smearing").path("width_ev").asDouble();
    }

    public SpinRule spinRule() {
        String r = tree.path("spin").path("rule").asText("magnetic_elements");
        try {
            return SpinRule.valueOf(r.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source, 0, "spin.rule '" + r + "' (known: magnetic_elements, always, never)");
        }
    }

    /** Force threshold of the relaxation, eV/Å. */
    public double fmaxEvPerA() {
        return tree.path("relax").path("fmax_ev_per_a").asDouble();
    }

    public int maxRelaxSteps() {
        return tree.path("relax").path("max_steps").asInt();
    }

    public int scfMaxIterations() {
        return tree.path("scf").path("maxiter").asInt();
    }

    /** Edge of the vacuum box for molecular references, Å (the box is a × (a+0.5) × (a+1)). */
    public double moleculeBoxA() {
        return tree.path("molecule").path("box_a").asDouble(10.0);
    }

    /** The whole set as a tree (a copy). */
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    /**
     * SHA-256 (hex) of the engine name and the {@link #LOCKED} keys as canonical JSON: equal for two
     * sets whose energies are comparable, different otherwise. SCF and relaxation thresholds are not
     * part of it (a correction may change them).
     */
    public String settingsHash() {
        ObjectNode o = JSON.createObjectNode();
        o.put("engine", "gpaw");
        for (String k : LOCKED) {
            o.set(k, tree.get(k));
        }
        try {
            Object canonical = JSON.treeToValue(o, Object.class);
            return BundleManifest.sha256(JSON.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * This set with changes in the same schema (a correction's scf/relax changes). A change to a
     * {@link #LOCKED} key is refused: the message names the key.
     */
    public GpawInputSet withOverrides(Map<String, ?> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return this;
        }
        ObjectNode change = JSON.valueToTree(overrides);
        for (Iterator<String> it = change.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (LOCKED.contains(k) && !change.get(k).equals(tree.get(k))) {
                throw new GpawException(
                        "GPAW input set " + name() + ": '" + k + "' is locked (it sets the energy scale; "
                                + "changing it would make the energy incomparable with the references): " + overrides);
            }
            if (!KEYS.contains(k) || k.equals("PARENT")) {
                throw new GpawException(
                        "GPAW input set " + name() + ": unknown key '" + k + "' in overrides " + overrides);
            }
        }
        ObjectNode copy = tree.deepCopy();
        merge(copy, change);
        return new GpawInputSet(source + " with " + overrides, copy);
    }

    /** The settings of a periodic crystal: cell and positions relaxed, k-mesh by density. */
    public GpawJobSettings forCrystal(Structure structure) {
        Kpoints k = Kpoints.automaticDensity(structure, kpointDensity(), true);
        boolean spin = switch (spinRule()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case MAGNETIC_ELEMENTS ->
                structure.composition().elements().stream().anyMatch(e -> moment(e) != null);
        };
        Map<String, Double> moments = new TreeMap<>();
        for (Element e : structure.composition().elements()) {
            Double m = moment(e);
            moments.put(e.symbol(), m == null ? (spinRule() == SpinRule.ALWAYS ? defaultMoment() : 0.0) : m);
        }
        return settings(
                structure,
                k.mesh(),
                spin,
                moments,
                tree.path("relax").path("cell").asBoolean(true));
    }

    /**
     * The settings of a molecule in a vacuum box (O2, N2, F2, ... as elemental references): Γ point
     * only, positions relaxed in a fixed box, always spin-polarised (O2 is a triplet), one Bohr
     * magneton per atom to start unless the spin table says otherwise.
     */
    public GpawJobSettings forMolecule(Structure boxed) {
        Map<String, Double> moments = new TreeMap<>();
        for (Element e : boxed.composition().elements()) {
            Double m = moment(e);
            moments.put(e.symbol(), m == null ? 1.0 : m);
        }
        return settings(boxed, new int[] {1, 1, 1}, true, moments, false);
    }

    private Double moment(Element e) {
        JsonNode m = tree.path("spin").path("initial_moments").get(e.symbol());
        return m == null ? null : m.asDouble();
    }

    private double defaultMoment() {
        return tree.path("spin").path("default_moment").asDouble(0.6);
    }

    private GpawJobSettings settings(
            Structure s, int[] mesh, boolean spin, Map<String, Double> moments, boolean relaxCell) {
        ObjectNode o = JSON.createObjectNode();
        o.put("input_set", name());
        o.put("settings_hash", settingsHash());
        o.put("xc", xc());
        o.put("setups", setups());
        o.put("ecut_ev", ecutEv());
        o.put("kpoint_density", kpointDensity());
        ObjectNode k = o.putObject("kpoints");
        k.putArray("mesh").add(mesh[0]).add(mesh[1]).add(mesh[2]);
        k.put("gamma", true);
        o.set("smearing", tree.get("smearing").deepCopy());
        o.put("spinpol", spin);
        if (spin) {
            ObjectNode m = o.putObject("initial_magmoms_by_element");
            moments.forEach(m::put);
        }
        o.set("scf", tree.get("scf").deepCopy());
        ObjectNode relax = (ObjectNode) tree.get("relax").deepCopy();
        relax.put("cell", relaxCell);
        o.set("relax", relax);
        o.put("final_static", tree.path("final_static").asBoolean(true));
        o.put("deadline_margin_s", 60);
        return new GpawJobSettings(name(), settingsHash(), s.size(), mesh, spin, o);
    }

    /** The set's values for messages and reports, sorted by key. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new TreeMap<>();
        for (String k : LOCKED) {
            m.put(
                    k,
                    tree.get(k).isValueNode()
                            ? tree.get(k).asText()
                            : tree.get(k).toString());
        }
        m.put("name", name());
        return m;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "GpawInputSet %s (%s, %.0f eV, %d k/atom, %s %.3f eV, spin %s)",
                name(),
                xc(),
                ecutEv(),
                kpointDensity(),
                smearingName(),
                smearingWidthEv(),
                spinRule().name().toLowerCase(Locale.ROOT));
    }
}
