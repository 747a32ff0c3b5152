package org.xtalflow.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateChange;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.StoreConfig;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.testing.SharedData;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryCsv;
import org.xtalflow.thermo.EntryJson;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.thermo.PhaseDiagram;
import org.xtalflow.thermo.ReferenceSet;

/** The report from a store holding harvested candidates (real CIFs from the MP ground states). */
class CampaignReportTest {

    @TempDir
    Path dir;

    @Test
    void histogramsStableListAndCifs() throws Exception {
        try (CandidateStore store = CandidateStore.open(StoreConfig.sqlite(dir.resolve("s.db")))) {
            CampaignSpec spec = new CampaignSpec(
                    "r",
                    List.of(List.of("Ba", "Te", "O")),
                    List.of(),
                    3,
                    "random",
                    Map.of(),
                    "MPRelaxSet",
                    "hpc1",
                    0,
                    "test");
            store.createCampaign("c-r", "r", "hpc1", 0, new ObjectMapper().writeValueAsString(spec));
            String cif = Files.readString(SharedData.path("mp_groundstates", "cifs", "mp-1000.cif"));
            double[][] energies = {{-1.20, 0.0}, {-0.90, 0.08}, {-0.30, 0.40}};
            List<Candidate> cs = store.addCandidates(
                    "c-r",
                    List.of(
                            CandidateChange.none()
                                    .withStructure("BaTe", 225, 8, cif)
                                    .withCluster("hpc1"),
                            CandidateChange.none()
                                    .withStructure("BaTe", 225, 8, cif)
                                    .withCluster("hpc1"),
                            CandidateChange.none()
                                    .withStructure("BaTe", 225, 8, cif)
                                    .withCluster("hpc1")));
            CandidateState[] path = {
                CandidateState.SCREENED,
                CandidateState.PREPARED,
                CandidateState.SUBMITTING,
                CandidateState.SUBMITTED,
                CandidateState.FINISHED
            };
            for (int i = 0; i < cs.size(); i++) {
                String id = cs.get(i).id();
                CandidateState from = CandidateState.GENERATED;
                for (CandidateState to : path) {
                    CandidateChange ch = to == CandidateState.PREPARED
                            ? CandidateChange.none().withBundlePath(dir.toString())
                            : to == CandidateState.SUBMITTED
                                    ? CandidateChange.none().withJobId("10" + i)
                                    : CandidateChange.none();
                    store.transition(id, from, to, ch);
                    from = to;
                }
                store.transition(
                        id,
                        CandidateState.FINISHED,
                        CandidateState.HARVESTED,
                        CandidateChange.none().withEnergies(-30.0, -3.75, energies[i][0], energies[i][1]));
            }
            store.addFunnelCount("c-r", "harvest", "converged", 3);
            // the VASP attempts of the store (issue 13): a ZBRENT fixed, then a locked-only fix
            store.recordAttempt(new org.xtalflow.campaign.StoredAttempt(
                    1L,
                    "c-r",
                    cs.get(0).id(),
                    1,
                    "relax1",
                    "100",
                    "zbrent",
                    "restart from CONTCAR; EDIFF = 1e-06; NELMIN = 8",
                    "",
                    "FIXABLE",
                    null));
            store.recordAttempt(new org.xtalflow.campaign.StoredAttempt(
                    2L,
                    "c-r",
                    cs.get(0).id(),
                    2,
                    "static",
                    "101",
                    "kpoints_trans",
                    "",
                    "KPOINTS mesh 4x4x4 (locked: KPOINTS)",
                    "UNFIXABLE",
                    "the only fixes for kpoints_trans change locked settings: KPOINTS"));
            Path out = new CampaignReport(store).write("c-r", dir.resolve("report"));
            String attemptsMd = Files.readString(out.resolve("report.md"));
            assertThat(attemptsMd)
                    .contains(
                            "## VASP attempts",
                            "| zbrent | 1 | 1 |",
                            "| kpoints_trans | 1 | 0 |",
                            "| " + cs.get(0).id() + " | 2 |",
                            "| " + cs.get(0).id()
                                    + " | 2 | static | 101 | kpoints_trans |  | KPOINTS mesh 4x4x4 (locked: KPOINTS) | UNFIXABLE |");
            assertThat(new ObjectMapper()
                            .readTree(out.resolve("report.json").toFile())
                            .path("attempts"))
                    .hasSize(2);

            assertThat(out.resolve("ef_histogram.png")).isNotEmptyFile();
            assertThat(out.resolve("ehull_histogram.png")).isNotEmptyFile();
            assertThat(out.resolve("funnel.png")).isNotEmptyFile();
            // E_hull 0.0 and 0.08 are within 0.1 eV/atom; 0.40 is not.
            assertThat(out.resolve("cifs").toFile().list())
                    .containsExactlyInAnyOrder(
                            cs.get(0).id() + ".cif", cs.get(1).id() + ".cif");
            assertThat(new CifReader()
                            .read(out.resolve("cifs").resolve(cs.get(0).id() + ".cif"))
                            .get(0)
                            .structure()
                            .sites())
                    .hasSize(8);
            String md = Files.readString(out.resolve("report.md"));
            assertThat(md)
                    .contains("3 harvested: E_f < 0 for 3, on the hull 1, E_hull < 0.1 eV/atom 2, < 0.25 eV/atom 2")
                    .contains("3 of 3 harvested runs converged (100.0%)")
                    .contains("| " + cs.get(2).id() + " | hpc1 | 102 | HARVESTED |");
            JsonNode json =
                    new ObjectMapper().readTree(out.resolve("report.json").toFile());
            assertThat(json.path("hull_statistics").path("on_hull").asInt()).isEqualTo(1);
            assertThat(json.path("stable_and_near_stable")).hasSize(2);
            assertThat(json.path("candidates_per_state").path("HARVESTED").asLong())
                    .isEqualTo(3);
        }
    }

