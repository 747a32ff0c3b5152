package org.xtalflow.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.thermo.ReferenceSet;
import org.xtalflow.thermo.ThermoSettings;
import org.xtalflow.thermo.mp.ChemicalSystem;
import org.xtalflow.thermo.mp.MpSettings;

/**
 * The application's one thermo stage for harvest and report, with the Materials Project's phases
 * of every campaign's systems joining it as campaigns start ({@link #prepare}): one reference
 * set holding the local references and the MP compounds met so far (a hull takes only the
 * compounds inside its own system, so campaigns of other systems are unaffected). Thread-safe.
 */
public final class HullContext {

    private final ThermoSettings thermo;
    private final HullReferences references;
    private final List<ComputedEntry> mpCompounds = new ArrayList<>();
    private final Map<List<List<String>>, HullReferences.Resolved> resolved =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile HullAnalysis analysis;

    public HullContext(ThermoSettings thermo, HullReferences references) {
        this.thermo = thermo;
        this.references = references;
        this.analysis = new HullAnalysis(thermo.correction(), thermo.loadReferenceSet());
    }

    /** With the store's cache and, when a key is configured, the Materials Project client. */
    public static HullContext of(
            ThermoSettings thermo, MpSettings mp, Map<String, String> environment, CandidateStore store) {
        return new HullContext(thermo, HullReferences.of(thermo, mp, environment, store));
    }

    /** The thermo stage as it stands (correction, local references and the MP compounds prepared so far). */
    public HullAnalysis analysis() {
        return analysis;
    }

    public ThermoSettings settings() {
        return thermo;
    }

    /**
     * Resolves the references of a campaign's systems (MP from the cache or fetched; without them
     * the local ones, said so) and adds the MP compounds to the stage. Never throws for MP's sake.
     */
    public HullReferences.Resolved prepare(List<List<String>> systems) {
        HullReferences.Resolved known = resolved.get(systems);
        if (known != null) {
            return known;
        }
        List<ChemicalSystem> cs = new ArrayList<>();
        systems.forEach(s -> cs.add(ChemicalSystem.parse(String.join("-", s))));
        HullReferences.Resolved r = references.resolve(cs, false);
        if (r.mpDbVersion() != null) {
            synchronized (this) {
                List<ComputedEntry> added = new ArrayList<>(mpCompounds);
                for (ChemicalSystem s : cs) {
                    added.addAll(r.references().compoundsWithin(s.elements()));
                }
                List<ComputedEntry> local = thermo.loadReferenceSet().compounds();
                added.removeIf(local::contains);
                List<ComputedEntry> distinct = HullReferences.distinctById(added);
                mpCompounds.clear();
                mpCompounds.addAll(distinct);
                analysis = new HullAnalysis(
                        thermo.correction(),
                        thermo.loadReferenceSet(ReferenceSet.of(distinct, "Materials Project " + r.mpDbVersion())));
            }
        }
        resolved.put(List.copyOf(systems), r);
        return r;
    }

    /**
     * A campaign's hull when its engine is not VASP: its engine's own references and no correction.
     *
     * @param references what the hull stands on (with the known phases left out as too large)
     * @param analysis   the stage to place the campaign's entries with
     */
    public record EngineHull(HullReferences.Resolved references, HullAnalysis analysis) {}

    private volatile java.util.function.Function<CampaignSpec, java.util.Optional<EngineHull>> engineHulls =
            spec -> java.util.Optional.empty();

    /** How campaigns of another engine than VASP get their hull (empty for a VASP campaign). */
    public HullContext withEngineHulls(
            java.util.function.Function<CampaignSpec, java.util.Optional<EngineHull>> hulls) {
        this.engineHulls = hulls;
        return this;
    }

    /** {@link #prepare(List)}, or the campaign's engine's own references when it is not VASP. */
    public HullReferences.Resolved prepare(CampaignSpec spec) {
        return engineHulls.apply(spec).map(EngineHull::references).orElseGet(() -> prepare(spec.systems()));
    }

    /** {@link #analysis()}, or the campaign's engine's own stage when it is not VASP. */
    public HullAnalysis analysis(CampaignSpec spec) {
        return engineHulls.apply(spec).map(EngineHull::analysis).orElseGet(this::analysis);
    }

    /** What a campaign's hull is computed against, as the store and the report state it. */
    public String hullDescription(List<List<String>> systems) {
        return describe(prepare(systems), analysis);
    }

    /** "references; Materials Project database ...; correction mp2020". */
    public static String describe(HullReferences.Resolved r, HullAnalysis a) {
        return r.description() + "; correction " + a.correction().name().toLowerCase(java.util.Locale.ROOT);
    }
}
