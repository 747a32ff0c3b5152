package org.xtalflow.thermo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.io.BadInputException;

class ThermoSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void theShippedConfigurationUsesMp2020AndTheBundledReferences() {
        ThermoSettings s = ThermoSettings.load(Path.of("conf", "xtalflow.yaml"));
        assertThat(s.correction()).isEqualTo(HullAnalysis.Correction.MP2020);
        assertThat(s.references()).isEmpty();
        assertThat(s.loadReferenceSet().compounds()).isEmpty();
        assertThat(s.loadReferences().entries()).hasSize(89);
    }

    @Test
    void userReferencesResolveNextToTheConfiguration() throws Exception {
        Files.writeString(tmp.resolve("refs.csv"), "entry_id,formula,energy_eV\nmine,Fe,-8.3\n");
        Path conf = tmp.resolve("x.yaml");
        Files.writeString(conf, "thermo:\n  correction: none\n  references: refs.csv\n");
        ThermoSettings s = ThermoSettings.load(conf);
        assertThat(s.correction()).isEqualTo(HullAnalysis.Correction.NONE);
        assertThat(s.loadReferences().get(Element.of("Fe")).entryId()).isEqualTo("mine");
        Files.writeString(conf, "thermo:\n  correction: mp2023\n");
        assertThatThrownBy(() -> ThermoSettings.load(conf))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("thermo.correction must be mp2020 or none");
        Files.writeString(conf, "other: 1\n");
        assertThat(ThermoSettings.load(conf)).isEqualTo(ThermoSettings.DEFAULTS);
    }
}
