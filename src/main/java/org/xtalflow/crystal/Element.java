package org.xtalflow.crystal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A chemical element with the data the pipeline needs, read once from pymatgen's periodic table
 * (resources/xtalflow/elements, MIT, see SOURCE.md there).
 *
 * <p>Units: mass in amu, radii in Å, molar volume in cm³/mol. A missing value is {@code NaN}
 * (as pymatgen gives NaN for the electronegativity of noble gases).
 */
public final class Element implements Comparable<Element> {

    private static final String RESOURCE_DIR = "/xtalflow/elements/";
    private static final Map<String, Element> BY_SYMBOL;
    private static final Element[] BY_Z = new Element[119];

    static {
        try {
            BY_SYMBOL = Collections.unmodifiableMap(load());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled periodic table", e);
        }
    }

    private final String symbol;
    private final String name;
    private final int z;
    private final double atomicMass;
    private final double x;
    private final double atomicRadius;
    private final double atomicRadiusCalculated;
    private final Map<Integer, Double> ionicRadii;
    private final int[] oxidationStates;
    private final int[] commonOxidationStates;
    private final int[] icsdOxidationStates;
    private final int mendeleevNo;
    private final double molarVolume;
    private final int row;
    private final int group;
    private final String block;

    private Element(
            String symbol,
            String name,
            int z,
            double atomicMass,
            double x,
            double atomicRadius,
            double atomicRadiusCalculated,
            Map<Integer, Double> ionicRadii,
            int[] oxidationStates,
            int[] commonOxidationStates,
            int[] icsdOxidationStates,
            int mendeleevNo,
            double molarVolume,
            int row,
            int group,
            String block) {
        this.symbol = symbol;
        this.name = name;
        this.z = z;
        this.atomicMass = atomicMass;
        this.x = x;
        this.atomicRadius = atomicRadius;
        this.atomicRadiusCalculated = atomicRadiusCalculated;
        this.ionicRadii = ionicRadii;
        this.oxidationStates = oxidationStates;
        this.commonOxidationStates = commonOxidationStates;
        this.icsdOxidationStates = icsdOxidationStates;
        this.mendeleevNo = mendeleevNo;
        this.molarVolume = molarVolume;
        this.row = row;
        this.group = group;
        this.block = block;
    }

    /** The element with this symbol ("Fe"); throws {@link UnknownElementException} otherwise. */
    public static Element of(String symbol) {
        Element e = BY_SYMBOL.get(symbol);
        if (e == null) {
            throw new UnknownElementException(symbol);
        }
        return e;
    }

    /** The element with this symbol, or null. Case-sensitive, as chemical symbols are. */
    public static Element bySymbolOrNull(String symbol) {
        return BY_SYMBOL.get(symbol);
    }

    public static boolean isSymbol(String symbol) {
        return BY_SYMBOL.containsKey(symbol);
    }

    /** The element with atomic number z (1..118). */
    public static Element ofZ(int z) {
        if (z < 1 || z >= BY_Z.length || BY_Z[z] == null) {
            throw new UnknownElementException("Z=" + z);
        }
        return BY_Z[z];
    }

    /** All 118 elements by atomic number. */
    public static List<Element> all() {
        List<Element> out = new ArrayList<>();
        for (int i = 1; i < BY_Z.length; i++) {
            if (BY_Z[i] != null) {
                out.add(BY_Z[i]);
            }
        }
        return out;
    }

    public String symbol() {
        return symbol;
    }

    public String name() {
        return name;
    }
    /** Atomic number. */
    public int z() {
        return z;
    }
    /** Atomic mass in amu. */
    public double atomicMass() {
        return atomicMass;
    }
    /** Pauling electronegativity; NaN where pymatgen has none. */
    public double x() {
        return x;
    }
    /** pymatgen's empirical "Atomic radius" in Å (the one PGCGM's filters use); NaN if unknown. */
    public double atomicRadius() {
        return atomicRadius;
    }
    /** pymatgen's "Atomic radius calculated" in Å; NaN if unknown. */
    public double atomicRadiusCalculated() {
        return atomicRadiusCalculated;
    }
    /** Ionic radius in Å by oxidation state (pymatgen "Ionic radii"). */
    public Map<Integer, Double> ionicRadii() {
        return ionicRadii;
    }

    public int[] oxidationStates() {
        return oxidationStates.clone();
    }

    public int[] commonOxidationStates() {
        return commonOxidationStates.clone();
    }

    public int[] icsdOxidationStates() {
        return icsdOxidationStates.clone();
    }
    /** Pettifor's Mendeleev number. */
    public int mendeleevNo() {
        return mendeleevNo;
    }
    /** Molar volume in cm³/mol; NaN if unknown. */
    public double molarVolume() {
        return molarVolume;
    }
    /** Period (row) of the periodic table; 0 where unknown (Z &gt; 94). */
    public int row() {
        return row;
    }
    /** Group 1..18 (La-Lu, Ac-Lr are 3); 0 where unknown. */
    public int group() {
        return group;
    }
    /** "s", "p", "d" or "f"; empty where unknown. */
    public String block() {
        return block;
    }

