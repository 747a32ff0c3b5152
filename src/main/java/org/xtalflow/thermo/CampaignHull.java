package org.xtalflow.thermo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.xtalflow.crystal.Element;

/**
 * The final convex hull of a campaign: all its entries together with the reference set, one
 * {@link HullAnalysis} per chemical system, so that candidates compete with each other and with
 * the known phases. An entry belongs to every system that contains its elements (a Ba-O entry of a
 * Ba-Ru-O campaign lies on that diagram's Ba-O edge); its E_above_hull is the same in each, as a
 * sub-system's hull is a face of the larger one, and the first system's value is kept.
 * Entries outside every given system get a system of their own.
 */
public final class CampaignHull {

    /** One entry on the final hull. Energies eV/atom. */
    public record Point(
            String id,
            ComputedEntry corrected,
            double formationEnergyPerAtom,
            double eAboveHull,
            boolean stable,
            Map<ComputedEntry, Double> decomposition) {}

    /**
     * One chemical system's diagram.
     *
     * @param system  "Ba-Ru-O" (the given element order)
     * @param result  the analysis (diagram, rows, competing compounds added), null when it failed
     * @param points  the system's entries on it
     * @param failure why there is no diagram (null when there is one)
     */
    public record SystemResult(
            String system, List<Element> elements, HullAnalysis.Result result, List<Point> points, String failure) {}

    private final List<SystemResult> systems;
    private final Map<String, Point> byId;
    private final Map<String, String> notPlaced;

    private CampaignHull(List<SystemResult> systems, Map<String, Point> byId, Map<String, String> notPlaced) {
        this.systems = Collections.unmodifiableList(systems);
        this.byId = Collections.unmodifiableMap(byId);
        this.notPlaced = Collections.unmodifiableMap(notPlaced);
    }

    /**
     * @param entries  the entries by id (a candidate's id); their own entry ids are replaced by these
     * @param systems  the chemical systems (element symbols), e.g. a campaign's
     * @param analysis correction and reference set
     */
    public static CampaignHull compute(
            Map<String, ComputedEntry> entries, List<List<String>> systems, HullAnalysis analysis) {
        Map<String, ComputedEntry> byId = new LinkedHashMap<>();
        entries.forEach((id, e) -> byId.put(id, e.toBuilder().entryId(id).build()));
        List<List<String>> all = new ArrayList<>(systems);
        for (ComputedEntry e : byId.values()) {
            if (all.stream().noneMatch(s -> s.containsAll(symbols(e)))) {
                all.add(List.copyOf(new TreeSet<>(symbols(e))));
            }
        }
        List<SystemResult> out = new ArrayList<>();
        Map<String, Point> points = new LinkedHashMap<>();
        Map<String, String> notPlaced = new LinkedHashMap<>();
        for (List<String> sys : all) {
            String label = String.join("-", sys);
            List<Element> elements = sys.stream().map(Element::of).toList();
            List<ComputedEntry> in = byId.values().stream()
                    .filter(e -> sys.containsAll(symbols(e)))
                    .toList();
            if (in.isEmpty()) {
                out.add(new SystemResult(
                        label, elements, null, List.of(), "no harvested candidate with a stored entry"));
                continue;
            }
            HullAnalysis.Result r;
            try {
                r = analysis.analyzeCandidates(in, elements);
            } catch (IllegalArgumentException e) { // incl. IncompatibleEntriesException, missing reference
                for (ComputedEntry x : in) {
                    notPlaced.putIfAbsent(x.entryId(), "final hull of " + label + " failed: " + e.getMessage());
                }
                out.add(new SystemResult(label, elements, null, List.of(), e.getMessage()));
                continue;
            }
            for (CompatibilityException ex : r.refused()) {
                notPlaced.putIfAbsent(
                        ex.entry().entryId(), "refused by " + analysis.correction() + ": " + ex.getMessage());
            }
            List<Point> sysPoints = new ArrayList<>();
            for (HullAnalysis.Row row : r.rows()) {
                PhaseDiagram.HullPoint h = row.hull();
                Point p = new Point(
                        row.input().entryId(),
                        row.corrected(),
                        h.formationEnergyPerAtom(),
                        h.eAboveHull(),
                        row.stable(),
                        h.decomposition());
                sysPoints.add(p);
                points.putIfAbsent(p.id(), p);
            }
            out.add(new SystemResult(label, elements, r, Collections.unmodifiableList(sysPoints), null));
        }
        points.keySet().forEach(notPlaced::remove); // placed in another system after all
        return new CampaignHull(out, points, notPlaced);
    }

    private static Set<String> symbols(ComputedEntry e) {
        Set<String> s = new LinkedHashSet<>();
        e.composition().elements().forEach(el -> s.add(el.symbol()));
        return s;
    }

    public List<SystemResult> systems() {
        return systems;
    }

    /** The entry's point, or null when it could not be placed ({@link #notPlaced}). */
    public Point point(String id) {
        return byId.get(id);
    }

    /** Every placed entry by id, in order. */
    public Map<String, Point> points() {
        return byId;
    }

    /** Entries without a point, with the reason. */
    public Map<String, String> notPlaced() {
        return notPlaced;
    }
}
