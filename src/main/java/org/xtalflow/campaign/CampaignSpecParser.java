package org.xtalflow.campaign;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.generate.Generators;
import org.xtalflow.generate.LatticePattern;
import org.xtalflow.generate.PgcgmTables;
import org.xtalflow.screen.ScreeningConfig;

/**
 * Reads an inbox file into a {@link CampaignSpec}. Two forms:
 * <ul>
 *   <li>plain text: one chemical system per line, elements separated by spaces and/or commas
 *       ("Ba Ru O", "Ba,Ru,O"); {@code #} starts a comment;</li>
 *   <li>YAML or JSON (file ending .yaml/.yml/.json, or text starting with '{' or a known key):
 *       {@code elements} (one system) or {@code systems} (list of strings or lists),
 *       {@code space_groups} (numbers or symbols), {@code samples}, {@code generator},
 *       {@code screening} (max_sites, min_distance_angstrom, radius_ratio, filters), {@code input_set}, {@code cluster}, {@code priority}, {@code name},
 *       {@code seed} (sampling seed, an integer 0..2^63-1; default: conf's
 *       {@code application.defaults.seed}, else derived from the campaign id).</li>
 * </ul>
 * Every problem raises {@link BadInputException} with the file, the line and what is wrong:
 * unknown element, an element outside the PGCGM model's table (for the model's generators),
 * duplicate element or system, wrong element count for the generator, unknown space group or one
 * the generators cannot make (1-15: monoclinic and triclinic angles are not fixed by symmetry),
 * unknown generator, unknown cluster, unknown key, bad number. Nothing half-read is returned.
 */
public final class CampaignSpecParser {

    private static final Set<String> KEYS = Set.of(
            "name",
            "elements",
            "systems",
            "space_groups",
            "spacegroups",
            "samples",
            "generator",
            "screening",
            "input_set",
            "cluster",
            "priority",
            "seed",
            "engine");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final CampaignDefaults defaults;

    /** What an inbox spec may give as input_set: a bundled set or a file directly under templates/vasp/. */
    private static final java.util.regex.Pattern INPUT_SET = java.util.regex.Pattern.compile(
            "(?i:relax|static|test|MPRelaxSet|MPStaticSet)|templates/(vasp|gpaw)/[A-Za-z0-9_-][A-Za-z0-9._-]*\\.ya?ml");

    public CampaignSpecParser(CampaignDefaults defaults) {
        this.defaults = defaults;
    }

    /**
     * Parses one inbox file.
     *
     * @param fileName the file's name (used to choose the format and in messages)
     * @param content  the file's text
     */
    public CampaignSpec parse(String fileName, String content) {
        return parse(fileName, content, null);
    }

    /**
     * As {@link #parse(String, String)}; {@code generator} (may be null) is the generator the
     * caller will use (the command line's {@code --generator}): it replaces a spec file's own
     * {@code generator:}, and its element table and count are the ones checked and named (the
     * random baseline takes any element). The caller checks that it is a known generator.
     */
    public CampaignSpec parse(String fileName, String content, String generator) {
        if (content == null || content.isBlank()) {
            throw new BadInputException(
                    fileName, 0, "empty file: expected element lists such as 'Ba Ru O' or a YAML/JSON campaign spec");
        }
        return looksStructured(fileName, content)
                ? parseStructured(fileName, content, generator)
                : parseText(fileName, content, generator != null ? generator : defaults.generator());
    }

