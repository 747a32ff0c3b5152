package org.xtalflow.gpaw;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void scfFailureDoublesTheIterationsFromTheLastGeometryAndLocksSmearing() {
        GpawCorrections p = GpawCorrections.plan(failed(GpawError.SCF_NOT_CONVERGED), 100, 1, 5);
        assertThat(p.retry()).isTrue();
        assertThat(p.actions())
                .containsExactly("scf.maxiter 100 -> 200", "restart from the last geometry (4 steps done)");
        assertThat(p.locked()).containsExactly("smearing (locked)");
        // the change passes the physics lock and leaves the settings hash (the energy scale) alone
        GpawInputSet set = GpawInputSet.bundled("test");
        GpawInputSet next = set.withOverrides(p.overrides());
        assertThat(next.scfMaxIterations()).isEqualTo(200);
        assertThat(next.settingsHash()).isEqualTo(set.settingsHash());
    }

    @Test
    void walltimeContinuesFromTheLastGeometry() {
        GpawCorrections p = GpawCorrections.plan(failed(GpawError.WALLTIME), 100, 2, 5);
        assertThat(p.retry()).isTrue();
        assertThat(p.overrides()).isEmpty();
    }

    @Test
    void outOfMemoryAndTheLastAttemptAreNotRetried() {
        assertThat(GpawCorrections.plan(failed(GpawError.OUT_OF_MEMORY), 100, 1, 5)
                        .reason())
                .startsWith("out of memory");
        GpawCorrections last = GpawCorrections.plan(failed(GpawError.SCF_NOT_CONVERGED), 100, 5, 5);
        assertThat(last.retry()).isFalse();
        assertThat(last.reason()).isEqualTo("attempt 5 of 5 failed");
    }
}
