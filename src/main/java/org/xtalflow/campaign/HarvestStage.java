package org.xtalflow.campaign;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.ElementalReferences;
import org.xtalflow.thermo.EntryJson;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.thermo.PhaseDiagram;
import org.xtalflow.vasp.outputs.Vasprun;

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

    @Override
    public Outcome harvest(String candidateId, Path resultsDir) {
        Path file = resultsDir.resolve("vasprun.xml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(candidateId + ": no vasprun.xml in " + resultsDir);
        }
        Vasprun v = Vasprun.read(file);
        ComputedEntry e = ComputedEntry.builder(v.finalStructure(), v.finalEnergy())
                .entryId(candidateId)
                .runType(v.runType())
                .hubbards(v.hubbards())
                .potcarSymbols(v.potcarSymbols())
                .build();
        HullAnalysis.Result r;
        try {
            r = analysis.get().analyze(List.of(e));
        } catch (IllegalArgumentException ex) {
            throw new IllegalStateException(candidateId + ": MP2020 refused the entry: " + ex.getMessage(), ex);
        }
        if (!r.refused().isEmpty()) {
            throw new IllegalStateException(candidateId + ": MP2020 refused the entry: "
                    + r.refused().get(0).getMessage());
        }
        HullAnalysis.Row row = r.rows().stream()
                .filter(x -> candidateId.equals(x.input().entryId()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(candidateId + ": not among the analysed entries"));
        PhaseDiagram.HullPoint h = row.hull();
        return new Outcome(
                v.finalEnergy(),
                v.finalEnergyPerAtom(),
                h.formationEnergyPerAtom(),
                h.eAboveHull(),
                v.isConverged(),
                EntryJson.toDict(e).toString());
    }
}
