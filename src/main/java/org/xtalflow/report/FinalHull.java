package org.xtalflow.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.thermo.CampaignHull;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryJson;
import org.xtalflow.thermo.HullAnalysis;

/**
 * The campaign's final convex hull: all harvested candidates together with the reference set
 * (elements and competing compounds), one thermo {@link HullAnalysis} per chemical system of the
 * campaign, so that candidates compete with each other. At harvest each candidate was placed
 * alone against the references; those values were provisional and are superseded here.
 *
 * <p>A candidate belongs to every campaign system that contains its elements (a Ba-O candidate of
 * a Ba-Ru-O campaign lies on that diagram's Ba-O edge); its E_above_hull is the same in each, as
 * the hull of a sub-system is a face of the larger hull. Candidates harvested without a stored
 * entry, or whose entry the correction scheme refuses, keep their harvest-time values and are
 * listed as such.
 */
public final class FinalHull {

    /** One candidate on the final hull. Energies eV/atom. */
    public record Point(
            String candidateId,
            ComputedEntry corrected,
            double formationEnergyPerAtom,
            double eAboveHull,
            boolean stable,
            Map<ComputedEntry, Double> decomposition) {}

    /**
     * One chemical system's diagram.
     *
     * @param system      "Ba-Ru-O" (the campaign's element order)
     * @param result      thermo's analysis (diagram, rows, competing compounds added), null when it failed
     * @param points      the system's candidates on it
     * @param failure     why there is no diagram (null when there is one)
     */
    public record SystemHull(
            String system, List<Element> elements, HullAnalysis.Result result, List<Point> points, String failure) {

        /** True when {@link HullPlot} draws this system (binary, ternary or quaternary diagram). */
        public boolean drawable() {
            return result != null && HullPlot.draws(result.phaseDiagram());
        }

        /** The hull diagram (HullPlot), candidates coloured by their final E_above_hull. */
        public XYChart chart() {
            List<HullPlot.Candidate> cands = new ArrayList<>();
            points.forEach(p -> cands.add(new HullPlot.Candidate(p.corrected(), p.eAboveHull())));
            return HullPlot.chart(result.phaseDiagram(), cands);
        }

        /** {@code hull_Ba-Ru-O.png}. */
        public String figureName() {
            return "hull_" + system + ".png";
        }

        /** Reduced formulas of the stable phases (candidates and references) of the diagram. */
        public List<String> stablePhases() {
            if (result == null) {
                return List.of();
            }
            Set<String> names = new LinkedHashSet<>();
            result.phaseDiagram().stableEntries().forEach(e -> names.add(e.name()));
            return List.copyOf(names);
        }
    }

    private final List<SystemHull> systems;
    private final Map<String, Point> byCandidate;
    private final Map<String, String> provisional;
    private final HullAnalysis analysis;

    private FinalHull(
            List<SystemHull> systems,
            Map<String, Point> byCandidate,
            Map<String, String> provisional,
            HullAnalysis analysis) {
        this.systems = Collections.unmodifiableList(systems);
        this.byCandidate = Collections.unmodifiableMap(byCandidate);
        this.provisional = Collections.unmodifiableMap(provisional);
        this.analysis = analysis;
    }

    /**
     * @param harvested   the campaign's harvested candidates
     * @param specSystems the campaign's chemical systems (element symbols in generator order)
     * @param analysis    the configured thermo stage (correction and reference set), as at harvest
     */
    public static FinalHull compute(List<Candidate> harvested, List<List<String>> specSystems, HullAnalysis analysis) {
        Map<String, ComputedEntry> entries = new LinkedHashMap<>();
        Map<String, String> provisional = new LinkedHashMap<>();
        for (Candidate c : harvested) {
            if (c.entryJson() == null) {
                provisional.put(c.id(), "no computed entry stored at harvest");
                continue;
            }
            try {
                ComputedEntry e = EntryJson.fromDict(EntryJson.mapper().readTree(c.entryJson()), "candidate " + c.id());
                entries.put(c.id(), e);
            } catch (IOException | BadInputException e) {
                provisional.put(c.id(), "stored entry unreadable: " + e.getMessage());
            }
        }
        CampaignHull ch = CampaignHull.compute(entries, specSystems, analysis);
        List<SystemHull> out = new ArrayList<>();
        for (CampaignHull.SystemResult r : ch.systems()) {
            List<Point> points = new ArrayList<>();
            r.points()
                    .forEach(p -> points.add(new Point(
                            p.id(),
                            p.corrected(),
                            p.formationEnergyPerAtom(),
                            p.eAboveHull(),
                            p.stable(),
                            p.decomposition())));
            out.add(new SystemHull(
                    r.system(), r.elements(), r.result(), Collections.unmodifiableList(points), r.failure()));
        }
        Map<String, Point> byCandidate = new LinkedHashMap<>();
        out.forEach(sh -> sh.points().forEach(p -> byCandidate.putIfAbsent(p.candidateId(), p)));
        ch.notPlaced().forEach(provisional::putIfAbsent);
        return new FinalHull(out, byCandidate, provisional, analysis);
    }

    public List<SystemHull> systems() {
        return systems;
    }

    /** The candidate's point on the final hull, or null (it keeps its harvest-time values). */
    public Point point(String candidateId) {
        return byCandidate.get(candidateId);
    }

    /** Candidates not on the final hull, with the reason; they keep their harvest-time values. */
    public Map<String, String> provisional() {
        return provisional;
    }

    /** "mp2020" or "none". */
    public String correction() {
        return analysis.correction().name().toLowerCase(Locale.ROOT);
    }

    /** The reference set's summary (sources, elements, compounds). */
    public String references() {
        return analysis.references().describe();
    }

    /** "0.6000 Li2FeO3 (mp-1) + 0.4000 Fe2O3 (c-7)": atomic fractions, phase and entry id. */
    public static String decompositionText(Map<ComputedEntry, Double> dec) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<ComputedEntry, Double> e : dec.entrySet()) {
            if (sb.length() > 0) {
                sb.append(" + ");
            }
            String id = e.getKey().entryId();
            sb.append(String.format(
                    Locale.ROOT,
                    "%.4f %s",
                    e.getValue(),
                    id == null ? e.getKey().name() : e.getKey().name() + " (" + id + ")"));
        }
        return sb.toString();
    }
}
