package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xtalflow.dft.Engine;

class EngineChoiceTest {

    private static CampaignSpec spec(String engine, String inputSet, String cluster) {
        return new CampaignSpec(
                "t",
                List.of(List.of("Li", "O")),
                List.of(),
                3,
                "random",
                Map.of(),
                inputSet,
                cluster,
                0,
                "test",
                null,
                engine);
    }

    private static final Map<String, String> PROFILES = Map.of("gpaw-box", "gpaw");

    @Test
    void theSpecsEngineWinsOverTheProfiles() {
        EngineChoice c = EngineChoice.of(spec("vasp", "MPRelaxSet", "gpaw-box"), PROFILES::get);
        assertThat(c).isEqualTo(new EngineChoice(Engine.VASP, "MPRelaxSet"));
    }

    @Test
    void withoutOneTheProfileDecidesAndVaspsDefaultSetBecomesGpawsRelaxSet() {
        EngineChoice c = EngineChoice.of(spec(null, "MPRelaxSet", "gpaw-box"), PROFILES::get);
        assertThat(c).isEqualTo(new EngineChoice(Engine.GPAW, "relax"));
        assertThat(EngineChoice.of(spec(null, "test", "gpaw-box"), PROFILES::get)
                        .inputSet())
                .isEqualTo("test");
    }

    @Test
    void noEngineAnywhereIsVasp() {
        assertThat(EngineChoice.of(spec(null, "MPRelaxSet", null), PROFILES::get)
                        .engine())
                .isEqualTo(Engine.VASP);
        assertThat(EngineChoice.of(spec(null, "MPRelaxSet", "other"), PROFILES::get)
                        .engine())
                .isEqualTo(Engine.VASP);
    }

    @Test
    void theEngineSurvivesTheStoresJson() throws Exception {
        CampaignSpec s = spec("gpaw", "test", null);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        CampaignSpec back = json.readValue(json.writeValueAsString(s), CampaignSpec.class);
        assertThat(back).isEqualTo(s);
        assertThat(back.engine()).isEqualTo("gpaw");
    }
}
