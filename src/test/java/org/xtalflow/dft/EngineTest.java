package org.xtalflow.dft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngineTest {

    @Test
    void parsesTheConfigWordsAndRefusesOthers() {
        assertThat(Engine.parse("GPAW")).isEqualTo(Engine.GPAW);
        assertThat(Engine.parse(" vasp ")).isEqualTo(Engine.VASP);
        assertThatThrownBy(() -> Engine.parse("qe")).hasMessage("unknown DFT engine 'qe' (known: vasp, gpaw)");
    }
}
