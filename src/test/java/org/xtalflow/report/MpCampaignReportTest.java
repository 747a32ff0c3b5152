package org.xtalflow.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.CampaignFigures;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateChange;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.HullContext;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.testing.MaterialsProjectTestServer;
import org.xtalflow.thermo.CampaignStatistics;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.ElementalReferences;
import org.xtalflow.thermo.EntryJson;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.thermo.ReferenceSet;
import org.xtalflow.thermo.ThermoSettings;
import org.xtalflow.thermo.mp.MpSettings;

/**
 * A Ba-Ru-O campaign's report with {@code thermo.references: [bundled, mp]} against the Materials
 * Project test double: every harvested candidate is placed against MP's competing phases; a
 * second campaign with the server stopped runs from the store's cache and names the database
 * version; without key and cache the report says in its first lines that E_above_hull is a lower
 * bound. Energies are set relative to the bundled elemental references so that every number is
 * hand-checkable (eV/atom): MP has BaO at E_f -2.8, RuO2 at -1.2, BaRuO3 at -2.4 (below
 * BaO + RuO2 at -1.84, so on the hull).
 */
class MpCampaignReportTest {

    @TempDir
    Path dir;

    static final ElementalReferences EL = ElementalReferences.bundled();
    static final ThermoSettings BUNDLED_AND_MP =
            new ThermoSettings(HullAnalysis.Correction.NONE, List.of(ThermoSettings.BUNDLED, ThermoSettings.MP));

    /** An entry of {@code formula} with formation energy {@code ef} eV/atom against the bundled references. */
    static ComputedEntry withFormationEnergy(String formula, double ef) {
        Composition c = Composition.parse(formula);
        double e = 0;
        for (Element el : c.elements()) {
            e += c.get(el) * EL.get(el).energyPerAtom();
        }
        return ComputedEntry.builder(c, e + ef * c.numAtoms()).runType("GGA").build();
    }

    static List<ObjectNode> mpDocs() {
        List<ObjectNode> d = new ArrayList<>();
        String[][] rows = {
            {"mp-1", "Ba", "0"},
            {"mp-2", "Ru", "0"},
            {"mp-3", "O2", "0"},
            {"mp-4", "BaO", "-2.8"},
            {"mp-5", "RuO2", "-1.2"},
            {"mp-6", "BaRuO3", "-2.4"}
        };
        for (String[] r : rows) {
            d.add(MaterialsProjectTestServer.thermoDoc(
                    r[0], withFormationEnergy(r[1], Double.parseDouble(r[2])), 0, 0, "2025-09-01T00:00:00"));
        }
        return d;
    }

    /** Candidates: BaRuO3 0.05 above MP's, Ba2RuO4 below BaO + BaRuO3 (-2.514), BaO2 far above BaO-O2 (-1.8667). */
    static final String[][] CANDIDATES = {{"BaRuO3", "-2.35"}, {"Ba2RuO4", "-2.9"}, {"BaO2", "-1.0"}};

    static final double[] EXPECTED_WITH_MP = {0.05, 0.0, -1.0 + 2.8 * (1.0 / 3) / 0.5};

    String campaign(CandidateStore store, String id) throws Exception {
        CampaignSpec spec = new CampaignSpec(
                "baruo",
                List.of(List.of("Ba", "Ru", "O")),
                List.of(),
                3,
                "random",
                Map.of(),
                "MPRelaxSet",
                "hpc1",
                0,
                "test");
        store.createCampaign(id, "baruo", "hpc1", 0, new ObjectMapper().writeValueAsString(spec));
        List<CandidateChange> adds = new ArrayList<>();
        for (String[] c : CANDIDATES) {
            adds.add(CandidateChange.none()
                    .withStructure(c[0], 221, (int) Composition.parse(c[0]).numAtoms(), null));
        }
        HullAnalysis elementsOnly = new HullAnalysis(HullAnalysis.Correction.NONE, ReferenceSet.bundled());
        List<Candidate> cs = store.addCandidates(id, adds);
        for (int k = 0; k < cs.size(); k++) {
            String cid = cs.get(k).id();
            CandidateState from = CandidateState.GENERATED;
            for (CandidateState to : new CandidateState[] {
                CandidateState.SCREENED,
                CandidateState.PREPARED,
                CandidateState.SUBMITTING,
                CandidateState.SUBMITTED,
                CandidateState.FINISHED
            }) {
                store.transition(
                        cid,
                        from,
                        to,
                        to == CandidateState.SUBMITTED ? CandidateChange.none().withJobId("1" + k) : null);
                from = to;
            }
            ComputedEntry e = withFormationEnergy(CANDIDATES[k][0], Double.parseDouble(CANDIDATES[k][1]));
            HullAnalysis.Row r = elementsOnly.analyze(List.of(e)).rows().get(0); // what a harvest without MP stored
            store.transition(
                    cid,
                    CandidateState.FINISHED,
                    CandidateState.HARVESTED,
                    CandidateChange.none()
                            .withEnergies(
                                    e.energy(),
                                    e.energyPerAtom(),
                                    r.hull().formationEnergyPerAtom(),
                                    r.hull().eAboveHull())
                            .withEntry(EntryJson.toDict(e).toString()));
        }
        return id;
    }

