package org.xtalflow.thermo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The figures the generative-crystal papers report, over the candidates of a campaign that went
 * to DFT, each with its definition and its denominator, for the whole campaign and per chemical
 * system and per space group:
 *
 * <ul>
 *   <li>PGCGM (Zhao et al. 2023): the DFT-optimised share (of the candidates sent to DFT), and of
 *       the optimised ones E_f &lt; 0, E_above_hull = 0, &lt; 0.1 and &lt; 0.25 eV/atom.</li>
 *   <li>MatterGen (Zeni et al. 2025): the S.U.N. rate — stable (E_above_hull &le; 0.1 eV/atom on
 *       the MP2020-corrected hull), unique within the campaign and novel against the known
 *       structures — over the candidates sent to DFT (a failed relaxation is not S.U.N.).</li>
 * </ul>
 *
 * Uniqueness and novelty are decided by the caller (the screening's structure matcher) and passed
 * in per candidate, with a sentence saying how ({@code matcher}).
 */
public final class CampaignStatistics {

    /** E_above_hull at or below this (eV/atom) is on the hull ("= 0"): {@link HullStatistics#ON_HULL_TOL}. */
    public static final double ON_HULL_TOL = HullStatistics.ON_HULL_TOL;
    /** MatterGen's stability threshold, eV/atom above the hull. */
    public static final double STABLE_MAX = 0.1;

    /**
     * One candidate sent to DFT (or, for a generator's evaluation, one sample with a predicted value).
     *
     * @param optimised              the relaxation finished with an energy (or a prediction exists)
     * @param formationEnergyPerAtom eV/atom, null when not optimised
     * @param eAboveHull             eV/atom on the final hull, null when not optimised
     * @param unique                 not a duplicate of an earlier candidate of the campaign
     * @param novel                  matches no known structure
     */
    public record Sample(
            String id,
            String chemsys,
            int spaceGroup,
            boolean optimised,
            Double formationEnergyPerAtom,
            Double eAboveHull,
            boolean unique,
            boolean novel) {}

    /** A count over a denominator, with what it counts and what it is a share of. */
    public record Figure(
            String key, String label, String definition, int count, int denominator, String denominatorName) {
        public double share() {
            return denominator == 0 ? Double.NaN : (double) count / denominator;
        }

        /** "12 / 40 (30.0%)"; "0 / 0 (n/a)". */
        public String formatted() {
            return count + " / " + denominator
                    + (denominator == 0 ? " (n/a)" : String.format(Locale.ROOT, " (%.1f%%)", 100 * share()));
        }
    }

    /** The figures of one scope: the campaign, one chemical system or one space group. */
    public record Table(String scope, List<Figure> figures) {
        public Figure figure(String key) {
            for (Figure f : figures) {
                if (f.key().equals(key)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("no figure " + key);
        }
    }

    private final Table overall;
    private final Map<String, Table> byChemsys;
    private final Map<Integer, Table> bySpaceGroup;
    private final String matcher;
    private final String hull;

    private CampaignStatistics(
            Table overall,
            Map<String, Table> byChemsys,
            Map<Integer, Table> bySpaceGroup,
            String matcher,
            String hull) {
        this.overall = overall;
        this.byChemsys = byChemsys;
        this.bySpaceGroup = bySpaceGroup;
        this.matcher = matcher;
        this.hull = hull;
    }

    /**
     * @param samples the candidates sent to DFT
     * @param matcher how uniqueness and novelty were decided (stated in the report)
     * @param hull    which hull E_above_hull is measured on (references, correction, MP database version)
     */
    public static CampaignStatistics of(List<Sample> samples, String matcher, String hull) {
        Map<String, List<Sample>> bySys = new TreeMap<>();
        Map<Integer, List<Sample>> bySg = new TreeMap<>();
        for (Sample s : samples) {
            bySys.computeIfAbsent(s.chemsys(), k -> new ArrayList<>()).add(s);
            bySg.computeIfAbsent(s.spaceGroup(), k -> new ArrayList<>()).add(s);
        }
        Map<String, Table> sys = new TreeMap<>();
        bySys.forEach((k, v) -> sys.put(k, table(k, v)));
        Map<Integer, Table> sg = new TreeMap<>();
        bySg.forEach((k, v) -> sg.put(k, table("space group " + k, v)));
        return new CampaignStatistics(
                table("campaign", samples),
                Collections.unmodifiableMap(sys),
                Collections.unmodifiableMap(sg),
                matcher,
                hull);
    }

    static Table table(String scope, List<Sample> s) {
        int dft = s.size();
        List<Sample> opt = s.stream().filter(Sample::optimised).toList();
        int n = opt.size();
        String dftName = "candidates sent to DFT";
        String optName = "DFT-optimised candidates";
        List<Figure> f = new ArrayList<>();
        f.add(new Figure(
                "dft_optimised",
                "DFT-optimised",
                "relaxation finished with a final energy (HARVESTED); the rest failed or timed out",
                n,
                dft,
                dftName));
        f.add(new Figure(
                "formation_energy_negative",
                "E_f < 0",
                "formation energy per atom against the elemental references below 0 eV/atom",
                count(opt, x -> x.formationEnergyPerAtom() < 0),
                n,
                optName));
        f.add(new Figure(
                "on_hull",
                "E_above_hull = 0",
                "on the final hull: E_above_hull <= " + ON_HULL_TOL + " eV/atom",
                count(opt, x -> x.eAboveHull() <= ON_HULL_TOL),
                n,
                optName));
        f.add(new Figure(
                "e_above_hull_below_0.1",
                "E_above_hull < 0.1",
                "E_above_hull below 0.1 eV/atom on the final hull",
                count(opt, x -> x.eAboveHull() < 0.1),
                n,
                optName));
        f.add(new Figure(
                "e_above_hull_below_0.25",
                "E_above_hull < 0.25",
                "E_above_hull below 0.25 eV/atom on the final hull (PGCGM's 5.3%)",
                count(opt, x -> x.eAboveHull() < 0.25),
                n,
                optName));
        Predicate<Sample> stable = x -> x.eAboveHull() <= STABLE_MAX;
        f.add(new Figure(
                "stable",
                "stable (MatterGen)",
                "E_above_hull <= " + STABLE_MAX
                        + " eV/atom on the final hull (MatterGen's threshold, on the MP2020-corrected hull "
                        + "when thermo.correction is mp2020)",
                count(opt, stable),
                dft,
                dftName));
        f.add(new Figure(
                "unique",
                "unique",
                "no earlier candidate of the campaign is the same structure",
                count(s, Sample::unique),
                dft,
                dftName));
        f.add(new Figure(
                "novel", "novel", "no known structure is the same structure", count(s, Sample::novel), dft, dftName));
        f.add(new Figure(
                "sun",
                "S.U.N.",
                "stable, unique and novel at once (MatterGen's S.U.N. rate)",
                count(opt, x -> stable.test(x) && x.unique() && x.novel()),
                dft,
                dftName));
        return new Table(scope, List.copyOf(f));
    }

    private static int count(List<Sample> s, Predicate<Sample> p) {
        int c = 0;
        for (Sample x : s) {
            if (p.test(x)) {
                c++;
            }
        }
        return c;
    }

    public Table overall() {
        return overall;
    }

    public Map<String, Table> byChemicalSystem() {
        return byChemsys;
    }

    public Map<Integer, Table> bySpaceGroup() {
        return bySpaceGroup;
    }

    public String matcher() {
        return matcher;
    }

    public String hull() {
        return hull;
    }

    /** The campaign's figures one per line, "S.U.N.: 3 / 10 (30.0%)" ({@code campaign status}, JMX). */
    public List<String> summaryLines() {
        List<String> l = new ArrayList<>();
        overall.figures().forEach(f -> l.add(f.label() + ": " + f.formatted()));
        return l;
    }

    /**
     * The same lines from report.json's {@code statistics} (as {@link #toJson} wrote them), so a
     * status read from a report shows exactly what the report says.
     */
    public static List<String> summaryLines(com.fasterxml.jackson.databind.JsonNode statistics) {
        List<String> l = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode d : statistics.path("definitions")) {
            com.fasterxml.jackson.databind.JsonNode v =
                    statistics.path("campaign").path(d.path("key").asText());
            Figure f = new Figure(
                    d.path("key").asText(),
                    d.path("label").asText(),
                    d.path("definition").asText(),
                    v.path("count").asInt(),
                    v.path("denominator").asInt(),
                    d.path("denominator").asText());
            l.add(f.label() + ": " + f.formatted());
        }
        return l;
    }

    /** report.json's {@code statistics}: every table with count, denominator and share of each figure. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("hull", hull);
        o.put("matcher", matcher);
        ArrayNode defs = o.putArray("definitions");
        for (Figure f : overall.figures()) {
            defs.addObject()
                    .put("key", f.key())
                    .put("label", f.label())
                    .put("definition", f.definition())
                    .put("denominator", f.denominatorName());
        }
        o.set("campaign", tableJson(overall));
        ObjectNode sys = o.putObject("by_chemical_system");
        byChemsys.forEach((k, t) -> sys.set(k, tableJson(t)));
        ObjectNode sg = o.putObject("by_space_group");
        bySpaceGroup.forEach((k, t) -> sg.set(Integer.toString(k), tableJson(t)));
        return o;
    }

    private static ObjectNode tableJson(Table t) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Figure f : t.figures()) {
            ObjectNode x = o.putObject(f.key());
            x.put("count", f.count());
            x.put("denominator", f.denominator());
            if (f.denominator() == 0) {
                x.putNull("share");
            } else {
                x.put("share", f.share());
            }
        }
        return o;
    }

    /**
     * The same figures as Markdown: the campaign's table with definitions and denominators, then
     * one row per chemical system and per space group.
     */
    public List<String> markdown() {
        List<String> l = new ArrayList<>();
        l.add("E_above_hull on: " + hull + ". Uniqueness and novelty: " + matcher + ".");
        l.add("");
        l.add("| figure | count / denominator (share) | definition | denominator |");
        l.add("|---|---|---|---|");
        for (Figure f : overall.figures()) {
            l.add("| " + f.label() + " | " + f.formatted() + " | " + f.definition() + " | " + f.denominatorName()
                    + " |");
        }
        l.add("");
        breakdown(l, "chemical system", byChemsys, Function.identity());
        l.add("");
        breakdown(l, "space group", bySpaceGroup, String::valueOf);
        return l;
    }

    private <K> void breakdown(List<String> l, String what, Map<K, Table> tables, Function<K, String> name) {
        StringBuilder h = new StringBuilder("| " + what + " |");
        StringBuilder sep = new StringBuilder("|---|");
        for (Figure f : overall.figures()) {
            h.append(' ').append(f.label()).append(" |");
            sep.append("---|");
        }
        l.add(h.toString());
        l.add(sep.toString());
        tables.forEach((k, t) -> {
            StringBuilder r = new StringBuilder("| " + name.apply(k) + " |");
            t.figures().forEach(f -> r.append(' ').append(f.formatted()).append(" |"));
            l.add(r.toString());
        });
    }
}
