package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Composition;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryJson;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.thermo.ReferenceSet;

/**
 * The final hull written back to the store: candidates compete with each other and with the
 * known phases; the harvest-time values stay as history.
 */
class FinalHullUpdaterTest {

    @TempDir
    Path dir;

    @Test
    void finalValuesReplaceHarvestOnesWhichStayAsHistory() {
        // Li-O, energies per atom chosen by hand (eV): Li -1.9, O -4.9 (O2 as 2 atoms -9.8);
        // known Li2O at -6.0 eV/atom; candidates: Li2O2 at -5.9 (E_f = -2.5), LiO2 at -5.5
        ComputedEntry li = ComputedEntry.builder(Composition.parse("Li"), -1.9)
                .entryId("ref-Li")
                .build();
        ComputedEntry o2 = ComputedEntry.builder(Composition.parse("O2"), -9.8)
                .entryId("ref-O")
                .build();
        ComputedEntry li2o = ComputedEntry.builder(Composition.parse("Li2O"), -18.0)
                .entryId("ref-Li2O")
                .build();
        ReferenceSet refs = ReferenceSet.of(List.of(li, o2, li2o), "hand-made Li-O");
        HullAnalysis thermo = new HullAnalysis(HullAnalysis.Correction.NONE, refs);
        ComputedEntry li2o2 =
                ComputedEntry.builder(Composition.parse("Li2O2"), -23.6).build();
        ComputedEntry lio2 =
                ComputedEntry.builder(Composition.parse("LiO2"), -16.5).build();
        try (CandidateStore store = CandidateStore.openSqlite(dir.resolve("s.db"))) {
            store.createCampaign("c1", "lio", "local", 0, "{}");
            List<Candidate> cs = store.addCandidates(
                    "c1",
                    List.of(
                            CandidateChange.none().withStructure("Li2O2", 1, 4, null),
                            CandidateChange.none().withStructure("LiO2", 1, 3, null)));
            ComputedEntry[] es = {li2o2, lio2};
            for (int k = 0; k < 2; k++) {
                String id = cs.get(k).id();
                walkToFinished(store, id);
                // harvest: alone against the references
                HullAnalysis.Row r = thermo.analyze(List.of(es[k])).rows().get(0);
                store.transition(
                        id,
                        CandidateState.FINISHED,
                        CandidateState.HARVESTED,
                        CandidateChange.none()
                                .withEnergies(
                                        es[k].energy(),
                                        es[k].energyPerAtom(),
                                        r.hull().formationEnergyPerAtom(),
                                        r.hull().eAboveHull())
                                .withEntry(EntryJson.toDict(es[k]).toString()));
            }
            // alone, LiO2 (x_O = 2/3, E_f = -5.5 - (-1.9 - 2 * 4.9) / 3 = -1.6) lies below the Li2O-O2 tie line:
            // Li2O has E_f = -6.0 + (2 * 1.9 + 4.9) / 3 = -3.1, the line at x_O = 2/3 is -3.1 / 2 = -1.55: on the hull
            // alone
            double harvestLio2 = store.get(cs.get(1).id()).eAboveHullEv();
            assertThat(harvestLio2).isCloseTo(0.0, within(1e-12));

            FinalHullUpdater.update(store, "c1", List.of(List.of("Li", "O")), thermo, "hand-made Li-O");
            Candidate a = store.get(cs.get(0).id());
            Candidate b = store.get(cs.get(1).id());
            // Li2O2 (x_O = 1/2, E_f = -5.9 + (1.9 + 4.9) / 2 = -2.5) is on the hull; with it there, the hull at
            // x_O = 2/3 runs from Li2O2 (1/2, -2.5) to O2 (1, 0): -2.5 * (1/3)/(1/2) = -1.6667; LiO2 is 0.0667 above
            assertThat(a.eAboveHullEv()).isCloseTo(0.0, within(1e-9));
            assertThat(b.formationEnergyPerAtomEv()).isCloseTo(-1.6, within(1e-9));
            assertThat(b.eAboveHullEv()).isCloseTo(1.0 / 15, within(1e-9));
            Map<String, HullHistory> h = store.hullHistory("c1");
            assertThat(h.get(b.id()).harvestEAboveHullEv()).isEqualTo(harvestLio2);
            assertThat(h.get(b.id()).references()).isEqualTo("hand-made Li-O");

            // again (e.g. new references): the history keeps the harvest value, not the last final one
            FinalHullUpdater.update(store, "c1", List.of(List.of("Li", "O")), thermo, "again");
            assertThat(store.hullHistory("c1").get(b.id()).harvestEAboveHullEv())
                    .isEqualTo(harvestLio2);
            assertThat(store.hullHistory("c1").get(b.id()).references()).isEqualTo("again");
        }
    }

    static void walkToFinished(CandidateStore store, String id) {
        store.transition(id, CandidateState.GENERATED, CandidateState.SCREENED, null);
        store.transition(
                id,
                CandidateState.SCREENED,
                CandidateState.PREPARED,
                CandidateChange.none().withBundlePath("/tmp/b"));
        store.transition(
                id,
                CandidateState.PREPARED,
                CandidateState.SUBMITTING,
                CandidateChange.none().withCluster("local"));
        store.transition(
                id,
                CandidateState.SUBMITTING,
                CandidateState.SUBMITTED,
                CandidateChange.none().withJobId("1"));
        store.transition(id, CandidateState.SUBMITTED, CandidateState.RUNNING, null);
        store.transition(id, CandidateState.RUNNING, CandidateState.FINISHED, null);
    }
}