    /** Mean of all ionic radii (Å), 0 if none, as pymatgen's average_ionic_radius. */
    public double averageIonicRadius() {
        return mean(ionicRadii, 0);
    }

    /** Mean ionic radius over positive oxidation states (Å), 0 if none. */
    public double averageCationicRadius() {
        return mean(ionicRadii, 1);
    }

    /** Mean ionic radius over negative oxidation states (Å), 0 if none. */
    public double averageAnionicRadius() {
        return mean(ionicRadii, -1);
    }

    private static double mean(Map<Integer, Double> radii, int sign) {
        double sum = 0;
        int n = 0;
        for (Map.Entry<Integer, Double> e : radii.entrySet()) {
            if (sign == 0 || Integer.signum(e.getKey()) == sign) {
                sum += e.getValue();
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    public boolean isTransitionMetal() {
        return (z >= 21 && z <= 30)
                || (z >= 39 && z <= 48)
                || z == 57
                || (z >= 72 && z <= 80)
                || z == 89
                || (z >= 104 && z <= 112);
    }

    public boolean isPostTransitionMetal() {
        return Set.of("Al", "Ga", "In", "Tl", "Sn", "Pb", "Bi").contains(symbol);
    }

    public boolean isMetalloid() {
        return Set.of("B", "Si", "Ge", "As", "Sb", "Te", "Po").contains(symbol);
    }

    public boolean isAlkali() {
        return z == 3 || z == 11 || z == 19 || z == 37 || z == 55 || z == 87;
    }

    public boolean isAlkalineEarth() {
        return z == 4 || z == 12 || z == 20 || z == 38 || z == 56 || z == 88;
    }

    public boolean isHalogen() {
        return Set.of("F", "Cl", "Br", "I", "At").contains(symbol);
    }

    public boolean isChalcogen() {
        return Set.of("O", "S", "Se", "Te", "Po").contains(symbol);
    }

    public boolean isLanthanoid() {
        return z > 56 && z < 72;
    }

    public boolean isActinoid() {
        return z > 88 && z < 104;
    }

    public boolean isRareEarth() {
        return isLanthanoid() || isActinoid() || z == 21 || z == 39;
    }

    public boolean isNobleGas() {
        return z == 2 || z == 10 || z == 18 || z == 36 || z == 54 || z == 86 || z == 118;
    }

    public boolean isMetal() {
        return isAlkali()
                || isAlkalineEarth()
                || isPostTransitionMetal()
                || isTransitionMetal()
                || isLanthanoid()
                || isActinoid();
    }

    @Override
    public int compareTo(Element o) {
        return Integer.compare(z, o.z);
    }

    @Override
    public String toString() {
        return symbol;
    }

    // ------------------------------------------------------------------ loading

    private static Map<String, Element> load() throws IOException {
        Map<String, String[]> rows = readRowGroupBlock();
        JsonNode root;
        try (InputStream in = resource("periodic_table.json")) {
            root = new ObjectMapper().readTree(in);
        }
        Map<String, Element> map = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String sym = f.getKey();
            JsonNode n = f.getValue();
            if (sym.startsWith("_") || n.path("Is named isotope").asBoolean(false)) {
                continue; // skip the unit table and D/T isotopes
            }
            int z = n.path("Atomic no").asInt();
            Map<Integer, Double> ionic = new TreeMap<>();
            JsonNode ir = n.path("Ionic radii");
            ir.properties()
                    .iterator()
                    .forEachRemaining(e ->
                            ionic.put(Integer.parseInt(e.getKey()), e.getValue().asDouble()));
            String[] rgb = rows.get(sym);
            Element e = new Element(
                    sym,
                    n.path("Name").asText(sym),
                    z,
                    n.path("Atomic mass").asDouble(),
                    num(n, "X"),
                    num(n, "Atomic radius"),
                    num(n, "Atomic radius calculated"),
                    Collections.unmodifiableMap(ionic),
                    ints(n.path("Oxidation states")),
                    ints(n.path("Common oxidation states")),
                    ints(n.path("ICSD oxidation states")),
                    n.path("Mendeleev no").asInt(0),
                    num(n, "Molar volume"),
                    rgb == null ? 0 : Integer.parseInt(rgb[0]),
                    rgb == null ? 0 : Integer.parseInt(rgb[1]),
                    rgb == null ? "" : rgb[2]);
            map.put(sym, e);
            BY_Z[z] = e;
        }
        return map;
    }

    /** symbol -> {row, group, block} from elements_1_94.csv (pymatgen's standard positions). */
    private static Map<String, String[]> readRowGroupBlock() throws IOException {
        Map<String, String[]> out = new HashMap<>();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(resource("elements_1_94.csv"), StandardCharsets.UTF_8))) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                String[] c = line.split(",", 7);
                out.put(c[1], new String[] {c[3], c[4], c[5]});
            }
        }
        return out;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Element.class.getResourceAsStream(RESOURCE_DIR + name);
        if (in == null) {
            throw new IOException("missing resource " + RESOURCE_DIR + name);
        }
        return in;
    }

    private static double num(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
    }

    private static int[] ints(JsonNode arr) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asInt();
        }
        return out;
    }
}
