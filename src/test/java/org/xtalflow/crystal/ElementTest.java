package org.xtalflow.crystal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtalflow.testing.SharedData;

class ElementTest {

    @Test
    void readsPymatgenValues() {
        Element fe = Element.of("Fe");
        assertThat(fe.z()).isEqualTo(26);
        assertThat(fe.atomicMass()).isCloseTo(55.845, within(1e-9));
        assertThat(fe.x()).isEqualTo(1.83);
        assertThat(fe.atomicRadius()).isEqualTo(1.4);
        assertThat(fe.commonOxidationStates()).containsExactly(2, 3);
        assertThat(fe.row()).isEqualTo(4);
        assertThat(fe.group()).isEqualTo(8);
        assertThat(fe.block()).isEqualTo("d");
        assertThat(fe.isTransitionMetal()).isTrue();
        assertThat(Element.of("O").isChalcogen()).isTrue();
        assertThat(Element.of("He").x()).isNaN();
        assertThat(Element.all()).hasSize(118);
        assertThat(Element.ofZ(8)).isSameAs(Element.of("O"));
        assertThatThrownBy(() -> Element.of("Xx"))
                .isInstanceOf(UnknownElementException.class)
                .hasMessageContaining("Xx");
    }

    /** Every column of elements_1_94.csv that we expose agrees with our table. */
    @Test
    void agreesWithTheSharedCsvForZ1To94() throws Exception {
        List<String> lines = Files.readAllLines(SharedData.path("elements", "elements_1_94.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            Element e = Element.of(c[1]);
            assertThat(e.z()).isEqualTo(Integer.parseInt(c[0]));
            assertThat(e.atomicMass()).as(c[1]).isCloseTo(Double.parseDouble(c[7]), within(1e-9));
            if (!c[8].isEmpty()) {
                assertThat(e.atomicRadius()).as(c[1]).isEqualTo(Double.parseDouble(c[8]));
            } else {
                assertThat(e.atomicRadius()).as(c[1]).isNaN();
            }
            assertThat(e.averageIonicRadius()).as(c[1]).isCloseTo(Double.parseDouble(c[12]), within(1e-6));
            assertThat(e.averageCationicRadius()).as(c[1]).isCloseTo(Double.parseDouble(c[13]), within(1e-6));
            assertThat(e.averageAnionicRadius()).as(c[1]).isCloseTo(Double.parseDouble(c[14]), within(1e-6));
        }
    }

    /** PGCGM's 23 scaled features are reproduced from our element data (columns we can rebuild). */
    @Test
    void pgcgmFeaturesAreBundledForTheGeneratorVocabulary() throws Exception {
        JsonNode f =
                new ObjectMapper().readTree(getClass().getResourceAsStream("/xtalflow/pgcgm/elements_features.json"));
        JsonNode bySymbol = f.get("features_by_symbol");
        assertThat(bySymbol.size()).isEqualTo(64);
        JsonNode min = f.get("raw_min_pymatgen_2022_11_7");
        JsonNode max = f.get("raw_max_pymatgen_2022_11_7");
        bySymbol.properties().iterator().forEachRemaining(e -> {
            Element el = Element.of(e.getKey());
            JsonNode v = e.getValue();
            assertThat(v.size()).isEqualTo(23);
            // (the CSV rounds averages to 6 decimals)
            // column 0 is Z, column 4 the atomic mass, scaled to [-1, 1] over the 64 rows
            assertThat(v.get(0).asDouble()).isCloseTo(scale(el.z(), min.get(0), max.get(0)), within(1e-9));
            assertThat(v.get(4).asDouble()).isCloseTo(scale(el.atomicMass(), min.get(4), max.get(4)), within(1e-6));
        });
    }

    private static double scale(double x, JsonNode min, JsonNode max) {
        return 2 * (x - min.asDouble()) / (max.asDouble() - min.asDouble()) - 1;
    }
}
