package org.xtalflow.thermo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.InputLimitException;
import org.xtalflow.crystal.io.StructureFileLimits;

/**
 * Reads and writes entries as pymatgen's JSON dicts (ComputedEntry, ComputedStructureEntry,
 * PDEntry; {@code as_dict()} / {@code from_dict()} with MontyEncoder), so files move freely
 * between xtalflow and pymatgen: {@code monty.serialization.loadfn("entries.json")} reads what
 * {@link #write} writes, and {@link #read} reads {@code dumpfn(entries, ...)} output.
 *
 * <p>A file may hold a list of entry dicts, one entry dict, or a map of name to entry dict (as
 * matbench-discovery's elemental reference file). NaN is written bare, as Python's json does.
 */
public final class EntryJson {

    private static final String ENTRY_MODULE = "pymatgen.entries.computed_entries";
    private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactory())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private EntryJson() {}

    /** The mapper used for entry files (accepts NaN/Infinity as Python writes them). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static List<ComputedEntry> read(Path file) {
        JsonNode root;
        try {
            long maxBytes = EntryCsv.maxBytes();
            if (java.nio.file.Files.size(file) > maxBytes) {
                throw new InputLimitException(
                        file.toString(), 0, "file is larger than " + maxBytes + " bytes", "max bytes", maxBytes);
            }
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new BadInputException(
                    file.toString(),
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new BadInputException(file.toString(), 0, "empty file");
        }
        return fromTree(root, file.toString());
    }

    /** Entries from a parsed JSON tree: a list, a single entry, or a map of entries. */
    public static List<ComputedEntry> fromTree(JsonNode root, String source) {
        List<ComputedEntry> out = new ArrayList<>();
        if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                out.add(fromDict(root.get(i), source + " [" + i + "]"));
            }
        } else if (root.isObject() && looksLikeEntry(root)) {
            out.add(fromDict(root, source));
        } else if (root.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                out.add(fromDict(f.getValue(), source + " [\"" + f.getKey() + "\"]"));
            }
        } else {
            throw new BadInputException(
                    source, 0, "expected a JSON list of pymatgen entry dicts, got " + root.getNodeType());
        }
        return out;
    }

    private static boolean looksLikeEntry(JsonNode n) {
        return n.has("energy") && (n.has("composition") || n.has("structure"));
    }

    /** One pymatgen entry dict; {@code where} names it in error messages. */
    public static ComputedEntry fromDict(JsonNode d, String where) {
        if (d == null || !d.isObject()) {
            throw new BadInputException(where, 0, "an entry must be a JSON object");
        }
        String cls = d.path("@class").asText("");
        if (!cls.isEmpty()
                && !cls.equals("ComputedEntry")
                && !cls.equals("ComputedStructureEntry")
                && !cls.equals("PDEntry")
                && !cls.equals("GibbsComputedStructureEntry")) {
            throw new BadInputException(
                    where,
                    0,
                    "unsupported entry class " + cls + " (expected ComputedEntry, ComputedStructureEntry or PDEntry)");
        }
        JsonNode en = d.get("energy");
        if (en == null || !en.isNumber()) {
            throw new BadInputException(where, 0, "missing or non-numeric \"energy\" (total eV)");
        }
        String id = textOrNull(d.get("entry_id"));
        if (id == null && d.has("name") && cls.equals("PDEntry")) {
            id = d.get("name").asText();
        }
        try {
            Structure structure = d.hasNonNull("structure") ? structureFromDict(d.get("structure"), where) : null;
            Composition comp;
            if (d.hasNonNull("composition")) {
                comp = compositionFromNode(d.get("composition"), where);
            } else if (structure != null) {
                comp = structure.composition();
            } else {
                throw new BadInputException(where, 0, "missing \"composition\"");
            }
            ComputedEntry.Builder b =
                    ComputedEntry.builder(comp, en.asDouble()).entryId(id).structure(structure);
            b.adjustments(adjustments(d, where));
            ObjectNode params = d.path("parameters").isObject() ? (ObjectNode) d.get("parameters") : null;
            if (params != null) {
                b.parameters(params);
                readParameters(params, b, where);
            }
            if (d.path("data").isObject()) {
                b.data((ObjectNode) d.get("data"));
            }
            ComputedEntry e = b.build();
            String problem = e.energyProblem();
            if (problem != null) {
                throw new BadInputException(where, 0, "entry " + (id == null ? comp.formula() : id) + ": " + problem);
            }
            return e;
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where, 0, e.getMessage(), e);
        }
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Composition compositionFromNode(JsonNode c, String where) {
        if (c.isTextual()) {
            return Composition.parse(c.asText());
        }
        if (!c.isObject()) {
            throw new BadInputException(where, 0, "\"composition\" must be an object of element amounts or a formula");
        }
        Map<Element, Double> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = c.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().startsWith("@")) {
                continue;
            }
            if (!f.getValue().isNumber()) {
                throw new BadInputException(where, 0, "amount of " + f.getKey() + " is not a number");
            }
            m.merge(Element.of(stripOxidation(f.getKey())), f.getValue().asDouble(), Double::sum);
        }
        return Composition.of(m);
    }

    /** "Fe3+" or "O2-" (species keys) to the element symbol. */
    private static String stripOxidation(String s) {
        int i = 0;
        while (i < s.length() && Character.isLetter(s.charAt(i))) {
            i++;
        }
        return s.substring(0, i);
    }

    private static List<EnergyAdjustment> adjustments(JsonNode d, String where) {
        List<EnergyAdjustment> out = new ArrayList<>();
        JsonNode adj = d.get("energy_adjustments");
        if (adj != null && adj.isArray() && adj.size() > 0) {
            for (JsonNode a : adj) {
                out.add(adjustmentFromDict(a, where));
            }
            return out;
        }
        JsonNode corr = d.get("correction");
        if (corr != null && corr.isNumber() && corr.asDouble() != 0) {
            out.add(EnergyAdjustment.constant("Manual adjustment", corr.asDouble(), Double.NaN));
        }
        return out;
    }

    private static EnergyAdjustment adjustmentFromDict(JsonNode a, String where) {
        String name = a.path("name").asText("");
        String desc = a.path("description").asText("");
        String cls = a.path("@class").asText("");
        if (a.has("adj_per_atom")) {
            double per = a.get("adj_per_atom").asDouble();
            double n = a.path("n_atoms").asDouble(Double.NaN);
            double u = a.path("uncertainty_per_atom").asDouble(Double.NaN);
            return new EnergyAdjustment(name, per, n, per * n, u * Math.abs(n), desc);
        }
        if (a.has("adj_per_deg")) {
            double v = a.get("adj_per_deg").asDouble()
                    * a.path("temp").asDouble()
                    * a.path("n_atoms").asDouble();
            return new EnergyAdjustment(name, Double.NaN, Double.NaN, v, Double.NaN, desc);
        }
        if (a.has("value")) {
            return new EnergyAdjustment(
                    name,
                    Double.NaN,
                    Double.NaN,
                    a.get("value").asDouble(),
                    a.path("uncertainty").asDouble(Double.NaN),
                    desc);
        }
        throw new BadInputException(where, 0, "unsupported energy adjustment " + cls + " (no value)");
    }

    private static void readParameters(ObjectNode p, ComputedEntry.Builder b, String where) {
        Map<String, Double> u = new LinkedHashMap<>();
        JsonNode h = p.get("hubbards");
        if (h != null && h.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = h.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isNumber() && f.getValue().asDouble() != 0) {
                    u.put(f.getKey(), f.getValue().asDouble());
                }
            }
        }
        b.hubbards(u);
        String runType = textOrNull(p.get("run_type"));
        if (runType == null && p.path("is_hubbard").isBoolean()) {
            runType = p.get("is_hubbard").asBoolean() ? ComputedEntry.GGA_U : ComputedEntry.GGA;
        }
        b.runType(runType);
        List<String> pot = new ArrayList<>();
        JsonNode spec = p.get("potcar_spec");
        JsonNode syms = p.get("potcar_symbols");
        if (spec != null && spec.isArray()) {
            for (JsonNode s : spec) {
                String titel = s.path("titel").asText(s.path("symbol").asText(""));
                pot.add(potcarSymbolOf(titel));
            }
        } else if (syms != null && syms.isArray()) {
            for (JsonNode s : syms) {
                pot.add(potcarSymbolOf(s.asText()));
            }
        }
        b.potcarSymbols(pot);
    }

    /** "PAW_PBE Fe_pv 06Sep2000" to "Fe_pv"; a bare symbol stays as it is. */
    static String potcarSymbolOf(String titel) {
        String[] parts = titel.trim().split("\\s+");
        return parts.length >= 2 ? parts[1] : parts[0];
    }

    // ---------------------------------------------------------------- structure dicts

    private static Structure structureFromDict(JsonNode s, String where) {
        JsonNode m = s.path("lattice").path("matrix");
        if (!m.isArray() || m.size() != 3) {
            throw new BadInputException(where, 0, "structure.lattice.matrix must be 3x3");
        }
        double[][] mat = new double[3][3];
        for (int i = 0; i < 3; i++) {
            if (!m.get(i).isArray() || m.get(i).size() != 3) {
                throw new BadInputException(where, 0, "structure.lattice.matrix must be 3x3");
            }
            for (int j = 0; j < 3; j++) {
                mat[i][j] = m.get(i).get(j).asDouble();
            }
        }
        Lattice lattice = new Lattice(mat);
        List<Site> sites = new ArrayList<>();
        JsonNode arr = s.path("sites");
        if (!arr.isMissingNode() && !arr.isArray()) {
            throw new BadInputException(where, 0, "structure.sites must be a list of sites, got " + arr.getNodeType());
        }
        if (arr.size() > StructureFileLimits.maxSites()) {
            throw new InputLimitException(
                    where, 0, "structure with " + arr.size() + " sites", "max sites", StructureFileLimits.maxSites());
        }
        for (int k = 0; k < arr.size(); k++) {
            JsonNode site = arr.get(k);
            if (!site.isObject()) {
                throw new BadInputException(
                        where, 0, "structure site " + k + " must be an object, got " + site.getNodeType());
            }
            JsonNode abc = site.get("abc");
            double[] frac;
            if (abc != null && abc.isArray() && abc.size() == 3) {
                frac = new double[] {
                    abc.get(0).asDouble(), abc.get(1).asDouble(), abc.get(2).asDouble()
                };
            } else if (site.path("xyz").isArray() && site.get("xyz").size() == 3) {
                JsonNode x = site.get("xyz");
                frac = lattice.fractional(new double[] {
                    x.get(0).asDouble(), x.get(1).asDouble(), x.get(2).asDouble()
                });
            } else {
                throw new BadInputException(where, 0, "structure site " + k + " has no coordinates");
            }
            for (double v : frac) {
                if (!(Math.abs(v) <= StructureFileLimits.MAX_ABS_FRACTIONAL)) {
                    throw new BadInputException(
                            where,
                            0,
                            "structure site " + k + " lies more than " + (int) StructureFileLimits.MAX_ABS_FRACTIONAL
                                    + " cells from the origin");
                }
            }
            String label = site.hasNonNull("label") ? site.get("label").asText() : null;
            for (JsonNode sp : site.path("species")) {
                Element el = Element.of(stripOxidation(sp.path("element").asText()));
                sites.add(new Site(el, frac, sp.path("occu").asDouble(1.0), label == null ? el.symbol() : label));
            }
        }
        if (sites.isEmpty()) {
            throw new BadInputException(where, 0, "structure has no sites");
        }
        return new Structure(lattice, sites);
    }

    /** pymatgen's Structure.as_dict() for a crystal Structure. */
    public static ObjectNode structureToDict(Structure s) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode d = f.objectNode();
        d.put("@module", "pymatgen.core.structure");
        d.put("@class", "Structure");
        d.put("charge", 0);
        ObjectNode lat = d.putObject("lattice");
        lat.put("@module", "pymatgen.core.lattice");
        lat.put("@class", "Lattice");
        ArrayNode mat = lat.putArray("matrix");
        for (double[] row : s.lattice().matrix()) {
            ArrayNode r = mat.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        ArrayNode pbc = lat.putArray("pbc");
        pbc.add(true).add(true).add(true);
        lat.put("a", s.lattice().a())
                .put("b", s.lattice().b())
                .put("c", s.lattice().c());
        lat.put("alpha", s.lattice().alpha())
                .put("beta", s.lattice().beta())
                .put("gamma", s.lattice().gamma());
        lat.put("volume", s.lattice().volume());
        ArrayNode sites = d.putArray("sites");
        for (Site site : s.sites()) {
            ObjectNode sd = sites.addObject();
            ObjectNode sp = sd.putArray("species").addObject();
            sp.put("element", site.species().symbol());
            sp.put("occu", site.occupancy());
            double[] fr = site.frac();
            ArrayNode abc = sd.putArray("abc");
            for (double v : fr) {
                abc.add(v);
            }
            ArrayNode xyz = sd.putArray("xyz");
            for (double v : s.lattice().cartesian(fr)) {
                xyz.add(v);
            }
            sd.put("label", site.label() == null ? site.species().symbol() : site.label());
            sd.putObject("properties");
        }
        return d;
    }

    // ---------------------------------------------------------------- writing

    /** pymatgen's as_dict() of the entry (ComputedStructureEntry when it has a structure). */
    public static ObjectNode toDict(ComputedEntry e) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode d = f.objectNode();
        d.put("@module", ENTRY_MODULE);
        d.put("@class", e.structure() != null ? "ComputedStructureEntry" : "ComputedEntry");
        d.put("energy", e.uncorrectedEnergy());
        ObjectNode comp = d.putObject("composition");
        e.composition().amounts().forEach((el, amt) -> comp.put(el.symbol(), amt));
        if (e.entryId() == null) {
            d.putNull("entry_id");
        } else {
            d.put("entry_id", e.entryId());
        }
        d.put("correction", e.correction());
        ArrayNode adj = d.putArray("energy_adjustments");
        for (EnergyAdjustment a : e.adjustments()) {
            ObjectNode ad = adj.addObject();
            ad.put("@module", ENTRY_MODULE);
            if (a.isPerAtom()) {
                ad.put("@class", "CompositionEnergyAdjustment");
                ad.put("adj_per_atom", a.adjPerAtom());
                ad.put("n_atoms", a.nAtoms());
                ad.put("uncertainty_per_atom", a.nAtoms() == 0 ? Double.NaN : a.uncertainty() / Math.abs(a.nAtoms()));
            } else {
                ad.put("@class", "ConstantEnergyAdjustment");
                ad.put("value", a.value());
                ad.put("uncertainty", a.uncertainty());
            }
            ad.put("name", a.name());
            ad.putNull("cls");
            ad.put("description", a.description());
        }
        ObjectNode params = e.parameters().deepCopy();
        if (e.runType() != null) {
            params.put("run_type", e.runType());
        }
        params.put("is_hubbard", e.isHubbard());
        ObjectNode hub = params.putObject("hubbards");
        e.hubbards().forEach(hub::put);
        if (!e.potcarSymbols().isEmpty() && !params.has("potcar_spec") && !params.has("potcar_symbols")) {
            ArrayNode ps = params.putArray("potcar_symbols");
            e.potcarSymbols().forEach(s -> ps.add("PAW_PBE " + s));
        }
        d.set("parameters", params);
        d.set("data", e.data().deepCopy());
        if (e.structure() != null) {
            d.set("structure", structureToDict(e.structure()));
        }
        return d;
    }

    public static ArrayNode toTree(List<ComputedEntry> entries) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (ComputedEntry e : entries) {
            a.add(toDict(e));
        }
        return a;
    }

    /** Writes a JSON list of entry dicts (what {@code monty.serialization.dumpfn(list)} writes). */
    public static void write(List<ComputedEntry> entries, Path file) throws IOException {
        Files.writeString(file, MAPPER.writeValueAsString(toTree(entries)));
    }
}
