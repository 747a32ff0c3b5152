package org.xtalflow.vasp.inputs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xtalflow.crystal.io.BadInputException;

/**
 * The settings of one input set, in pymatgen's yaml schema: {@code INCAR} (tags, with EDIFF_PER_ATOM,
 * MAGMOM as a species → moment map and LDAUU/LDAUJ/LDAUL keyed by anion then metal),
 * {@code KPOINTS.reciprocal_density}, {@code POTCAR_FUNCTIONAL}, {@code POTCAR} (element → symbol),
 * plus xtalflow's {@code INCAR_UPDATES} (tags forced after the INCAR rules ran, for derived sets such
 * as static). {@code PARENT} names a bundled yaml (or a sibling file) whose sections this one extends.
 *
 * <p>Bundled sets live under {@code /xtalflow/vasp/} (copied from pymatgen, see SOURCE.md there).
 */
public final class InputSetConfig {

    private static final String RESOURCE_DIR = "/xtalflow/vasp/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Map<String, Object>> BUNDLED = new ConcurrentHashMap<>();

    private final String name;
    private final Map<String, Object> incar;
    private final Map<String, Object> incarUpdates;
    private final int reciprocalDensity;
    private final String potcarFunctional;
    private final Map<String, String> potcarSymbols;

    private InputSetConfig(
            String name,
            Map<String, Object> incar,
            Map<String, Object> incarUpdates,
            int reciprocalDensity,
            String potcarFunctional,
            Map<String, String> potcarSymbols) {
        this.name = name;
        this.incar = Collections.unmodifiableMap(new LinkedHashMap<>(incar));
        this.incarUpdates = Collections.unmodifiableMap(new LinkedHashMap<>(incarUpdates));
        this.reciprocalDensity = reciprocalDensity;
        this.potcarFunctional = potcarFunctional;
        this.potcarSymbols = Collections.unmodifiableMap(new LinkedHashMap<>(potcarSymbols));
    }

    /** A bundled set by file stem: "MPRelaxSet", "MPStaticSet" (also "relax", "static"). */
    public static InputSetConfig bundled(String name) {
        String stem = alias(name);
        return fromMap(stem, loadTree(stem, null, 0));
    }

