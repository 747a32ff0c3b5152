package org.xtalflow.thermo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;

/**
 * The Materials Project 2020 energy corrections (pymatgen's MaterialsProject2020Compatibility,
 * Wang et al., Sci. Rep. 11, 15496 (2021)), values from the bundled MP2020Compatibility.yaml,
 * U values and POTCARs from MPRelaxSet.yaml.
 *
 * <p>Per entry, in eV: oxide/peroxide/superoxide/ozonide correction x n_O (type from
 * data.oxide_type, else from O-O distances in the structure, else from pymatgen's formula lists);
 * sulfide x n_S (unless the structure shows a sulfate); the anion corrections (Br, I, Se, Si, Sb,
 * Te, H, N, F, Cl) when that element is an anion (negative oxidation state in data or a guess,
 * else when it is the most electronegative element); GGA/GGA+U mixing corrections for the
 * metals of oxides and fluorides. Entries whose run type, U values or POTCARs do not match the
 * MP settings are refused with a {@link CompatibilityException}. Existing corrections are
 * replaced, not added to (pymatgen's clean=True).
 */
public final class Mp2020Compatibility {

    private static final String RESOURCES = "/xtalflow/thermo/";
    private static final Element O = Element.of("O");
    private static final Element S = Element.of("S");
    private static final List<String> ANIONS = List.of("Br", "I", "Se", "Si", "Sb", "Te", "H", "N", "F", "Cl");
    private static final Set<String> PEROXIDES =
            Set.of("Li2O2", "Na2O2", "K2O2", "Cs2O2", "Rb2O2", "BeO2", "MgO2", "CaO2", "SrO2", "BaO2");
    private static final Set<String> SUPEROXIDES = Set.of("LiO2", "NaO2", "KO2", "RbO2", "CsO2");
    private static final Set<String> OZONIDES = Set.of("LiO3", "NaO3", "KO3", "NaO5");

    private final boolean advanced;
    private final Map<String, Double> composition = new HashMap<>();
    private final Map<String, Double> compositionErr = new HashMap<>();
    private final Map<String, Map<String, Double>> uCorr = new HashMap<>();
    private final Map<String, Map<String, Double>> uErr = new HashMap<>();
    private final Map<String, Map<String, Double>> uSettings = new HashMap<>();
    private final Map<String, String> potcars = new HashMap<>();

    /** The default scheme ("Advanced": GGA and GGA+U mixed), from the bundled files. */
    public Mp2020Compatibility() {
        this(true);
    }

    /**
     * @param advanced true for pymatgen's compat_type "Advanced" (mixing scheme); false for "GGA"
     *                 (every GGA+U entry refused)
     */
    public Mp2020Compatibility(boolean advanced) {
        this(advanced, null);
    }

