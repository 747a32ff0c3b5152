package org.xtalflow.thermo.mp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xtalflow.testing.MaterialsProjectTestServer;
import org.xtalflow.testing.SharedData;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryCsv;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.thermo.PhaseDiagram;
import org.xtalflow.thermo.ReferenceSet;

/**
 * pymatgen's Li-Fe-O phase-diagram set (../shared/data/mp_reference, 492 entries) served by the
 * Materials Project test double as GGA_GGA+U thermo documents, fetched through the real client
 * page by page: every entry's e_above_hull equals pymatgen's (2022.11.7, the computed table)
 * within 1e-6 eV/atom, on the diagram of the fetched entries and as a reference set against
 * which each entry is placed again.
 */
class MpLiFeOAgreementTest {

    @Test
    void everyEntryAsPymatgenPlacesIt() throws Exception {
        Path dir = SharedData.path("mp_reference");
        List<ComputedEntry> rows = EntryCsv.read(dir.resolve("pd_entries_test_Li-Fe-O.csv"));
        List<String> table = Files.readAllLines(dir.resolve("pd_entries_test_Li-Fe-O.computed.csv"));
        assertThat(rows).hasSize(492);
        assertThat(table).hasSize(493);
        Map<String, Double> expected = new HashMap<>();
        List<ObjectNode> docs = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            String[] c = table.get(r + 1).split(",");
            assertThat(Integer.parseInt(c[0])).isEqualTo(r);
            double ehull = Double.parseDouble(c[9]);
            String mid = "mp-t" + r;
            expected.put(mid, ehull);
            docs.add(MaterialsProjectTestServer.thermoDoc(
                    mid, rows.get(r), ehull, Double.parseDouble(c[8]), "2023-02-07T00:00:00"));
        }
        MpEntrySet set;
        try (MaterialsProjectTestServer server = new MaterialsProjectTestServer(docs, "k")) {
            server.extraUnknownField(true);
            MpSettings s = MpSettings.DEFAULTS
                    .withEndpoint(server.endpoint())
                    .withPerPage(100)
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
            set = new MaterialsProjectClient(s, MpApiKey.of("k", "test")).entriesInChemsys("Li-Fe-O");
            assertThat(server.requests().stream()
                            .filter(q -> q.contains("_page="))
                            .count())
                    .isEqualTo(5);
        }
        assertThat(set.entries()).hasSize(492);
        assertThat(set.rejected()).isEmpty();

        PhaseDiagram pd = new PhaseDiagram(set.entries());
        double maxDiff = 0;
        for (ComputedEntry e : set.entries()) {
            double exp = expected.get(e.data().get("material_id").asText());
            maxDiff = Math.max(maxDiff, Math.abs(pd.eAboveHull(e) - exp));
        }
        assertThat(maxDiff)
                .as("max |e_above_hull - pymatgen| over 492 entries, eV/atom")
                .isLessThan(1e-6);
        assertThat(pd.stableEntries()).hasSize(11);

        // the same entries as a reference set (what thermo.references: [mp] gives a campaign):
        // each compound placed again as a new entry lands where pymatgen put it (an elemental
        // candidate would be its own element's reference, as in pymatgen with the user's entries)
        HullAnalysis hull =
                new HullAnalysis(HullAnalysis.Correction.NONE, ReferenceSet.of(set.entries(), set.describe()));
        double maxDiffAsReferences = 0;
        int placed = 0;
        for (ComputedEntry e : set.entries()) {
            if (e.composition().numElements() == 1) {
                continue;
            }
            placed++;
            ComputedEntry candidate = ComputedEntry.builder(e.composition(), e.uncorrectedEnergy())
                    .entryId("candidate")
                    .build();
            double got = hull.analyze(List.of(candidate)).rows().get(0).hull().eAboveHull();
            double exp = expected.get(e.data().get("material_id").asText());
            maxDiffAsReferences = Math.max(maxDiffAsReferences, Math.abs(got - exp));
        }
        assertThat(placed).isGreaterThan(400);
        assertThat(maxDiffAsReferences).isLessThan(1e-6);
        System.out.printf(
                "Li-Fe-O via the MP test double: max |diff| %.3e (diagram), %.3e (as references) eV/atom%n",
                maxDiff, maxDiffAsReferences);
    }
}