    private static String alias(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "relax" -> "MPRelaxSet";
            case "static" -> "MPStaticSet";
            default -> name;
        };
    }

    /** A user set file (yaml, same schema); its PARENT may be a bundled set or a sibling file. */
    public static InputSetConfig fromFile(Path file) {
        String stem = stripYamlSuffix(file.getFileName().toString());
        return fromMap(stem, loadTree(file.toString(), file.toAbsolutePath().getParent(), 0));
    }

    /**
     * This set with user overrides in the same schema: INCAR tags replace the set's (a null value
     * removes the tag, as pymatgen's user_incar_settings), KPOINTS.reciprocal_density and POTCAR
     * symbols replace theirs, INCAR_UPDATES are added.
     */
    public InputSetConfig withOverrides(Map<String, Object> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return this;
        }
        Map<String, Object> tree = toTree();
        merge(tree, overrides, "overrides of " + name);
        return fromMap(name, tree);
    }

    private Map<String, Object> toTree() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("INCAR", new LinkedHashMap<>(incar));
        t.put("INCAR_UPDATES", new LinkedHashMap<>(incarUpdates));
        t.put("KPOINTS", new LinkedHashMap<>(Map.of("reciprocal_density", reciprocalDensity)));
        t.put("POTCAR_FUNCTIONAL", potcarFunctional);
        t.put("POTCAR", new LinkedHashMap<>(potcarSymbols));
        return t;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> loadTree(String nameOrFile, Path dir, int depth) {
        if (depth > 8) {
            throw new BadInputException(nameOrFile, 0, "PARENT chain deeper than 8 (a cycle?)");
        }
        Map<String, Object> own;
        Path file = dir == null ? null : dir.resolve(nameOrFile.endsWith(".yaml") ? nameOrFile : nameOrFile + ".yaml");
        Path asGiven = Path.of(nameOrFile);
        try {
            if (depth == 0 && dir != null) {
                own = read(Files.newInputStream(asGiven), nameOrFile);
            } else if (file != null && Files.isRegularFile(file)) {
                own = read(Files.newInputStream(file), file.toString());
            } else {
                own = new LinkedHashMap<>(bundledTree(nameOrFile, file));
            }
        } catch (IOException e) {
            throw new BadInputException(nameOrFile, 0, "cannot read input set: " + e.getMessage(), e);
        }
        Object parent = own.remove("PARENT");
        if (parent == null) {
            return own;
        }
        String parentName = parent.toString();
        if (!isSetName(parentName)) {
            // a bundled set or a sibling file by name: never a path out of the set's folder
            throw new BadInputException(
                    nameOrFile,
                    0,
                    "PARENT '" + abbreviate(parentName)
                            + "' is not a set name (a bundled set or a file beside this one, letters, digits, . _ -)");
        }
        Map<String, Object> tree = loadTree(alias(parentName), dir, depth + 1);
        merge(tree, own, nameOrFile);
        return tree;
    }

    /** {@code name} without a final {@code .yaml} or {@code .yml}. */
    private static String stripYamlSuffix(String name) {
        if (name.endsWith(".yaml")) return name.substring(0, name.length() - 5);
        if (name.endsWith(".yml")) return name.substring(0, name.length() - 4);
        return name;
    }

    /** Letters, digits, '.', '_' and '-', not starting with '.' (a bundled set or a sibling file). */
    private static boolean isSetName(String name) {
        if (name.isEmpty() || name.charAt(0) == '.') return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z'
                    || c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9'
                    || c == '_'
                    || c == '.'
                    || c == '-';
            if (!ok) return false;
        }
        return true;
    }

    /**
     * A bundled set's own sections as parsed from its resource, parsed once per JVM (the resources
     * cannot change under it). Read-only at every depth: {@link #merge} copies what it changes.
     */
    private static Map<String, Object> bundledTree(String name, Path triedFile) throws IOException {
        Map<String, Object> cached = BUNDLED.get(name);
        if (cached != null) return cached;
        InputStream in = InputSetConfig.class.getResourceAsStream(RESOURCE_DIR + name + ".yaml");
        if (in == null) {
            throw new BadInputException(
                    name,
                    0,
                    "no such input set: not a bundled set (MPRelaxSet, MPStaticSet, " + "relax, static)"
                            + (triedFile == null ? "" : " and no file " + triedFile));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> frozen = (Map<String, Object>) readOnly(read(in, RESOURCE_DIR + name + ".yaml"));
        BUNDLED.putIfAbsent(name, frozen);
        return frozen;
    }

    /** A read-only copy of a parsed YAML value, at every depth: the cached sets are shared. */
    private static Object readOnly(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(k, readOnly(x)));
            return Collections.unmodifiableMap(copy);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(x -> copy.add(readOnly(x)));
            return Collections.unmodifiableList(copy);
        }
        return v;
    }

    private static String abbreviate(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder b = new StringBuilder();
        t.codePoints().forEach(c -> b.append(c < 0x20 || c == 0x7f ? "?" : Character.toString(c)));
        return b.toString();
    }

    private static Map<String, Object> read(InputStream in, String where) throws IOException {
        try (in) {
            Object o = YAML.readValue(in, Object.class);
            if (o == null) {
                return new LinkedHashMap<>();
            }
            if (!(o instanceof Map<?, ?> m)) {
                throw new BadInputException(where, 0, "an input set is a yaml mapping (INCAR, KPOINTS, POTCAR ...)");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) m);
            return map;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new BadInputException(where, line, "malformed yaml: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Child sections extend the parent's: each tag in a child section replaces the parent's tag
     * (so a child LDAUU replaces the whole LDAUU table); scalars replace. Child wins on conflicts
     * (pymatgen 2022 lets the parent win, which never matters for the bundled sets).
     */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> base, Map<String, Object> child, String where) {
        for (Map.Entry<String, Object> e : child.entrySet()) {
            String section = e.getKey();
            Object v = e.getValue();
            if (section.equals("INCAR")
                    && v instanceof Map<?, ?> tags
                    && base.get("INCAR_UPDATES") instanceof Map<?, ?> updates) {
                // a tag set explicitly by the child wins over the parent's forced updates
                Map<String, Object> kept = new LinkedHashMap<>((Map<String, Object>) updates);
                for (Object tag : tags.keySet()) {
                    kept.remove(String.valueOf(tag).toUpperCase(Locale.ROOT));
                }
                base.put("INCAR_UPDATES", kept);
            }
            if (v instanceof Map<?, ?> m && base.get(section) instanceof Map<?, ?> old) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) old);
                for (Map.Entry<?, ?> t : m.entrySet()) {
                    merged.put(String.valueOf(t.getKey()), t.getValue());
                }
                base.put(section, merged);
            } else {
                base.put(section, v);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static InputSetConfig fromMap(String name, Map<String, Object> tree) {
        for (String key : tree.keySet()) {
            if (!key.equals("INCAR")
                    && !key.equals("INCAR_UPDATES")
                    && !key.equals("KPOINTS")
                    && !key.equals("POTCAR_FUNCTIONAL")
                    && !key.equals("POTCAR")) {
                throw new BadInputException(
                        name,
                        0,
                        "unknown input-set section '" + key
                                + "' (known: PARENT, INCAR, INCAR_UPDATES, KPOINTS, POTCAR_FUNCTIONAL, POTCAR)");
            }
        }
        Map<String, Object> incar = new LinkedHashMap<>();
        if (tree.get("INCAR") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> incar.put(String.valueOf(k).toUpperCase(Locale.ROOT), v));
        }
        Map<String, Object> updates = new LinkedHashMap<>();
        if (tree.get("INCAR_UPDATES") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> updates.put(String.valueOf(k).toUpperCase(Locale.ROOT), v));
        }
        int rho = 0;
        if (tree.get("KPOINTS") instanceof Map<?, ?> k) {
            Object r = k.get("reciprocal_density");
            if (r != null) {
                if (!(r instanceof Number num) || num.doubleValue() <= 0) {
                    throw new BadInputException(
                            name, 0, "KPOINTS.reciprocal_density must be a positive number, got " + r);
                }
                rho = num.intValue();
            }
            for (Object key : k.keySet()) {
                if (!"reciprocal_density".equals(key)) {
                    throw new BadInputException(
                            name, 0, "KPOINTS." + key + " is not supported (use reciprocal_density)");
                }
            }
        }
        if (rho <= 0) {
            throw new BadInputException(name, 0, "the input set has no KPOINTS.reciprocal_density");
        }
        Object functional = tree.getOrDefault("POTCAR_FUNCTIONAL", "PBE");
        Map<String, String> potcar = new LinkedHashMap<>();
        if (tree.get("POTCAR") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> potcar.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        }
        potcar.values().removeIf(v -> v == null);
        return new InputSetConfig(name, incar, updates, rho, String.valueOf(functional), potcar);
    }

    public String name() {
        return name;
    }

    /** INCAR settings as in the yaml (EDIFF_PER_ATOM, MAGMOM map and LDAU tables unresolved). */
    public Map<String, Object> incarSettings() {
        return incar;
    }

    /** Tags forced after the INCAR rules (e.g. NSW 0 for a static run). */
    public Map<String, Object> incarUpdates() {
        return incarUpdates;
    }

    /** k-points per Å⁻³ of reciprocal-cell volume. */
    public int reciprocalDensity() {
        return reciprocalDensity;
    }

    /** POTCAR functional, e.g. "PBE" or "PBE_54". */
    public String potcarFunctional() {
        return potcarFunctional;
    }

    /** Element symbol → POTCAR symbol (e.g. Fe → Fe_pv). */
    public Map<String, String> potcarSymbols() {
        return potcarSymbols;
    }
}
