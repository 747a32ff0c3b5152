package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.io.CifWriter;

/** The default PGCGM model through the generate stage: the same seed draws the same cells. */
class GeneratorSeedTest {

    @Test
    void pgcgmSameSeedSameCells() {
        CampaignSpec spec = new CampaignSpec(
                "s",
                List.of(List.of("Ba", "Ru", "O")),
                List.of(),
                4,
                "pgcgm",
                Map.of(),
                "MPRelaxSet",
                null,
                0,
                "test",
                11L);
        List<String> system = spec.systems().get(0);
        long seed = CampaignSpec.systemSeed(spec.baseSeed("any"), system);
        try (GeneratorStage g = new GeneratorStage()) {
            List<String> a = cifs(g.generate(spec, system, seed));
            List<String> b = cifs(g.generate(spec, system, seed));
            List<String> c = cifs(g.generate(spec, system, CampaignSpec.systemSeed(12L, system)));
            assertThat(a).hasSize(12).isEqualTo(b).isNotEqualTo(c);
        }
    }

    private static List<String> cifs(List<Stages.Generated> gs) {
        return gs.stream().map(x -> CifWriter.p1(x.structure())).toList();
    }
}
