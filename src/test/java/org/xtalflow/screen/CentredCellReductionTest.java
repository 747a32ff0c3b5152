package org.xtalflow.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.testing.SharedData;

/**
 * On real centred structures the primitive cell handed to spglib has 1/ratio of the atoms and
 * spglib finds the same group in it as in the full conventional cell.
 */
class CentredCellReductionTest {

    @Test
    void primitiveCellsOfRealCentredStructuresKeepTheirSpaceGroup() throws Exception {
        Spglib spglib = Spglib.load(null);
        assertThat(spglib)
                .as("spglib (Debian libsymspg1, scripts/install-deps.sh): " + Spglib.lastProblem())
                .isNotNull();
        Path dir = SharedData.path("mp_groundstates");
        List<String> lines = Files.readAllLines(dir.resolve("index.csv"));
        CifReader reader = new CifReader();
        int checked = 0;
        int[] byLetter = new int[128];
        for (int i = 1; i < lines.size() && checked < 300; i += 3) {
            String[] c = lines.get(i).split(",");
            SpaceGroup sg = SpaceGroup.of(Integer.parseInt(c[3]));
            char letter = sg.symbol().charAt(0);
            if (letter == 'P' || Integer.parseInt(c[5]) > 60) {
                continue;
            }
            CifStructure cs =
                    reader.read(dir.resolve("cifs").resolve(c[0] + ".cif")).get(0);
            Cell cell = Cell.of(cs.structure());
            int n = cell.size();
            int[] types = new int[n];
            Map<Element, Integer> ids = new IdentityHashMap<>();
            Element[] sp = cell.speciesArray();
            for (int k = 0; k < n; k++) {
                types[k] = ids.computeIfAbsent(sp[k], e -> ids.size() + 1);
            }
            CentredCellReduction.Reduced r =
                    CentredCellReduction.reduce(cell.lattice(), cell.fracArray(), types, n, sg, 0.1);
            assertThat(r).as(c[0] + " " + sg).isNotNull();
            int ratio = letter == 'F' ? 4 : letter == 'R' ? 3 : 2;
            assertThat(r.n()).as(c[0]).isEqualTo(n / ratio);
            assertThat(r.lattice().volume())
                    .isCloseTo(cell.lattice().volume() / ratio, org.assertj.core.data.Offset.offset(1e-6));
            int full = spglib.spaceGroupNumber(cell.lattice(), cell.fracArray(), types, n, 0.1);
            int prim = spglib.spaceGroupNumber(r.lattice(), r.frac(), r.types(), r.n(), 0.1);
            assertThat(prim).as(c[0]).isEqualTo(full).isEqualTo(sg.number());
            byLetter[letter]++;
            checked++;
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(byLetter['F']).isPositive();
        assertThat(byLetter['I']).isPositive();
        assertThat(byLetter['C']).isPositive();
        assertThat(byLetter['R']).isPositive();
    }

    @Test
    void primitiveGroupsAndIncompleteCentringSetsAreNotReduced() throws Exception {
        CifStructure cs = new CifReader()
                .read(SharedData.path("mp_groundstates", "cifs", "mp-1000.cif"))
                .get(0);
        Cell cell = Cell.of(cs.structure()); // rock salt, Fm-3m, 8 atoms
        int n = cell.size();
        int[] types = new int[n];
        for (int k = 0; k < n; k++) {
            types[k] = cell.speciesArray()[k].z();
        }
        assertThat(CentredCellReduction.reduce(cell.lattice(), cell.fracArray(), types, n, SpaceGroup.of(221), 0.1))
                .isNull();
        assertThat(CentredCellReduction.reduce(cell.lattice(), cell.fracArray(), types, n, SpaceGroup.of(225), 0.1)
                        .n())
                .isEqualTo(2);
        // drop one atom: the centring sets are incomplete, so no reduction is made
        assertThat(CentredCellReduction.reduce(cell.lattice(), cell.fracArray(), types, n - 1, SpaceGroup.of(225), 0.1))
                .isNull();
    }
}