    /**
     * The final hull of a campaign from harvested candidates: pymatgen's Li-Fe-O set split into
     * candidates (the 8 stable compounds and every 16th row) and a reference file (elements and
     * the other compounds). Candidates and references together are pymatgen's whole diagram, so
     * every final E_above_hull must equal pymatgen's; harvest-time values (each candidate alone)
     * are lower for candidates that a stable candidate outcompetes. Hull diagrams: Li-Fe-O
     * (ternary) and Li-O (binary), drawn from the campaign's entries.
     */
    @Test
    void finalHullOverAllCandidatesWithReferenceCompoundsAndHullDiagrams() throws Exception {
        Path data = SharedData.path("mp_reference");
        List<ComputedEntry> rows = EntryCsv.read(data.resolve("pd_entries_test_Li-Fe-O.csv"));
        List<String> lines = Files.readAllLines(data.resolve("pd_entries_test_Li-Fe-O.computed.csv"));
        List<ComputedEntry> candidates = new ArrayList<>();
        List<Integer> candidateRows = new ArrayList<>();
        List<ComputedEntry> known = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ComputedEntry e = rows.get(i).toBuilder().entryId("row" + i).build();
            boolean pymatgenStable = lines.get(i + 1).contains(",True,");
            if (e.composition().numElements() > 1 && (pymatgenStable || i % 16 == 1)) {
                candidates.add(e);
                candidateRows.add(i);
            } else {
                known.add(e);
            }
        }
        Path refs = dir.resolve("known-phases.csv");
        EntryCsv.write(known, refs);
        HullAnalysis thermo = new HullAnalysis(HullAnalysis.Correction.NONE, ReferenceSet.load(refs));