    static Map<String, Double> eAboveHull(JsonNode report) {
        Map<String, Double> m = new HashMap<>();
        report.path("candidates")
                .forEach(n ->
                        m.put(n.path("formula").asText(), n.path("e_above_hull").asDouble()));
        return m;
    }

    @Test
    void againstMpThenFromTheCacheOfflineThenALowerBoundWithNeither() throws Exception {
        Path storeFile = dir.resolve("store.db");
        MaterialsProjectTestServer server = new MaterialsProjectTestServer(mpDocs(), "key-1");
        MpSettings mp = MpSettings.DEFAULTS
                .withEndpoint(server.endpoint())
                .withRetries(1, Duration.ofMillis(10))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        Map<String, String> env = Map.of("MP_API_KEY", "key-1");
        try (CandidateStore store = CandidateStore.openSqlite(storeFile)) {
            // 1. online: MP's phases compete
            String c1 = campaign(store, "c-mp1");
            Path out = new CampaignReport(store, HullContext.of(BUNDLED_AND_MP, mp, env, store))
                    .write(c1, dir.resolve("r1"));
            JsonNode j = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            Map<String, Double> eh = eAboveHull(j);
            for (int k = 0; k < CANDIDATES.length; k++) {
                assertThat(eh.get(CANDIDATES[k][0])).as(CANDIDATES[k][0]).isCloseTo(EXPECTED_WITH_MP[k], within(1e-9));
            }
            j.path("candidates")
                    .forEach(n -> assertThat(n.path("e_above_hull_at_harvest").asDouble())
                            .isCloseTo(0.0, within(1e-9)));
            assertThat(j.path("references").path("mp_db_version").asText()).isEqualTo("2025_09_25");
            assertThat(j.path("references").path("e_above_hull_lower_bound").asBoolean())
                    .isFalse();
            List<String> md = Files.readAllLines(out.resolve("report.md"));
            assertThat(String.join("\n", md.subList(0, 6)))
                    .contains("Materials Project database: 2025_09_25")
                    .doesNotContain(ReferenceNotes.LOWER_BOUND);
            // the store holds the report's numbers; statistics equal in report.md, report.json and campaign status
            for (Candidate c : store.candidates(c1)) {
                assertThat(c.eAboveHullEv()).isCloseTo(eh.get(c.formula()), within(1e-12));
            }
            CampaignStatistics fromStore = CampaignFigures.fromStore(store, c1, List.of(List.of("Ba", "Ru", "O")));
            List<String> status = fromStore.summaryLines();
            assertThat(CampaignStatistics.summaryLines(j.path("statistics"))).isEqualTo(status);
            assertThat(status)
                    .contains(
                            "DFT-optimised: 3 / 3 (100.0%)",
                            "E_above_hull = 0: 1 / 3 (33.3%)",
                            "E_above_hull < 0.1: 2 / 3 (66.7%)",
                            "stable (MatterGen): 2 / 3 (66.7%)");
            String mdText = String.join("\n", md);
            assertThat(mdText)
                    .contains(
                            "## Statistics",
                            "| E_above_hull < 0.1 | 2 / 3 (66.7%) |",
                            "| DFT-optimised | 3 / 3 (100.0%) |");

            // 2. a second campaign with the network gone: from the cache, with the version
            server.close();
            String c2 = campaign(store, "c-mp2");
            Path out2 = new CampaignReport(store, HullContext.of(BUNDLED_AND_MP, mp, env, store))
                    .write(c2, dir.resolve("r2"));
            JsonNode j2 =
                    new ObjectMapper().readTree(out2.resolve("report.json").toFile());
            assertThat(eAboveHull(j2)).isEqualTo(eh);
            assertThat(j2.path("references").path("mp_db_version").asText()).isEqualTo("2025_09_25");
            assertThat(j2.path("references").path("description").asText()).contains("from the store's cache");
            assertThat(String.join(
                            "\n", Files.readAllLines(out2.resolve("report.md")).subList(0, 6)))
                    .contains("Materials Project database: 2025_09_25");
        }
        // 3. neither key nor cache: the run goes on against the elements, and says so first
        try (CandidateStore bare = CandidateStore.openSqlite(dir.resolve("bare.db"))) {
            String c3 = campaign(bare, "c-none");
            Path out3 = new CampaignReport(bare, HullContext.of(BUNDLED_AND_MP, MpSettings.DEFAULTS, Map.of(), bare))
                    .write(c3, dir.resolve("r3"));
            List<String> md = Files.readAllLines(out3.resolve("report.md"));
            assertThat(String.join("\n", md.subList(0, 4))).contains(ReferenceNotes.LOWER_BOUND, "MP_API_KEY");
            JsonNode j3 =
                    new ObjectMapper().readTree(out3.resolve("report.json").toFile());
            assertThat(j3.path("references").path("e_above_hull_lower_bound").asBoolean())
                    .isTrue();
            assertThat(j3.path("references").path("mp_db_version").isNull()).isTrue();
            assertThat(eAboveHull(j3).get("BaO2")).isCloseTo(0.0, within(1e-9)); // nothing competes with it
        }
    }
}