    private static boolean looksStructured(String fileName, String content) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json")) {
            return true;
        }
        // String.lines(), not split("\\R"): no regex over the whole file (quadratic under the fuzzer's hooks)
        for (java.util.Iterator<String> it = content.lines().iterator(); it.hasNext(); ) {
            String t = stripComment(it.next()).strip();
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("{")) {
                return true;
            }
            int colon = t.indexOf(':');
            return colon > 0 && KEYS.contains(t.substring(0, colon).strip().toLowerCase(Locale.ROOT));
        }
        return false;
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash >= 0 ? line.substring(0, hash) : line;
    }

    // ---------------------------------------------------------------- plain text

    private CampaignSpec parseText(String fileName, String content, String generator) {
        List<List<String>> systems = new ArrayList<>();
        Map<Set<String>, Integer> seen = new HashMap<>();
        String[] lines = content.lines().toArray(String[]::new);
        for (int i = 0; i < lines.length; i++) {
            String t = stripComment(lines[i]).strip();
            if (t.isEmpty()) {
                continue;
            }
            List<String> tokens = new ArrayList<>();
            for (String tok : t.split("[\\s,;]+")) {
                if (!tok.isEmpty()) {
                    tokens.add(tok);
                }
            }
            systems.add(checkSystem(fileName, i + 1, tokens, generator, seen));
        }
        if (systems.isEmpty()) {
            throw new BadInputException(fileName, 0, "no chemical system found (only comments or blank lines)");
        }
        return new CampaignSpec(
                baseName(fileName),
                systems,
                List.of(),
                defaults.samples(),
                defaults.generator(),
                Map.of(),
                defaults.inputSet(),
                null,
                defaults.priority(),
                fileName,
                defaults.seed());
    }

    private List<String> checkSystem(
            String file, int line, List<String> symbols, String generator, Map<Set<String>, Integer> seen) {
        List<String> out = new ArrayList<>();
        Set<String> set = new HashSet<>();
        for (String s : symbols) {
            if (!Element.isSymbol(s)) {
                String hint = Element.isSymbol(capitalise(s)) ? " (did you mean '" + capitalise(s) + "'?)" : "";
                throw new BadInputException(file, line, "unknown element '" + s + "'" + hint);
            }
            if (!set.add(s)) {
                throw new BadInputException(
                        file, line, "duplicate element '" + s + "' in system " + String.join(" ", symbols));
            }
            if (usesPgcgmTable(generator) && !PgcgmTables.get().hasFeatures(Element.of(s))) {
                throw new BadInputException(
                        file,
                        line,
                        "element " + s + " is not one of the "
                                + PgcgmTables.get().elements().size()
                                + " elements the " + Generators.DEFAULT_MODEL + " model knows: "
                                + String.join(
                                        " ",
                                        PgcgmTables.get().elements().stream()
                                                .map(Element::symbol)
                                                .toList())
                                + " (the random baseline takes any element: --generator random, or generator:"
                                + " random in a campaign file)");
            }
            out.add(s);
        }
        Integer need = defaults.elementsPerGenerator().get(generator);
        if (need != null && out.size() != need) {
            throw new BadInputException(
                    file,
                    line,
                    "wrong element count: " + out.size() + " (" + String.join(" ", symbols) + ") but generator '"
                            + generator + "' takes exactly " + need);
        }
        if (out.isEmpty()) {
            throw new BadInputException(file, line, "empty chemical system");
        }
        Integer first = seen.putIfAbsent(new TreeSet<>(set), line);
        if (first != null) {
            throw new BadInputException(
                    file, line, "duplicate system " + String.join("-", out) + " (already on line " + first + ")");
        }
        return out;
    }

    /** The shipped model and model folders condition on PGCGM's element features; the random baseline does not. */
    private static boolean usesPgcgmTable(String generator) {
        return generator == null || !generator.equals("random");
    }

    private static String capitalise(String s) {
        return s.isEmpty()
                ? s
                : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    private static String baseName(String fileName) {
        String n = fileName.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    // ---------------------------------------------------------------- YAML / JSON

    private CampaignSpec parseStructured(String fileName, String content, String generatorOverride) {
        JsonNode root;
        Map<String, Integer> lines;
        try {
            root = YAML.readTree(content);
            lines = lineIndex(content);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNr() : 0;
            throw new BadInputException(fileName, line, "not valid YAML/JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException(fileName, 0, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(fileName, 1, "expected a mapping with 'elements' or 'systems'");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new BadInputException(
                        fileName,
                        lines.getOrDefault(k, 0),
                        "unknown key '" + k + "'; expected one of " + new TreeSet<>(KEYS));
            }
        }
        String own = text(root, "generator", defaults.generator(), fileName, lines);
        // the caller's generator replaces the file's (so the file's is not the one checked)
        String generator = generatorOverride != null ? generatorOverride : own;
        if (generatorOverride == null
                && !defaults.elementsPerGenerator().isEmpty()
                && !defaults.elementsPerGenerator().containsKey(generator)) {
            throw new BadInputException(
                    fileName,
                    lines.getOrDefault("generator", 0),
                    "unknown generator '" + generator + "'; known: "
                            + new TreeSet<>(defaults.elementsPerGenerator().keySet()));
        }
        List<List<String>> systems = new ArrayList<>();
        Map<Set<String>, Integer> seen = new HashMap<>();
        if (root.has("elements") && root.has("systems")) {
            throw new BadInputException(
                    fileName,
                    lines.getOrDefault("systems", 0),
                    "give either 'elements' (one system) or 'systems', not both");
        }
        if (root.has("elements")) {
            systems.add(checkSystem(
                    fileName,
                    lines.getOrDefault("elements", 0),
                    symbols(root.get("elements"), fileName, lines.getOrDefault("elements", 0)),
                    generator,
                    seen));
        } else if (root.has("systems")) {
            JsonNode sys = root.get("systems");
            if (!sys.isArray()) {
                throw new BadInputException(fileName, lines.getOrDefault("systems", 0), "'systems' must be a list");
            }
            for (int i = 0; i < sys.size(); i++) {
                int line = lines.getOrDefault("systems[" + i + "]", lines.getOrDefault("systems", 0));
                systems.add(checkSystem(fileName, line, symbols(sys.get(i), fileName, line), generator, seen));
            }
        }
        if (systems.isEmpty()) {
            throw new BadInputException(
                    fileName, 1, "no chemical system: give 'elements: [Ba, Ru, O]' or 'systems: [...]'");
        }
        List<Integer> groups = new ArrayList<>();
        String sgKey = root.has("space_groups") ? "space_groups" : "spacegroups";
        if (root.has(sgKey)) {
            JsonNode sg = root.get(sgKey);
            List<JsonNode> items = new ArrayList<>();
            if (sg.isArray()) {
                sg.forEach(items::add);
            } else {
                items.add(sg);
            }
            Set<Integer> seenGroups = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                int line = lines.getOrDefault(sgKey + "[" + i + "]", lines.getOrDefault(sgKey, 0));
                String v = items.get(i).asText().strip();
                Optional<SpaceGroup> g = SpaceGroup.find(v);
                if (g.isEmpty()) {
                    throw new BadInputException(
                            fileName,
                            line,
                            "unknown space group '" + v + "' (give 1-230 or a Hermann-Mauguin symbol such as Fm-3m)");
                }
                if (!LatticePattern.supports(g.get())) {
                    // both generators decode lattices whose angles the group fixes: 1-15 would start and fail
                    throw new BadInputException(
                            fileName,
                            line,
                            "space group '" + v + "' (" + g.get().number() + ", "
                                    + g.get().crystalSystem()
                                    + ") cannot be generated: its cell angles are not fixed by symmetry (use 16-230)");
                }
                if (!seenGroups.add(g.get().number())) {
                    throw new BadInputException(
                            fileName, line, "duplicate space group " + g.get().number());
                }
                groups.add(g.get().number());
            }
        }
        int samples = integer(root, "samples", defaults.samples(), 1, Integer.MAX_VALUE, fileName, lines);
        if (samples > defaults.maxSamplesPerSystem()) {
            // generation runs in batches, but a campaign's size is still bounded by the conf's cap
            throw new BadInputException(
                    fileName,
                    lines.getOrDefault("samples", 0),
                    "'samples' = " + samples + " is above the maximum of " + defaults.maxSamplesPerSystem()
                            + " samples per system (application.generation.max_samples_per_system in"
                            + " conf/xtalflow.yaml); split the campaign or raise the maximum");
        }
        int priority = integer(root, "priority", defaults.priority(), -1000, 1000, fileName, lines);
        Long seed = seed(root.get("seed"), defaults.seed(), fileName, lines.getOrDefault("seed", 0));
        String inputSet = text(root, "input_set", defaults.inputSet(), fileName, lines);
        if (root.has("input_set") && !INPUT_SET.matcher(inputSet).matches()) {
            // a spec from the inbox names a set, never a path of its choosing (../../etc/passwd)
            throw new BadInputException(
                    fileName,
                    lines.getOrDefault("input_set", 0),
                    "input_set '"
                            + InboxFiles.printable(inputSet)
                            + "' is not a bundled set (relax, static, test, MPRelaxSet, MPStaticSet)"
                            + " or a set file templates/vasp/NAME.yaml or templates/gpaw/NAME.yaml");
        }
        String cluster = text(root, "cluster", null, fileName, lines);
        if (cluster != null && !defaults.clusters().contains(cluster)) {
            throw new BadInputException(
                    fileName,
                    lines.getOrDefault("cluster", 0),
                    "unknown cluster '" + cluster
                            + "'; configured clusters: "
                            + (defaults.clusters().isEmpty()
                                    ? "none (add one under 'clusters' in conf/xtalflow.yaml)"
                                    : new TreeSet<>(defaults.clusters())));
        }
        Map<String, Object> screening = new LinkedHashMap<>();
        if (root.has("screening")) {
            JsonNode s = root.get("screening");
            if (!s.isObject()) {
                throw new BadInputException(
                        fileName, lines.getOrDefault("screening", 0), "'screening' must be a mapping of options");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = s.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int line = lines.getOrDefault("screening", 0);
                switch (e.getKey()) {
                    case "max_sites" -> {
                        if (!e.getValue().canConvertToInt()
                                || !e.getValue().isIntegralNumber()
                                || e.getValue().asInt() < 1) {
                            throw new BadInputException(
                                    fileName,
                                    line,
                                    "screening.max_sites must be a positive integer, got '"
                                            + e.getValue().asText() + "'");
                        }
                        screening.put("max_sites", e.getValue().asInt());
                    }
                    case "min_distance_angstrom", "radius_ratio" -> {
                        if (!e.getValue().isNumber() || e.getValue().asDouble() <= 0) {
                            throw new BadInputException(
                                    fileName,
                                    line,
                                    "screening." + e.getKey() + " must be a positive number, got '"
                                            + e.getValue().asText() + "'");
                        }
                        screening.put(e.getKey(), e.getValue().asDouble());
                    }
                    case "filters" -> {
                        if (!e.getValue().isArray()) {
                            throw new BadInputException(
                                    fileName, line, "screening.filters must be a list of filter names");
                        }
                        List<String> names = new ArrayList<>();
                        for (JsonNode f : e.getValue()) {
                            if (!ScreeningConfig.ALL_FILTERS.contains(f.asText())) {
                                throw new BadInputException(
                                        fileName,
                                        line,
                                        "screening.filters: unknown filter '" + f.asText() + "'; known: "
                                                + ScreeningConfig.ALL_FILTERS);
                            }
                            names.add(f.asText());
                        }
                        screening.put("filters", names);
                    }
                    default ->
                        throw new BadInputException(
                                fileName,
                                line,
                                "unknown screening option '" + e.getKey() + "'; per-campaign options: "
                                        + new TreeSet<>(ScreeningStage.OPTIONS));
                }
            }
        }
        String name = text(root, "name", baseName(fileName), fileName, lines);
        String engine = text(root, "engine", null, fileName, lines);
        if (engine != null) {
            try {
                engine = org.xtalflow.dft.Engine.parse(engine).configName();
            } catch (IllegalArgumentException e) {
                throw new BadInputException(fileName, lines.getOrDefault("engine", 0), e.getMessage());
            }
        }
        return new CampaignSpec(
                name, systems, groups, samples, generator, screening, inputSet, cluster, priority, fileName, seed,
                engine);
    }

    private static List<String> symbols(JsonNode n, String file, int line) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            for (String tok : n.asText().strip().split("[\\s,;-]+")) {
                if (!tok.isEmpty()) {
                    out.add(tok);
                }
            }
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    throw new BadInputException(file, line, "element must be a symbol, got '" + e + "'");
                }
                out.add(e.asText().strip());
            }
        } else {
            throw new BadInputException(
                    file, line, "a system must be a list of symbols or a string like 'Ba Ru O', got '" + n + "'");
        }
        return out;
    }

    private static String text(JsonNode root, String key, String dflt, String file, Map<String, Integer> lines) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isValueNode() || n.asText().isBlank()) {
            throw new BadInputException(
                    file, lines.getOrDefault(key, 0), "'" + key + "' must be a non-empty text value");
        }
        return n.asText().strip();
    }

    private static int integer(
            JsonNode root, String key, int dflt, int min, int max, String file, Map<String, Integer> lines) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.canConvertToInt() || !(n.isIntegralNumber() || n.asText().matches("-?\\d+"))) {
            throw new BadInputException(
                    file, lines.getOrDefault(key, 0), "'" + key + "' must be an integer, got '" + n.asText() + "'");
        }
        int v = n.asInt();
        if (v < min || v > max) {
            throw new BadInputException(
                    file, lines.getOrDefault(key, 0), "'" + key + "' = " + v + " is outside " + min + ".." + max);
        }
        return v;
    }

    /**
     * The {@code seed} value: a whole number 0..2^63-1 (YAML integer or a string of digits);
     * absent or null gives {@code dflt}. Fractions, negatives, booleans and overflow are refused.
     */
    static Long seed(JsonNode n, Long dflt, String file, int line) {
        if (n == null || n.isNull()) {
            return dflt;
        }
        String text = n.asText().strip();
        boolean integral = n.isIntegralNumber() || (n.isTextual() && text.matches("[+-]?\\d+"));
        if (!integral) {
            throw new BadInputException(
                    file,
                    line,
                    "'seed' must be a whole number 0.." + Long.MAX_VALUE + ", got '"
                            + (n.isValueNode() ? text : n.toString()) + "'");
        }
        java.math.BigInteger v = n.isIntegralNumber() ? n.bigIntegerValue() : new java.math.BigInteger(text);
        if (v.signum() < 0 || v.bitLength() > 63) {
            throw new BadInputException(file, line, "'seed' = " + v + " is outside 0.." + Long.MAX_VALUE);
        }
        return v.longValue();
    }

    /** Line of each top-level key and each item of top-level lists ("systems[2]"). */
    private static Map<String, Integer> lineIndex(String content) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        try (JsonParser p = YAML.getFactory().createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                out.put(key, p.currentTokenLocation().getLineNr());
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    int i = 0;
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        out.put(key + "[" + i++ + "]", p.currentTokenLocation().getLineNr());
                        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                            p.skipChildren();
                        }
                    }
                } else if (t == JsonToken.START_OBJECT) {
                    p.skipChildren();
                }
            }
        }
        return out;
    }
}
