package org.xtalflow.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.testing.SharedData;

/**
 * Every filter on the 5,557 Materials Project ground states, each against its own space group
 * (BENCHMARKS.md "Screening: calibration on real ground states" explains each exception).
 */
class CalibrationTest {

    private static Map<String, Calibration.Row> rows;
    private static List<Calibration.Entry> entries;

    @BeforeAll
    static void run() throws Exception {
        Path dir = SharedData.path("mp_groundstates");
        List<String> lines = Files.readAllLines(dir.resolve("index.csv"));
        CifReader reader = new CifReader();
        entries = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String id = line.substring(0, line.indexOf(','));
            CifStructure cs =
                    reader.read(dir.resolve("cifs").resolve(id + ".cif")).get(0);
            entries.add(new Calibration.Entry(id, cs.structure(), cs.declaredSpaceGroup()));
        }
        ScreeningConfig cfg = ScreeningConfig.defaults();
        cfg.spglib = "required";
        try (ScreeningPipeline p = ScreeningPipeline.fromConfig(cfg)) {
            rows = new Calibration(p.merger(), p.filters()).run(entries);
        }
        System.out.print(Calibration.table(rows));
    }

    private static List<String> ids(String row) {
        return rows.get(row).failures.stream()
                .map(f ->
                        f.substring(0, f.indexOf(' ') < 0 ? f.indexOf(':') : Math.min(f.indexOf(' '), f.indexOf(':'))))
                .toList();
    }

    @Test
    void mergeLeavesRealStructuresUnchangedExceptLargeCellsHitByTheSecondPass() {
        Calibration.Row merge = rows.get("merge");
        assertThat(merge.total).isEqualTo(5557);
        // the first pass (ratio 0.6) merges no atom of any real structure
        assertThat(merge.reasons).containsOnlyKeys("merge.second_pass_only");
        // PGCGM's second pass (ratio 1.5 above 100 sites) does merge real large cells: 101 of them
        assertThat(merge.total - merge.passed).isEqualTo(101);
        assertThat(merge.failures)
                .allMatch(f -> Integer.parseInt(f.replaceAll(".* of (\\d+) sites merged", "$1")) > 100);
    }

    @Test
    void spaceGroupRetentionPassesEveryRealStructureButOnePseudoSymmetricOne() {
        assertThat(ids("spacegroup")).containsExactly("mp-1196301"); // Pna2_1 that spglib reads as Pnma at 0.1 Å
        assertThat(rows.get("spacegroup").reasons).containsOnlyKeys("spacegroup.spglib_mismatch");
    }

    @Test
    void onRealStructuresTheSpaceGroupShortcutAgreesWithSpglib() {
        // where the supergroup search finds nothing beyond the declared group, spglib finds that group
        SupergroupAgreement a = new SupergroupAgreement();
        for (Calibration.Entry e : entries) {
            a.add(e.id(), Cell.of(e.structure()), e.spaceGroup());
        }
        System.out.printf(
                "real structures: %d keep their group's operations, shortcut settles %d, spglib rejects %d%n",
                a.checked, a.shortcut, a.spglibRejects);
        assertThat(a.checked).isEqualTo(5557);
        assertThat(a.disagreeing).isEmpty();
        assertThat(a.spglibRejects).isEqualTo(1); // mp-1196301, as above
        assertThat(a.shortcut).isGreaterThan(5000);
    }

    @Test
    void distanceFilterRejectsOnlyAlkaliRichContactsAndTwoActinylBonds() {
        Calibration.Row d = rows.get("distance");
        assertThat(d.share()).isGreaterThan(0.97);
        assertThat(d.total - d.passed).isEqualTo(148);
        // every exception involves an alkali metal, whose pymatgen atomic (metallic) radius overstates
        // its size as a cation, or an actinyl (Pu-O, Np-O) bond within 0.1% of the limit
        String alkali = "(Li|Na|K|Rb|Cs)";
        long alkaliPairs = d.failures.stream()
                .filter(f -> f.matches(".*: " + alkali + "\\d+-" + alkali + "\\d+ .*"))
                .count();
        long alkaliSelf = d.failures.stream()
                .filter(f -> f.matches(".*: " + alkali + " is .* own periodic image.*"))
                .count();
        long actinyl = d.failures.stream()
                .filter(f -> f.matches(".*: (Pu|Np)\\d+-O\\d+ .*"))
                .count();
        assertThat(alkaliPairs).isEqualTo(130);
        assertThat(alkaliSelf).isEqualTo(16);
        assertThat(actinyl).isEqualTo(2);
    }

    @Test
    void chargeFilterRejectsOnlyCompoundsWithoutACommonOrIcsdValenceBalance() {
        Calibration.Row c = rows.get("charge");
        assertThat(c.share()).isGreaterThan(0.91);
        assertThat(c.total - c.passed).isEqualTo(471);
        assertThat(c.reasons).containsOnlyKeys("charge.not_neutral");
    }

    @Test
    void densityFilterRejectsOnlyTheMolecularCrystalHgS4() {
        // volume per atom 6.7 (Be3N2) .. 64 (Cs3O) Å³, volume ratio 0.31 (Li2O2) .. 1.37 (CdHgAsBr);
        // HgS4 (111 Å³/atom, 0.98 g/cm³, ratio 4.4) is a loose packing of S4 rings around Hg: the ratio rejects it
        assertThat(rows.get("density").failures).singleElement().asString().contains("volume ratio > 1.6");
        assertThat(ids("density")).containsExactly("mp-1106367");
        assertThat(rows.get("density").reasons).containsOnlyKeys("density.too_low");
    }

    @Test
    void sizeFilterIsACostCapNotAValidityJudgement() {
        Calibration.Row s = rows.get("size");
        assertThat(s.total - s.passed).isEqualTo(1032);
        assertThat(s.reasons).containsOnlyKeys("size.too_many_sites");
    }

    @Test
    void noGroundStateIsADuplicateOfAnotherButOneNearIdenticalPairAndAllAreKnown() {
        assertThat(ids("duplicate")).containsExactly("mp-613162"); // CsSnSe3, same as mp-1542038
        Calibration.Row n = rows.get("novelty");
        assertThat(n.passed).isZero(); // each finds itself in the bundled known set
        assertThat(n.reasons).containsOnlyKeys("novelty.known");
    }
}