        double[] harvestEhull = new double[candidates.size()];
        List<String> ids = new ArrayList<>();
        try (CandidateStore store = CandidateStore.open(StoreConfig.sqlite(dir.resolve("s.db")))) {
            CampaignSpec spec = new CampaignSpec(
                    "lifeo",
                    List.of(List.of("Li", "Fe", "O"), List.of("Li", "O")),
                    List.of(),
                    3,
                    "random",
                    Map.of(),
                    "MPRelaxSet",
                    "hpc1",
                    0,
                    "test",
                    5L);
            store.createCampaign("c-h", "lifeo", "hpc1", 0, new ObjectMapper().writeValueAsString(spec));
            List<CandidateChange> adds = new ArrayList<>();
            for (ComputedEntry e : candidates) {
                adds.add(CandidateChange.none()
                        .withStructure(e.name(), 1, (int) e.composition().numAtoms(), null)
                        .withCluster("hpc1"));
            }
            adds.add(CandidateChange.none()
                    .withStructure("LiFeO2", 1, 4, null)
                    .withCluster("hpc1")); // harvested without an entry
            List<Candidate> cs = store.addCandidates("c-h", adds);
            for (int k = 0; k < cs.size(); k++) {
                String id = cs.get(k).id();
                ids.add(id);
                moveToFinished(store, id, k);
                if (k < candidates.size()) {
                    // what the harvest stage computes: this candidate alone against the references
                    ComputedEntry e = candidates.get(k);
                    HullAnalysis.Row r = thermo.analyze(List.of(e)).rows().get(0);
                    harvestEhull[k] = r.hull().eAboveHull();
                    store.transition(
                            id,
                            CandidateState.FINISHED,
                            CandidateState.HARVESTED,
                            CandidateChange.none()
                                    .withEnergies(
                                            e.energy(),
                                            e.energyPerAtom(),
                                            r.hull().formationEnergyPerAtom(),
                                            r.hull().eAboveHull())
                                    .withEntry(EntryJson.toDict(e).toString()));
                } else {
                    store.transition(
                            id,
                            CandidateState.FINISHED,
                            CandidateState.HARVESTED,
                            CandidateChange.none().withEnergies(-28.0, -7.0, -1.5, 0.02));
                }
            }
            Path out = new CampaignReport(store, thermo).write("c-h", dir.resolve("report-h"));

            JsonNode json =
                    new ObjectMapper().readTree(out.resolve("report.json").toFile());
            JsonNode fh = json.path("final_hull");
            assertThat(fh.path("correction").asText()).isEqualTo("none");
            assertThat(fh.path("references").asText())
                    .isEqualTo(refs + ": 3 elements, " + (known.size() - countElements(known)) + " compounds");
            assertThat(fh.path("provisional_only").path(ids.get(ids.size() - 1)).asText())
                    .isEqualTo("no computed entry stored at harvest");
            Map<String, JsonNode> byId = new java.util.HashMap<>();
            json.path("candidates").forEach(n -> byId.put(n.path("id").asText(), n));
            int raised = 0;
            for (int k = 0; k < candidates.size(); k++) {
                JsonNode n = byId.get(ids.get(k));
                String[] pm = lines.get(candidateRows.get(k) + 1).split(",");
                assertThat(n.path("e_above_hull").asDouble())
                        .as("row " + candidateRows.get(k) + " " + pm[1])
                        .isCloseTo(Double.parseDouble(pm[9]), within(1e-9));
                assertThat(n.path("is_stable").asBoolean()).isEqualTo(Boolean.parseBoolean(pm[10]));
                assertThat(n.path("e_above_hull_source").asText()).isEqualTo("final hull");
                assertThat(n.path("e_above_hull_at_harvest").asDouble()).isEqualTo(harvestEhull[k]);
                if (n.path("e_above_hull").asDouble() > harvestEhull[k] + 1e-6) {
                    raised++;
                }
            }
            assertThat(raised).as("candidates outcompeted by other candidates").isPositive();
            // e.g. a second Li2O2 decomposes into the lower Li2O2 candidate: candidates are phases of the final hull
            assertThat(byId.values())
                    .anyMatch(n -> !n.path("is_stable").asBoolean()
                            && n.path("decomposition").asText().matches(".*\\(c-h-\\d+\\).*"));
            assertThat(byId.values())
                    .filteredOn(n -> n.path("is_stable").asBoolean())
                    .allMatch(n -> n.path("decomposition").asText().equals("on the hull"))
                    .hasSize(8);
            JsonNode last = byId.get(ids.get(ids.size() - 1));
            assertThat(last.path("e_above_hull").asDouble()).isEqualTo(0.02);
            assertThat(last.path("e_above_hull_source").asText()).isEqualTo("harvest (provisional)");

            // the diagrams: files, JSON and Markdown links
            assertThat(json.path("figures").toString())
                    .contains("hull_Li-Fe-O.png", "hull_Li-O.png", "ef_histogram.png");
            JsonNode systems = fh.path("systems");
            assertThat(systems.get(0).path("system").asText()).isEqualTo("Li-Fe-O");
            assertThat(systems.get(0).path("figure").asText()).isEqualTo("hull_Li-Fe-O.png");
            assertThat(systems.get(0).path("stable_phases")).hasSize(11);
            assertThat(systems.get(1).path("figure").asText()).isEqualTo("hull_Li-O.png");
            String md = Files.readString(out.resolve("report.md"));
            assertThat(md)
                    .contains(
                            "## Final convex hull",
                            "- reference set: " + refs,
                            "were provisional",
                            "![hull_Li-Fe-O.png](hull_Li-Fe-O.png)",
                            "![hull_Li-O.png](hull_Li-O.png)",
                            "- sampling seed: 5 (from the spec");
            for (String fig : List.of("hull_Li-Fe-O.png", "hull_Li-O.png")) {
                BufferedImage img = ImageIO.read(out.resolve(fig).toFile());
                assertThat(img).as(fig + " decodes").isNotNull();
                assertThat(img.getWidth()).isBetween(1000, 4000);
                assertThat(img.getHeight()).isBetween(1000, 4000);
                // candidates on the hull are drawn in the "on hull" colour
                assertThat(pixels(img, new java.awt.Color(0, 140, 60)))
                        .as(fig + " on-hull markers")
                        .isGreaterThan(20);
            }

            // the ternary figure is drawn from the campaign's candidates (and the reference phases on the hull)
            FinalHull again = FinalHull.compute(
                    store.candidates("c-h").stream()
                            .filter(c -> c.state() == CandidateState.HARVESTED)
                            .toList(),
                    spec.systems(),
                    thermo);
            FinalHull.SystemHull tern = again.systems().get(0);
            XYChart chart = tern.chart();
            assertThat(chart.getTitle()).isEqualTo("Li-Fe-O phase diagram (11 stable phases)");
            List<double[]> plotted = new ArrayList<>();
            chart.getSeriesMap().forEach((name, series) -> {
                if (name.startsWith("E_hull ")) {
                    for (int i = 0; i < series.getXData().length; i++) {
                        plotted.add(new double[] {series.getXData()[i], series.getYData()[i]});
                    }
                }
            });
            assertThat(plotted).hasSize(candidates.size());
            PhaseDiagram pd = tern.result().phaseDiagram();
            for (ComputedEntry e : candidates) {
                double[] f = pd.fractions(e.composition());
                double x = f[1] + f[2] / 2;
                double y = f[2] * Math.sqrt(3) / 2;
                assertThat(plotted)
                        .as(e.name())
                        .anyMatch(p -> Math.abs(p[0] - x) < 1e-12 && Math.abs(p[1] - y) < 1e-12);
            }
            assertThat(chart.getSeriesMap().get("stable phases").getXData()).hasSize(11);
            // the binary Li-O diagram holds the Li-O candidates only
            long liO = candidates.stream()
                    .filter(e -> e.composition().numElements() == 2
                            && e.composition().elements().stream()
                                    .noneMatch(el -> el.symbol().equals("Fe")))
                    .count();
            assertThat(again.systems().get(1).points()).hasSize((int) liO);
            assertThat(liO).isPositive();
        }
    }

    private static void moveToFinished(CandidateStore store, String id, int k) {
        CandidateState from = CandidateState.GENERATED;
        for (CandidateState to : new CandidateState[] {
            CandidateState.SCREENED,
            CandidateState.PREPARED,
            CandidateState.SUBMITTING,
            CandidateState.SUBMITTED,
            CandidateState.FINISHED
        }) {
            CandidateChange ch = to == CandidateState.SUBMITTED
                    ? CandidateChange.none().withJobId("20" + k)
                    : CandidateChange.none();
            store.transition(id, from, to, ch);
            from = to;
        }
    }

    private static int countElements(List<ComputedEntry> es) {
        return (int) es.stream().filter(e -> e.composition().numElements() == 1).count();
    }

    private static int pixels(BufferedImage img, java.awt.Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }
}
