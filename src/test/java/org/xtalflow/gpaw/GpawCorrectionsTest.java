package org.xtalflow.gpaw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;

class GpawCorrectionsTest {

    private static final Structure LAST = new Structure(
            Lattice.fromParameters(4, 4, 4, 90, 90, 90),
            List.of(
                    new Site(Element.of("Na"), new double[] {0, 0, 0}),
                    new Site(Element.of("Cl"), new double[] {0.5, 0.5, 0.5})));

    private static GpawResult failed(GpawError e) {
        return new GpawResult(
                "test",
                List.of(e),
                "",
                Double.NaN,
                null,
                LAST,
                new double[0][],
                new double[0],
                4,
                false,
                false,
                0,
                0,
                null,
                1);
    }

    private static JsonNode scf(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void scfFailureDoublesTheIterationsGentlesTheMixerAndLocksSmearing() throws Exception {
        GpawCorrections p = GpawCorrections.plan(failed(GpawError.SCF_NOT_CONVERGED), scf("{\"maxiter\": 100}"), 1, 5);
        assertThat(p.retry()).isTrue();
        assertThat(p.actions())
                .containsExactly(
                        "scf.maxiter 100 -> 200",
                        "scf.mixer beta 0.05 -> 0.025, weight 50 -> 100",
                        "restart from the last geometry (4 steps done)");
        assertThat(p.locked()).containsExactly("smearing (locked)");
        assertThat(p.restart()).isTrue();
        assertThat(p.onlyResources()).isFalse();
        // the change passes the physics lock and leaves the settings hash (the energy scale) alone
        GpawInputSet set = GpawInputSet.bundled("test");
        GpawInputSet next = set.withOverrides(p.overrides());
        assertThat(next.scfMaxIterations()).isEqualTo(200);
        assertThat(next.tree().path("scf").path("mixer").path("beta").asDouble())
                .isEqualTo(0.025);
        assertThat(next.settingsHash()).isEqualTo(set.settingsHash());
    }

    @Test
    void aSecondScfFailureGentlesFurtherUntilTheLimitsThenEnds() throws Exception {
        GpawCorrections again = GpawCorrections.plan(
                failed(GpawError.SCF_NOT_CONVERGED),
                scf("{\"maxiter\": 600, \"mixer\": {\"beta\": 0.015, \"nmaxold\": 5, \"weight\": 100}}"),
                2,
                5);
        assertThat(again.actions())
                .startsWith("scf.maxiter 600 -> 1000", "scf.mixer beta 0.015 -> 0.01, weight 100 -> 100");
        GpawCorrections spent = GpawCorrections.plan(
                failed(GpawError.SCF_NOT_CONVERGED),
                scf("{\"maxiter\": 1000, \"mixer\": {\"beta\": 0.01, \"nmaxold\": 5, \"weight\": 100}}"),
                3,
                5);
        assertThat(spent.retry()).isFalse();
        assertThat(spent.reason()).contains("1000 iterations").contains("gentlest mixer");
        assertThat(spent.locked()).containsExactly("smearing (locked)");
    }

    @Test
    void walltimeContinuesFromTheLastGeometryWithMoreTime() throws Exception {
        GpawCorrections p = GpawCorrections.plan(failed(GpawError.WALLTIME), scf("{\"maxiter\": 100}"), 2, 5);
        assertThat(p.retry()).isTrue();
        assertThat(p.overrides()).isEmpty();
        assertThat(p.walltimeFactor()).isEqualTo(2.0);
        // the restart makes progress even when no more walltime is allowed
        assertThat(p.onlyResources()).isFalse();
    }

    @Test
    void outOfMemoryAsksForMoreMemoryAlone() throws Exception {
        GpawCorrections p = GpawCorrections.plan(failed(GpawError.OUT_OF_MEMORY), scf("{\"maxiter\": 100}"), 1, 5);
        assertThat(p.retry()).isTrue();
        assertThat(p.memoryFactor()).isEqualTo(2.0);
        assertThat(p.onlyResources()).isTrue();
    }

    @Test
    void crashesAndTheLastAttemptAreNotRetried() throws Exception {
        assertThat(GpawCorrections.plan(failed(GpawError.CRASHED), scf("{}"), 1, 5)
                        .retry())
                .isFalse();
        GpawCorrections last =
                GpawCorrections.plan(failed(GpawError.SCF_NOT_CONVERGED), scf("{\"maxiter\": 100}"), 5, 5);
        assertThat(last.retry()).isFalse();
        assertThat(last.reason()).isEqualTo("scf_not_converged: attempt 5 of 5 failed, no attempts left");
    }
}
