package org.xtalflow.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScreeningConfigTest {

    @Test
    void theShippedConfigurationHoldsTheDefaults() {
        ScreeningConfig c = ScreeningConfig.load(Path.of("conf", "xtalflow.yaml"));
        ScreeningConfig d = ScreeningConfig.defaults();
        assertThat(c.filters).isEqualTo(d.filters);
        assertThat(c.mergeRatio).isEqualTo(0.6);
        assertThat(c.mergeSecondRatio).isEqualTo(1.5);
        assertThat(c.mergeSecondPassAbove).isEqualTo(100);
        assertThat(c.maxSites).isEqualTo(32);
        assertThat(c.radiusRatio).isEqualTo(0.75);
        assertThat(c.minDistanceAngstrom).isEqualTo(0.5);
        assertThat(c.symprec).isEqualTo(0.1);
        assertThat(c.duplicateStore).isNull();
        assertThat(c.noveltyBuiltin).isTrue();
    }

    @Test
    void badKeysAndValuesAreNamed(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("x.yaml");
        Files.writeString(f, "screening:\n  distance:\n    radius_ration: 0.7\n");
        assertThatThrownBy(() -> ScreeningConfig.load(f))
                .isInstanceOf(ScreeningConfigException.class)
                .hasMessageContaining("screening.distance.radius_ration")
                .hasMessageContaining("unknown key");
        Files.writeString(f, "screening:\n  filters: [size, magic]\n");
        assertThatThrownBy(() -> ScreeningConfig.load(f)).hasMessageContaining("unknown filter 'magic'");
        Files.writeString(f, "screening:\n  size:\n    max_sites: many\n");
        assertThatThrownBy(() -> ScreeningConfig.load(f))
                .hasMessageContaining("screening.size.max_sites")
                .hasMessageContaining("must be a number");
        Files.writeString(f, "screening:\n  filters: [distance, size]\n  spacegroup:\n    spglib: off\n");
        ScreeningConfig c = ScreeningConfig.load(f);
        assertThat(c.filters).containsExactly("distance", "size");
        assertThat(c.spglib).isEqualTo("off");
    }
}
