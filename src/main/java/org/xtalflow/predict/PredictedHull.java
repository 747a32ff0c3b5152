package org.xtalflow.predict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Structure;
import org.xtalflow.screen.KnownStructures;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.PhaseDiagram;

/**
 * Energy above the hull with no DFT at all: a candidate's predicted formation energy against the
 * convex hull of the known phases of its chemical system (by default the 5,557 bundled Materials
 * Project ground states), whose formation energies are predicted by the same CGCNN model, so that
 * the model's systematic error for a chemistry largely cancels; the elements are the references
 * (formation energy 0). {@link PhaseDiagram} does the hull.
 *
 * <p>Known phases are predicted on first use of a chemical system (all its subsystems) and
 * cached, as are the diagrams; thread-safe.
 */
public final class PredictedHull {

    /**
     * The result for one candidate: its predicted formation energy, the predicted hull's energy at
     * its composition (both eV/atom), their difference (negative when the candidate lies below
     * the predicted hull of the known phases) and the known phases it would decompose into.
     */
    public record Estimate(
            double formationEnergyPerAtom, double hullEnergyPerAtom, double eAboveHull, List<String> decomposition) {}

    private final CgcnnPredictor predictor;
    private final KnownStructures known;
    private volatile Map<String, List<Known>> bySystem;
    private final Map<String, Double> predicted = new ConcurrentHashMap<>();
    private final Map<String, PhaseDiagram> diagrams = new ConcurrentHashMap<>();

    private record Known(String id, Structure structure) {}

    /**
     * @param predictor must run the formation-energy model
     * @param known the known phases (structures with ids)
     */
    public PredictedHull(CgcnnPredictor predictor, KnownStructures known) {
        if (predictor.models().stream().noneMatch(m -> m.property() == CgcnnProperty.FORMATION_ENERGY)) {
            throw new IllegalArgumentException("the predicted hull needs the formation-energy model");
        }
        this.predictor = predictor;
        this.known = known;
    }

    /** The candidate's place relative to the predicted hull of its chemical system. */
    public Estimate estimate(Composition candidate, double predictedFormationEnergyPerAtom) {
        PhaseDiagram pd = diagram(candidate);
        double hull = pd.hullEnergyPerAtom(candidate);
        List<String> parts = new ArrayList<>();
        for (ComputedEntry e : pd.decomposition(candidate).keySet()) {
            parts.add(e.entryId());
        }
        return new Estimate(predictedFormationEnergyPerAtom, hull, predictedFormationEnergyPerAtom - hull, parts);
    }

    /** The predicted diagram of a composition's chemical system (cached). */
    public PhaseDiagram diagram(Composition c) {
        TreeSet<String> symbols = new TreeSet<>();
        for (Element e : c.elements()) {
            symbols.add(e.symbol());
        }
        String system = String.join("-", symbols);
        PhaseDiagram pd = diagrams.get(system);
        if (pd == null) {
            pd = build(new ArrayList<>(symbols));
            diagrams.putIfAbsent(system, pd);
        }
        return pd;
    }

    private PhaseDiagram build(List<String> symbols) {
        Map<String, List<Known>> index = index();
        List<Known> phases = new ArrayList<>();
        int n = symbols.size();
        for (int mask = 1; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) < 2) {
                continue; // elements are the references
            }
            List<String> sub = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    sub.add(symbols.get(i));
                }
            }
            phases.addAll(index.getOrDefault(String.join("-", sub), List.of()));
        }
        List<Known> missing = new ArrayList<>();
        for (Known k : phases) {
            if (!predicted.containsKey(k.id())) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            List<Structure> structures = new ArrayList<>(missing.size());
            for (Known k : missing) {
                structures.add(k.structure());
            }
            List<PropertyPrediction> p = predictor.predictStructures(structures);
            for (int i = 0; i < missing.size(); i++) {
                predicted.put(missing.get(i).id(), p.get(i).get(CgcnnProperty.FORMATION_ENERGY));
            }
        }
        List<ComputedEntry> entries = new ArrayList<>();
        for (String s : symbols) {
            entries.add(ComputedEntry.builder(Composition.of(Map.of(Element.of(s), 1.0)), 0.0)
                    .entryId(s)
                    .build());
        }
        for (Known k : phases) {
            Composition comp = k.structure().composition();
            entries.add(ComputedEntry.builder(comp, predicted.get(k.id()) * comp.numAtoms())
                    .entryId(k.id())
                    .build());
        }
        return new PhaseDiagram(entries);
    }

    /** Known phases by chemical system ("Fe-Li-O"), compounds only; built once. */
    private Map<String, List<Known>> index() {
        Map<String, List<Known>> m = bySystem;
        if (m == null) {
            synchronized (this) {
                if (bySystem == null) {
                    Map<String, List<Known>> out = new HashMap<>();
                    known.forEachStructure((id, s) -> {
                        Composition c = s.composition();
                        if (c.numElements() > 1 && allHaveFeatures(c)) {
                            out.computeIfAbsent(c.chemicalSystem(), k -> new ArrayList<>())
                                    .add(new Known(id, s));
                        }
                    });
                    // a stable order whatever the buckets' order, so ties in the hull resolve alike
                    Map<String, List<Known>> sorted = new LinkedHashMap<>();
                    out.forEach((k, v) -> {
                        v.sort((p, q) -> p.id().compareTo(q.id()));
                        sorted.put(k, v);
                    });
                    bySystem = sorted;
                }
                m = bySystem;
            }
        }
        return m;
    }

    private static boolean allHaveFeatures(Composition c) {
        for (Element e : c.elements()) {
            if (!AtomFeatures.covers(e.z())) {
                return false;
            }
        }
        return true;
    }
}
