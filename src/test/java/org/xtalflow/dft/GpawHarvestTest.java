package org.xtalflow.dft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.HarvestStage;
import org.xtalflow.campaign.Stages;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.gpaw.GpawBundleWriter;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.ElementalReferences;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.thermo.ReferenceSet;

/**
 * Harvest through the engine seam on real recorded GPAW results (src/test/resources/gpaw/li-na-al,
 * SOURCE.md): the GPAW engine reads the candidate, its entry carries engine and settings hash and
 * is placed against the same-engine references only; against MP's VASP references it is refused.
 */
class GpawHarvestTest {

    private static final Path RECORDED = Path.of("src/test/resources/gpaw/li-na-al");

    private static GpawEngine engine() {
        return GpawEngine.of(
                Path.of("templates"),
                BatchSystem.SLURM,
                new JobResources("", "", 1, 1, "01:00:00", List.of(), "unused", "", java.util.Map.of()),
                "/usr/bin/python3");
    }

    private static Path jobDir(Path tmp, String name) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.copy(RECORDED.resolve(name + ".gpaw-result.json"), d.resolve(GpawBundleWriter.RESULT));
        return d;
    }

    @Test
    void aGpawCandidateIsPlacedOnItsOwnEnginesHull(@TempDir Path tmp) throws Exception {
        GpawEngine gpaw = engine();
        List<ComputedEntry> refs = new ArrayList<>();
        for (String el : List.of("el-Li", "el-Na", "el-Al")) {
            refs.add(gpaw.read(el, jobDir(tmp, el)).entry());
        }
        Path cand = jobDir(tmp, "NaLiAl2");
        assertThat(gpaw.wrote(cand)).isTrue();
        assertThat(new VaspEngine(null).wrote(cand)).isFalse();
        HullAnalysis sameEngine = new HullAnalysis(HullAnalysis.Correction.NONE, ReferenceSet.of(refs, "gpaw test"));
        HarvestStage harvest = new HarvestStage(() -> {
                    throw new AssertionError("a GPAW entry must never reach the MP2020 stage");
                })
                .withEngines(List.of(gpaw), (settings, entry) -> {
                    assertThat(settings.engine()).isEqualTo("gpaw");
                    assertThat(settings.settingsHash())
                            .isEqualTo(EntrySettings.of(refs.get(0)).settingsHash());
                    return sameEngine;
                });
        Stages.Harvest.Outcome o = harvest.harvest("NaLiAl2", cand);
        assertThat(o.converged()).isTrue();
        // the campaign report's figure for this candidate (BENCHMARKS.md "GPAW campaigns")
        assertThat(o.formationEnergyPerAtomEv()).isCloseTo(0.0697, within(5e-5));
        assertThat(o.eAboveHullEv()).isCloseTo(0.0697, within(5e-5));
        assertThat(o.entryJson()).contains("\"engine\":\"gpaw\"").contains("GPAW-PBE");
    }

    @Test
    void gpawEntriesAndMpReferencesDoNotShareAHull(@TempDir Path tmp) throws Exception {
        ComputedEntry cand = engine().read("NaLiAl2", jobDir(tmp, "NaLiAl2")).entry();
        List<ComputedEntry> all = new ArrayList<>(List.of(cand));
        all.addAll(ElementalReferences.bundled().entries().values());
        assertThatThrownBy(() -> EntrySettings.requireOne(all, "campaign t"))
                .isInstanceOf(EntrySettings.MixedHullException.class)
                .hasMessageContaining("gpaw/")
                .hasMessageContaining("vasp/mp-compatible");
    }
}