    /** With a user's correction file in MP2020Compatibility.yaml's format (null: bundled). */
    public Mp2020Compatibility(boolean advanced, Path configFile) {
        this.advanced = advanced;
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try {
            JsonNode c;
            if (configFile == null) {
                try (InputStream in = resource("MP2020Compatibility.yaml")) {
                    c = yaml.readTree(in);
                }
            } else {
                c = yaml.readTree(Files.newInputStream(configFile));
            }
            readFlat(c.path("Corrections").path("CompositionCorrections"), composition);
            readFlat(c.path("Uncertainties").path("CompositionCorrections"), compositionErr);
            if (advanced) {
                readNested(c.path("Corrections").path("GGAUMixingCorrections"), uCorr);
                readNested(c.path("Uncertainties").path("GGAUMixingCorrections"), uErr);
            }
            JsonNode relax;
            // the same MPRelaxSet.yaml the VASP input sets use: one copy, so U values cannot drift apart
            try (InputStream in = Mp2020Compatibility.class.getResourceAsStream("/xtalflow/vasp/MPRelaxSet.yaml")) {
                if (in == null) {
                    throw new IllegalStateException("missing bundled resource /xtalflow/vasp/MPRelaxSet.yaml");
                }
                relax = yaml.readTree(in);
            }
            if (advanced) {
                readNested(relax.path("INCAR").path("LDAUU"), uSettings);
            }
            relax.path("POTCAR")
                    .properties()
                    .iterator()
                    .forEachRemaining(f -> potcars.put(f.getKey(), f.getValue().asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read MP2020 correction settings" + (configFile == null ? "" : " from " + configFile), e);
        }
        if (composition.isEmpty()) {
            throw new IllegalArgumentException("no CompositionCorrections in "
                    + (configFile == null ? "the bundled MP2020Compatibility.yaml" : configFile));
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Mp2020Compatibility.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IllegalStateException("missing bundled resource " + RESOURCES + name);
        }
        return in;
    }

    private static void readFlat(JsonNode n, Map<String, Double> out) {
        n.properties()
                .iterator()
                .forEachRemaining(f -> out.put(f.getKey(), f.getValue().asDouble()));
    }

    private static void readNested(JsonNode n, Map<String, Map<String, Double>> out) {
        n.properties().iterator().forEachRemaining(f -> {
            Map<String, Double> m = new HashMap<>();
            readFlat(f.getValue(), m);
            out.put(f.getKey(), m);
        });
    }

    /** The entry with MP2020 adjustments in place of any it had; refused entries throw. */
    public ComputedEntry process(ComputedEntry entry) {
        return entry.withAdjustments(adjustments(entry));
    }

    /** Accepted (corrected) entries in input order, and refused ones with their reasons. */
    public record Processed(List<ComputedEntry> accepted, List<CompatibilityException> refused) {}

    public Processed processAll(List<ComputedEntry> entries) {
        List<ComputedEntry> ok = new ArrayList<>();
        List<CompatibilityException> bad = new ArrayList<>();
        for (ComputedEntry e : entries) {
            try {
                ok.add(process(e));
            } catch (CompatibilityException ex) {
                bad.add(ex);
            }
        }
        return new Processed(Collections.unmodifiableList(ok), Collections.unmodifiableList(bad));
    }

    /** pymatgen's get_adjustments: the MP2020 corrections of this entry (eV). */
    public List<EnergyAdjustment> adjustments(ComputedEntry entry) {
        String runType = entry.runType();
        if (!ComputedEntry.GGA.equals(runType) && !ComputedEntry.GGA_U.equals(runType)) {
            throw new CompatibilityException(
                    entry,
                    "run type " + (runType == null ? "unknown (parameters.run_type missing)" : runType)
                            + "; MP2020 needs GGA or GGA+U runs with MP settings");
        }
        checkPotcars(entry);
        Composition comp = entry.composition();
        List<EnergyAdjustment> adj = new ArrayList<>();
        if (comp.numElements() == 1) {
            return adj;
        }
        List<Element> byX = comp.elementsByElectronegativity();
        String mostElectroneg = byX.get(byX.size() - 1).symbol();

        if (comp.get(S) > 0) {
            String sf = entry.data().path("sulfide_type").asText("");
            if (sf.isEmpty() || sf.equals("null")) {
                sf = entry.structure() != null ? AnionTypes.sulfideType(entry.structure()) : "sulfide";
            }
            if ("polysulfide".equals(sf)) {
                sf = "sulfide";
            }
            if ("sulfide".equals(sf)) {
                adj.add(perAtom("MP2020 anion correction (S)", "S", comp.get(S)));
            }
        }

        if (comp.get(O) > 0) {
            String ox = oxideType(entry);
            if (ox.equals("hydroxide")) {
                ox = "oxide";
            }
            if (!composition.containsKey(ox)) {
                throw new CompatibilityException(entry, "unknown oxide_type \"" + ox + "\" in data");
            }
            adj.add(perAtom("MP2020 anion correction (" + ox + ")", ox, comp.get(O)));
        }

        Map<String, Double> oxi = oxidationStates(entry);
        for (String anion : ANIONS) {
            Element el = Element.of(anion);
            if (comp.get(el) > 0 && composition.containsKey(anion)) {
                boolean apply = oxi.getOrDefault(anion, 0.0) < 0 || anion.equals(mostElectroneg);
                if (apply) {
                    adj.add(perAtom("MP2020 anion correction (" + anion + ")", anion, comp.get(el)));
                }
            }
        }

        Map<String, Double> calcU = entry.hubbards();
        Map<String, Double> ucorr = uCorr.getOrDefault(mostElectroneg, Map.of());
        Map<String, Double> usettings = uSettings.getOrDefault(mostElectroneg, Map.of());
        Map<String, Double> uerr = uErr.getOrDefault(mostElectroneg, Map.of());
        for (Element el : comp.elements()) {
            String sym = el.symbol();
            double have = calcU.getOrDefault(sym, 0.0);
            double want = usettings.getOrDefault(sym, 0.0);
            if (have != want) {
                throw new CompatibilityException(
                        entry,
                        String.format(
                                "U on %s is %.2f eV but MP2020%s needs %.2f eV for %s compounds (GGA and GGA+U runs mix only through "
                                        + "the MP scheme: rerun with MP's U values or leave this entry out)",
                                sym, have, advanced ? "" : " (GGA only)", want, mostElectroneg));
            }
            if (ucorr.containsKey(sym)) {
                adj.add(EnergyAdjustment.perAtom(
                        "MP2020 GGA/GGA+U mixing correction (" + sym + ")",
                        ucorr.get(sym),
                        comp.get(el),
                        uerr.getOrDefault(sym, Double.NaN)));
            }
        }
        return adj;
    }

    private EnergyAdjustment perAtom(String name, String key, double n) {
        return EnergyAdjustment.perAtom(name, composition.get(key), n, compositionErr.getOrDefault(key, Double.NaN));
    }

    private static String oxideType(ComputedEntry entry) {
        String t = entry.data().path("oxide_type").asText("");
        if (!t.isEmpty() && !t.equals("null") && !t.equals("None")) {
            return t;
        }
        if (entry.structure() != null) {
            return AnionTypes.oxideType(entry.structure(), 1.05).type();
        }
        String rform = entry.composition().reducedFormula();
        if (PEROXIDES.contains(rform)) {
            return "peroxide";
        }
        if (SUPEROXIDES.contains(rform)) {
            return "superoxide";
        }
        if (OZONIDES.contains(rform)) {
            return "ozonide";
        }
        return "oxide";
    }

    /** data.oxidation_states when given, else the first charge-balanced guess (may be empty). */
    private static Map<String, Double> oxidationStates(ComputedEntry entry) {
        JsonNode given = entry.data().get("oxidation_states");
        Map<String, Double> out = new LinkedHashMap<>();
        if (given != null && given.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = given.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                out.put(f.getKey(), f.getValue().asDouble());
            }
            return out;
        }
        OxidationStateGuess.guess(entry.composition()).forEach((el, v) -> out.put(el.symbol(), v));
        return out;
    }

    /** POTCAR symbols must be MPRelaxSet's for every element; unknown POTCARs are not checked. */
    private void checkPotcars(ComputedEntry entry) {
        if (entry.potcarSymbols().isEmpty()) {
            return;
        }
        Set<String> have = new HashSet<>(entry.potcarSymbols());
        Set<String> want = new HashSet<>();
        for (Element el : entry.composition().elements()) {
            String p = potcars.get(el.symbol());
            want.add(p == null ? el.symbol() : p);
        }
        if (!have.equals(want)) {
            throw new CompatibilityException(
                    entry,
                    "POTCARs " + new java.util.TreeSet<>(have) + " differ from MPRelaxSet's "
                            + new java.util.TreeSet<>(want));
        }
    }

    /**
     * Refuses a set that mixes GGA and GGA+U runs when no mixing scheme is applied (their
     * energies are not comparable: Jain et al., PRB 84, 045115 (2011)).
     */
    public static void requireSingleRunType(List<ComputedEntry> entries) {
        ComputedEntry gga = null;
        ComputedEntry ggau = null;
        for (ComputedEntry e : entries) {
            if (e.isHubbard()) {
                ggau = ggau == null ? e : ggau;
            } else if (ComputedEntry.GGA.equals(e.runType())) {
                gga = gga == null ? e : gga;
            }
        }
        if (gga != null && ggau != null) {
            throw new IncompatibleEntriesException("entries mix GGA (e.g. " + gga.label() + ") and GGA+U (e.g. "
                    + ggau.label() + ") runs without a correction scheme; their energies are not comparable. "
                    + "Use --correction mp2020 (thermo.correction: mp2020) or give entries of one run type.");
        }
    }
}
