package org.xtalflow.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;

class PgcgmGeneratorTest {

    static Path fixture() throws Exception {
        return Path.of(PgcgmGeneratorTest.class
                        .getResource("/xtalflow/generate/torchscript/model.json")
                        .toURI())
                .getParent();
    }

    @Test
    void torchScriptGeneratorMatchesPyTorch() throws Exception {
        Path dir = fixture();
        JsonNode exp = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        List<Condition> conds = new ArrayList<>();
        for (JsonNode c : exp.get("conditions")) {
            List<Element> els = new ArrayList<>();
            c.get("elements").forEach(e -> els.add(Element.of(e.asText())));
            conds.add(new Condition(els, SpaceGroup.of(c.get("space_group").asInt())));
        }
        float[] z = new float[conds.size() * 128];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) Math.sin(0.1 * i);
        }
        try (PgcgmGenerator g = PgcgmGenerator.open(dir)) {
            float[][] out = g.forward(conds, z);
            for (int b = 0; b < conds.size(); b++) {
                for (int j = 0; j < 27; j++) {
                    assertThat(out[0][27 * b + j])
                            .isCloseTo((float) exp.get("coords").get(b).get(j).asDouble(), offset(1e-4f));
                }
                for (int j = 0; j < 3; j++) {
                    assertThat(out[1][3 * b + j])
                            .isCloseTo((float) exp.get("length").get(b).get(j).asDouble(), offset(1e-4f));
                }
            }
            List<GeneratedSample> s1 = g.sample(conds, 5);
            List<GeneratedSample> s2 = g.sample(conds, 5);
            assertThat(s1.get(2).frac()).isDeepEqualTo(s2.get(2).frac());
            assertThat(s1.get(2).angles()[2]).isEqualTo(120.0);
            assertThat(g.spec().elements()).hasSize(8);
        }
    }

    @Test
    void djlParametersRoundTripAndSeedDeterminism(@TempDir Path tmp) throws Exception {
        DjlSetup.offline();
        ModelSpec spec = ModelSpec.paper(ModelSpec.KIND_DJL, "generator.params", 0.0625);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Block b = PgcgmNetwork.generator(spec.width());
            b.initialize(m, DataType.FLOAT32, PgcgmNetwork.generatorInputShapes(2));
            try (OutputStream os = Files.newOutputStream(tmp.resolve("generator.params"))) {
                b.saveParameters(new DataOutputStream(os));
            }
        }
        spec.write(tmp);
        try (PgcgmGenerator g = PgcgmGenerator.open(tmp)) {
            List<Condition> conds = new ConditionSampler(g.spec()).draw(40, null, null, 1);
            List<GeneratedSample> a = g.sample(conds, 11);
            List<GeneratedSample> b = g.sample(conds, 11);
            List<GeneratedSample> c = g.sample(conds, 12);
            boolean differ = false;
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i).frac()).isDeepEqualTo(b.get(i).frac());
                assertThat(a.get(i).abc()).containsExactly(b.get(i).abc());
                differ |= a.get(i).abc()[2] != c.get(i).abc()[2];
                for (double[][] set : a.get(i).frac()) {
                    for (double[] xyz : set) {
                        for (double v : xyz) {
                            assertThat(v).isBetween(0.0, 1.0);
                        }
                    }
                }
            }
            assertThat(differ).isTrue();
        }
    }

    @Test
    void missingOrBrokenModelsAreNamed(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> PgcgmGenerator.open(tmp)).hasMessageContaining("model.json");
        ModelSpec.paper(ModelSpec.KIND_DJL, "generator.params", 0.0625).write(tmp);
        assertThatThrownBy(() -> PgcgmGenerator.open(tmp)).hasMessageContaining("generator.params");
        Files.writeString(tmp.resolve("generator.params"), "not parameters");
        assertThatThrownBy(() -> PgcgmGenerator.open(tmp)).hasMessageContaining("cannot load");
    }
}
