package org.xtalflow.thermo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code thermo.references: [bundled, mp]}: the {@code mp} item is the Materials Project, not a file. */
class ThermoSettingsMpTest {

    @TempDir
    Path tmp;

    @Test
    void mpIsASourceOfItsOwn() throws Exception {
        Path conf = tmp.resolve("x.yaml");
        Files.writeString(conf, "thermo:\n  references: [bundled, mp]\n");
        ThermoSettings s = ThermoSettings.load(conf);
        assertThat(s.references()).containsExactly(ThermoSettings.BUNDLED, ThermoSettings.MP);
        assertThat(s.usesMaterialsProject()).isTrue();
        assertThat(s.localReferences()).containsExactly(ThermoSettings.BUNDLED);
        assertThat(s.loadReferenceSet().elemental().entries()).hasSize(89); // without MP: the bundled set
        ComputedEntry bao = ComputedEntry.builder(org.xtalflow.crystal.Composition.parse("BaO"), -11.3)
                .entryId("mp-1342")
                .build();
        ReferenceSet withMp = s.loadReferenceSet(ReferenceSet.of(List.of(bao), "Materials Project 2025_09_25"));
        assertThat(withMp.compounds()).containsExactly(bao);
        assertThat(withMp.source()).endsWith(" + Materials Project 2025_09_25");
        Files.writeString(conf, "thermo:\n  references: mp\n");
        assertThat(ThermoSettings.load(conf).localReferences()).isEmpty(); // the bundled elements then
        assertThat(ThermoSettings.load(conf).loadReferenceSet().elemental().entries())
                .hasSize(89);
    }
}
