package org.xtalflow.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.testing.SharedData;

/**
 * All eight bundled CGCNN models against the original implementation's predictions
 * (../shared/data/cgcnn/EXPECTED.json: txie-93/cgcnn with torch 1.13 and pymatgen, 90 structures):
 * within 1e-4 in each property's unit for every structure without a neighbour tie at the
 * 12-neighbour cutoff. Tied structures are printed with their differences.
 */
class CgcnnAgreementTest {

    static final double TOLERANCE = 1e-4;

    static CgcnnPredictor predictor;
    static JsonNode expected;
    static List<String> names = new ArrayList<>();
    static List<Structure> structures = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        Path dir = SharedData.path("cgcnn");
        expected = new ObjectMapper()
                .readTree(dir.resolve("EXPECTED.json").toFile())
                .path("predictions");
        CifReader reader = new CifReader();
        for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            Path cif = name.startsWith("mp-")
                    ? SharedData.path("mp_groundstates", "cifs", name)
                    : dir.resolve("samples").resolve(name);
            names.add(name);
            structures.add(reader.readStructure(cif));
        }
        predictor = CgcnnPredictor.open(EnumSet.allOf(CgcnnProperty.class));
    }

    @AfterAll
    static void close() {
        predictor.close();
    }

    @Test
    void everyModelAgreesWithTheOriginalOnUntiedStructures() {
        assertThat(names).hasSize(90);
        List<PropertyPrediction> got = predictor.predictStructures(structures);
        Map<CgcnnProperty, Double> maxDiff = new EnumMap<>(CgcnnProperty.class);
        List<String> failures = new ArrayList<>();
        StringBuilder ties = new StringBuilder();
        int untied = 0;
        for (int i = 0; i < names.size(); i++) {
            JsonNode e = expected.path(names.get(i));
            assertThat(structures.get(i).size())
                    .as(names.get(i) + " sites")
                    .isEqualTo(e.path("nsites").asInt());
            boolean tied = e.path("tie_at_cutoff").asBoolean();
            assertThat(CrystalGraph.of(structures.get(i)).tieAtCutoff())
                    .as(names.get(i) + " tie at cutoff")
                    .isEqualTo(tied);
            if (tied) {
                ties.append(String.format(Locale.ROOT, "  %s:", names.get(i)));
            } else {
                untied++;
            }
            for (CgcnnProperty p : CgcnnProperty.values()) {
                double want = e.path(p.modelName()).asDouble(Double.NaN);
                double diff = Math.abs(got.get(i).get(p) - want);
                if (tied) {
                    ties.append(String.format(Locale.ROOT, " %s %.2e", p.shortName(), diff));
                    continue;
                }
                maxDiff.merge(p, diff, Math::max);
                if (!(diff <= TOLERANCE)) {
                    failures.add(String.format(
                            Locale.ROOT,
                            "%s %s: got %.6f, original %.6f",
                            names.get(i),
                            p.key(),
                            got.get(i).get(p),
                            want));
                }
            }
            if (tied) {
                ties.append('\n');
            }
        }
        System.out.println(
                "CGCNN agreement with the original on " + untied + " untied structures, max |diff| per model:");
        maxDiff.forEach((p, d) -> System.out.printf(Locale.ROOT, "  %-28s %.3e %s%n", p.key(), d, p.unit()));
        System.out.println("structures with a neighbour tie at the cutoff (|diff| per model):\n" + ties);
        assertThat(failures).isEmpty();
        assertThat(maxDiff).hasSize(8);
    }
}
