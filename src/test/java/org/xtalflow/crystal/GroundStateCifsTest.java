package org.xtalflow.crystal;

import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.testing.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every one of the 5,557 Materials Project ground-state CIFs expands to its indexed cell. */
class GroundStateCifsTest {

    @Test
    void everyGroundStateExpandsToItsIndexedAtomCountAndComposition() throws Exception {
        Path dir = SharedData.path("mp_groundstates");
        List<String> lines = Files.readAllLines(dir.resolve("index.csv"));
        CifReader reader = new CifReader();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            String id = c[0];
            String formula = c[1];
            int sg = Integer.parseInt(c[3]);
            int nsites = Integer.parseInt(c[5]);
            try {
                CifStructure cs = reader.read(dir.resolve("cifs").resolve(id + ".cif")).get(0);
                Structure s = cs.structure();
                if (s.size() != nsites) {
                    failures.add(id + ": " + s.size() + " sites, index says " + nsites);
                } else if (!s.composition().reducedFormula().equals(formula)) {
                    failures.add(id + ": formula " + s.composition().reducedFormula() + ", index says " + formula);
                } else if (cs.declaredSpaceGroup() == null || cs.declaredSpaceGroup().number() != sg) {
                    failures.add(id + ": declared space group " + cs.declaredSpaceGroup() + ", index says " + sg);
                }
            } catch (RuntimeException e) {
                failures.add(id + ": " + e);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(5557);
        assertThat(failures).as("ground states that do not expand to their index entry").isEmpty();
    }
}
