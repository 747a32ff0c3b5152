package org.xtalflow.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;
import org.xtalflow.screen.KnownStructures;

class PreScreenTest {

    static CgcnnPredictor predictor;
    static PredictedHull hull;

    @BeforeAll
    static void open() {
        predictor = CgcnnPredictor.open(EnumSet.allOf(CgcnnProperty.class));
        hull = new PredictedHull(predictor, KnownStructures.builtin());
    }

    @AfterAll
    static void close() {
        predictor.close();
    }

    static PreScreenConfig config(String yaml) throws Exception {
        JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        return PreScreenConfig.defaults().read(n.get("prescreen"), "test.yaml", "prescreen");
    }

    static PreScreen.Input rocksalt(String id, double a) {
        return new PreScreen.Input(id, TestCrystals.rocksalt(a));
    }

    @Test
    void thresholdsTopNAndUnpredictableEachHaveTheirReason() throws Exception {
        PreScreenConfig c = config("prescreen: {max_e_above_hull: 0.1, top_n_per_system: 1}");
        PreScreen.Input disordered = new PreScreen.Input(
                "d",
                new Structure(
                        Lattice.cubic(4), List.of(new Site(Element.of("Fe"), new double[] {0, 0, 0}, 0.5, "Fe1"))));
        List<PreScreen.Outcome> out = new PreScreen(c, predictor, hull)
                .check(List.of(
                        rocksalt("squeezed", 4.6), rocksalt("relaxed", 5.69), rocksalt("near", 5.6), disordered));
        assertThat(out).extracting(PreScreen.Outcome::id).containsExactly("squeezed", "relaxed", "near", "d");
        assertThat(out.get(0).reason()).isEqualTo(PreScreen.PREDICTED_UNSTABLE);
        assertThat(out.get(0).detail()).contains("above the predicted hull").contains("max_e_above_hull 0.100");
        // both near-equilibrium copies pass the threshold; only the lower one is the system's top 1
        PreScreen.Outcome relaxed = out.get(1);
        PreScreen.Outcome near = out.get(2);
        assertThat(List.of(relaxed, near)).filteredOn(PreScreen.Outcome::passed).hasSize(1);
        PreScreen.Outcome loser = relaxed.passed() ? near : relaxed;
        PreScreen.Outcome winner = relaxed.passed() ? relaxed : near;
        assertThat(loser.reason()).isEqualTo(PreScreen.NOT_TOP_N);
        assertThat(loser.hull().eAboveHull())
                .isGreaterThanOrEqualTo(winner.hull().eAboveHull());
        assertThat(loser.detail()).contains("rank 2 of 2 in Cl-Na");
        assertThat(out.get(3).reason()).isEqualTo(PreScreen.NO_PREDICTION);
        assertThat(out.get(3).detail()).contains("occupancy 0.5");
        // every predicted candidate keeps its predictions, rejected or not
        for (PreScreen.Outcome o : out.subList(0, 3)) {
            assertThat(o.prediction().values()).hasSize(8);
            assertThat(o.hull()).isNotNull();
        }
    }

    @Test
    void windowsOnPredictedProperties() throws Exception {
        // rock salt's predicted gap is about 4.8 eV: outside a photovoltaic window
        PreScreen pv = new PreScreen(config("prescreen: {windows: {band_gap: [1.0, 3.0]}}"), predictor, hull);
        PreScreen.Outcome o = pv.check(List.of(rocksalt("nacl", 5.69))).get(0);
        assertThat(o.reason()).isEqualTo("prescreen.outside_window:band_gap");
        assertThat(o.detail()).contains("band_gap").contains("[1.0, 3.0]");
        // within 20% of a target formation energy (ICSG3D's funnel), and a wide window: passes
        PreScreen target = new PreScreen(config("""
                prescreen:
                  windows:
                    formation_energy: {target: -2.0, within: 0.2}
                    band_gap: [0, 10]
                """), predictor, hull);
        assertThat(target.check(List.of(rocksalt("nacl", 5.69))).get(0).passed())
                .isTrue();
        PreScreen far = new PreScreen(
                config("prescreen: {windows: {formation_energy: {target: -0.5, within: 0.2}}}"), predictor, hull);
        assertThat(far.check(List.of(rocksalt("nacl", 5.69))).get(0).reason())
                .isEqualTo("prescreen.outside_window:formation_energy_per_atom");
    }

    @Test
    void badSettingsNameTheKey() {
        assertThatThrownBy(() -> config("prescreen: {max_e_hull: 0.1}"))
                .hasMessageContaining("test.yaml: unknown key 'prescreen.max_e_hull'");
        assertThatThrownBy(() -> config("prescreen: {windows: {band_gap: [3, 1]}}"))
                .hasMessageContaining("windows.band_gap");
        assertThatThrownBy(() -> config("prescreen: {windows: {colour: [3, 4]}}"))
                .hasMessageContaining("unknown CGCNN property 'colour'");
        assertThatThrownBy(() -> config("prescreen: {top_n_per_system: 0}")).hasMessageContaining("top_n_per_system");
        assertThatThrownBy(() -> config("prescreen: {windows: {band_gap: {target: 2}}}"))
                .hasMessageContaining("{target: value, within: fraction}");
    }

    @Test
    void needsTheModelsItsWindowsName() throws Exception {
        PreScreenConfig c = config("prescreen: {windows: {band_gap: [1, 3]}}");
        try (CgcnnPredictor fe = CgcnnPredictor.open(EnumSet.of(CgcnnProperty.FORMATION_ENERGY))) {
            assertThatThrownBy(() -> new PreScreen(c, fe, new PredictedHull(fe, KnownStructures.builtin())))
                    .hasMessageContaining("band-gap");
        }
    }
}
