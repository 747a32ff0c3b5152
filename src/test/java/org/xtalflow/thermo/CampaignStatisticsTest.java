package org.xtalflow.thermo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtalflow.thermo.CampaignStatistics.Sample;

/** Hand-checkable figures: ten candidates sent to DFT in two systems and three space groups. */
class CampaignStatisticsTest {

    static final List<Sample> TEN = List.of(
            //        id   system     sg   opt   E_f     E_hull  unique novel
            new Sample("a", "Ba-O-Ru", 221, true, -1.20, 0.00, true, true), // S.U.N.
            new Sample("b", "Ba-O-Ru", 221, true, -1.10, 0.05, true, false), // stable, unique, known
            new Sample("c", "Ba-O-Ru", 221, true, -0.90, 0.10, false, true), // stable (= 0.1), duplicate
            new Sample("d", "Ba-O-Ru", 62, true, -0.50, 0.20, true, true), // < 0.25, not stable
            new Sample("e", "Ba-O-Ru", 62, true, 0.30, 0.60, true, true),
            new Sample("f", "Ba-O-Ru", 62, false, null, null, true, true), // relaxation failed
            new Sample("g", "Fe-Li-O", 166, true, -2.00, 0.00, true, true), // S.U.N.
            new Sample("h", "Fe-Li-O", 166, true, -1.90, 0.099, true, true), // S.U.N.
            new Sample("i", "Fe-Li-O", 166, true, 0.10, 0.30, true, true),
            new Sample("j", "Fe-Li-O", 166, false, null, null, false, false)); // failed

    @Test
    void campaignFiguresWithTheirDenominators() {
        CampaignStatistics st = CampaignStatistics.of(TEN, "fingerprint within 0.2", "bundled + MP 2025_09_25, MP2020");
        CampaignStatistics.Table t = st.overall();
        // 8 of 10 relaxed
        assertThat(t.figure("dft_optimised").count()).isEqualTo(8);
        assertThat(t.figure("dft_optimised").denominator()).isEqualTo(10);
        // of the 8 optimised: E_f < 0 for a,b,c,d,g,h = 6
        assertThat(t.figure("formation_energy_negative").count()).isEqualTo(6);
        assertThat(t.figure("formation_energy_negative").denominator()).isEqualTo(8);
        assertThat(t.figure("on_hull").count()).isEqualTo(2); // a, g
        assertThat(t.figure("e_above_hull_below_0.1").count()).isEqualTo(4); // a, b, g, h (c is exactly 0.1)
        assertThat(t.figure("e_above_hull_below_0.25").count()).isEqualTo(6); // + c, d
        assertThat(t.figure("e_above_hull_below_0.25").share()).isEqualTo(0.75);
        // MatterGen, over the 10 sent to DFT: stable a,b,c,g,h = 5; unique all but c, j = 8; novel all but b, j = 8
        assertThat(t.figure("stable").count()).isEqualTo(5);
        assertThat(t.figure("stable").denominator()).isEqualTo(10);
        assertThat(t.figure("unique").count()).isEqualTo(8);
        assertThat(t.figure("novel").count()).isEqualTo(8);
        assertThat(t.figure("sun").count()).isEqualTo(3); // a, g, h
        assertThat(t.figure("sun").share()).isEqualTo(0.3);
        assertThat(t.figure("sun").formatted()).isEqualTo("3 / 10 (30.0%)");
    }

    @Test
    void perChemicalSystemAndPerSpaceGroup() {
        CampaignStatistics st = CampaignStatistics.of(TEN, "m", "h");
        assertThat(st.byChemicalSystem()).containsOnlyKeys("Ba-O-Ru", "Fe-Li-O");
        CampaignStatistics.Table baRuO = st.byChemicalSystem().get("Ba-O-Ru");
        assertThat(baRuO.figure("dft_optimised").formatted()).isEqualTo("5 / 6 (83.3%)");
        assertThat(baRuO.figure("sun").formatted()).isEqualTo("1 / 6 (16.7%)");
        CampaignStatistics.Table feLiO = st.byChemicalSystem().get("Fe-Li-O");
        assertThat(feLiO.figure("sun").formatted()).isEqualTo("2 / 4 (50.0%)");
        assertThat(feLiO.figure("on_hull").formatted()).isEqualTo("1 / 3 (33.3%)");
        assertThat(st.bySpaceGroup()).containsOnlyKeys(62, 166, 221);
        assertThat(st.bySpaceGroup().get(221).figure("stable").formatted()).isEqualTo("3 / 3 (100.0%)");
        assertThat(st.bySpaceGroup().get(62).figure("e_above_hull_below_0.25").formatted())
                .isEqualTo("1 / 2 (50.0%)");
        // the per-system counts add up to the campaign's
        for (CampaignStatistics.Figure f : st.overall().figures()) {
            int sum = st.byChemicalSystem().values().stream()
                    .mapToInt(t -> t.figure(f.key()).count())
                    .sum();
            assertThat(sum).as(f.key()).isEqualTo(f.count());
        }
    }

    @Test
    void jsonAndMarkdownCarryTheSameNumbersDefinitionsAndDenominators() {
        CampaignStatistics st = CampaignStatistics.of(TEN, "the screening's fingerprint matcher", "bundled + mp");
        ObjectNode j = st.toJson();
        assertThat(j.path("campaign").path("sun").path("count").asInt()).isEqualTo(3);
        assertThat(j.path("campaign").path("sun").path("denominator").asInt()).isEqualTo(10);
        assertThat(j.path("campaign").path("sun").path("share").asDouble()).isEqualTo(0.3);
        assertThat(j.path("by_space_group")
                        .path("166")
                        .path("dft_optimised")
                        .path("count")
                        .asInt())
                .isEqualTo(3);
        assertThat(j.path("definitions").get(0).path("denominator").asText()).isEqualTo("candidates sent to DFT");
        assertThat(j.path("matcher").asText()).isEqualTo("the screening's fingerprint matcher");
        List<String> md = st.markdown();
        assertThat(md)
                .contains(
                        "| S.U.N. | 3 / 10 (30.0%) | stable, unique and novel at once (MatterGen's S.U.N. rate) | candidates sent to DFT |");
        assertThat(md)
                .contains(
                        "| E_f < 0 | 6 / 8 (75.0%) | formation energy per atom against the elemental references below 0 eV/atom | DFT-optimised candidates |");
        assertThat(md)
                .anySatisfy(l ->
                        assertThat(l).startsWith("| Fe-Li-O | 3 / 4 (75.0%) |").endsWith(" 2 / 4 (50.0%) |"));
    }

    @Test
    void emptyCampaignHasNoShares() {
        CampaignStatistics st = CampaignStatistics.of(List.of(), "m", "h");
        assertThat(st.overall().figure("sun").formatted()).isEqualTo("0 / 0 (n/a)");
        assertThat(st.toJson().path("campaign").path("sun").path("share").isNull())
                .isTrue();
    }
}
