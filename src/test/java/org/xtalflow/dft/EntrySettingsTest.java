package org.xtalflow.dft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Composition;
import org.xtalflow.thermo.ComputedEntry;

class EntrySettingsTest {

    private static ComputedEntry entry(String id, String formula, String engine, String hash) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        if (engine != null) {
            p.put("engine", engine);
            p.put("settings_hash", hash);
        }
        return ComputedEntry.builder(Composition.parse(formula), -10.0)
                .entryId(id)
                .parameters(p)
                .build();
    }

    @Test
    void anEntryWithoutEngineIsVaspWithMpSettings() {
        EntrySettings s = EntrySettings.of(entry("mp-1960", "Li2O", null, null));
        assertThat(s).isEqualTo(new EntrySettings("vasp", EntrySettings.VASP_MP_HASH));
    }

    @Test
    void oneEngineAndHashPasses() {
        EntrySettings s = EntrySettings.requireOne(
                List.of(entry("a", "Li", "gpaw", "abc"), entry("b", "Li2O", "gpaw", "abc")), "campaign x");
        assertThat(s).isEqualTo(new EntrySettings("gpaw", "abc"));
    }

    @Test
    void aHullMixingEnginesIsRefusedNamingBoth() {
        assertThatThrownBy(() -> EntrySettings.requireOne(
                        List.of(entry("cand-1", "Li2O", "gpaw", "abc"), entry("mp-135", "Li", null, null)),
                        "campaign x"))
                .isInstanceOf(EntrySettings.MixedHullException.class)
                .hasMessageContaining("campaign x: hull refused")
                .hasMessageContaining("gpaw/abc (1 entries, e.g. cand-1)")
                .hasMessageContaining("vasp/mp-compatible (1 entries, e.g. mp-135)");
    }

    @Test
    void aHullMixingSettingsHashesOfOneEngineIsRefused() {
        assertThatThrownBy(() -> EntrySettings.requireOne(
                        List.of(entry("a", "Li", "gpaw", "relaxhash"), entry("b", "O2", "gpaw", "testhash")), "x"))
                .isInstanceOf(EntrySettings.MixedHullException.class)
                .hasMessageContaining("gpaw/relaxhash")
                .hasMessageContaining("gpaw/testhash");
    }
}
