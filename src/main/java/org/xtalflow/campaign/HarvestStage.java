package org.xtalflow.campaign;

import java.nio.file.Path;
import java.util.List;
import org.xtalflow.dft.VaspEngine;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.ElementalReferences;
import org.xtalflow.thermo.EntryJson;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.thermo.PhaseDiagram;

/**
 * The harvest stage: the fetched {@code vasprun.xml} (vaspout's reader) becomes a computed entry
 * (final structure, final energy, run type, U values, POTCAR symbols), corrected with MP2020 and
 * placed by thermo's {@link HullAnalysis} (conf's thermo section: MP2020 or no correction, the
 * bundled MP elemental references unless {@code thermo.references} names files with elements and
 * competing compounds): formation energy per atom and E_above_hull. These values are provisional:
 * the candidate stands alone against the references. The entry itself is returned too, and the
 * campaign report recomputes the final hull over all harvested candidates of the campaign.
 */
public final class HarvestStage implements Stages.Harvest {

    private final java.util.function.Supplier<HullAnalysis> analysis;

    /** MP2020 corrections against the bundled MP elemental references. */
    public HarvestStage() {
        this(new HullAnalysis(HullAnalysis.Correction.MP2020, ElementalReferences.bundled()));
    }

    /** The conf's thermo section ({@code thermo.correction}, {@code thermo.references}). */
    public HarvestStage(HullAnalysis analysis) {
        this(() -> analysis);
    }

    /** The thermo stage as it stands at each harvest (it gains each campaign's Materials Project phases). */
    public HarvestStage(java.util.function.Supplier<HullAnalysis> analysis) {
        this.analysis = analysis;
    }

    private java.util.List<org.xtalflow.dft.DftEngine> engines = List.of();
    private java.util.function.BiFunction<org.xtalflow.dft.EntrySettings, ComputedEntry, HullAnalysis> sameEngineHull =
            (settings, entry) -> {
                throw new IllegalStateException(
                        entry.entryId() + ": no same-engine references for " + settings.label());
            };

    /**
     * Reads the outputs of other engines too: the first engine that {@link
     * org.xtalflow.dft.DftEngine#wrote} the results folder reads it (else vasprun.xml is read);
     * an entry of an engine other than VASP is placed against {@code sameEngineHull}'s stage (its
     * engine's own references, no correction), never against MP's.
     */
    public HarvestStage withEngines(
            List<org.xtalflow.dft.DftEngine> others,
            java.util.function.BiFunction<org.xtalflow.dft.EntrySettings, ComputedEntry, HullAnalysis> hull) {
        this.engines = List.copyOf(others);
        this.sameEngineHull = hull;
        return this;
    }

    @Override
    public Outcome harvest(String candidateId, Path resultsDir) {
        org.xtalflow.dft.DftResult result = engines.stream()
                .filter(x -> x.wrote(resultsDir))
                .findFirst()
                .map(x -> x.read(candidateId, resultsDir))
                .orElseGet(() -> VaspEngine.readVasprun(candidateId, resultsDir));
        ComputedEntry e = result.entry();
        org.xtalflow.dft.EntrySettings settings = org.xtalflow.dft.EntrySettings.of(e);
        boolean vasp = settings.engine().equals(org.xtalflow.dft.Engine.VASP.configName());
        HullAnalysis.Result r;
        try {
            r = (vasp ? analysis.get() : sameEngineHull.apply(settings, e)).analyzeCandidates(List.of(e), List.of());
        } catch (IllegalArgumentException ex) {
            throw new IllegalStateException(
                    candidateId + ": " + refuser(vasp) + " refused the entry: " + ex.getMessage(), ex);
        }
        if (!r.refused().isEmpty()) {
            throw new IllegalStateException(candidateId + ": " + refuser(vasp) + " refused the entry: "
                    + r.refused().get(0).getMessage());
        }
        HullAnalysis.Row row = r.rows().stream()
                .filter(x -> candidateId.equals(x.input().entryId()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(candidateId + ": not among the analysed entries"));
        PhaseDiagram.HullPoint h = row.hull();
        return new Outcome(
                result.finalEnergyEv(),
                result.energyPerAtomEv(),
                h.formationEnergyPerAtom(),
                h.eAboveHull(),
                result.converged(),
                EntryJson.toDict(e).toString());
    }

    private static String refuser(boolean vasp) {
        return vasp ? "MP2020" : "the same-engine hull";
    }
}
