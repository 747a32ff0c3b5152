package org.xtalflow.crystal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.testing.SharedData;

/** CIF -> Structure -> CIF (P1 and symmetrized) and POSCAR, read back to the same structure. */
class RoundTripTest {

    private final CifReader reader = new CifReader();

    @Test
    void groundStatesSurviveCifAndPoscarRoundTrips() throws Exception {
        Path dir = SharedData.path("mp_groundstates");
        List<String> lines = Files.readAllLines(dir.resolve("index.csv"));
        int n = 0;
        for (int i = 1; i < lines.size(); i += 37) { // every 37th: ~150 structures of all systems
            String id = lines.get(i).split(",")[0];
            CifStructure cs =
                    reader.read(dir.resolve("cifs").resolve(id + ".cif")).get(0);
            Structure s = cs.structure();
            Structure p1 = reader.read(CifWriter.p1(s), id + "-p1").get(0).structure();
            assertSame(id + " P1", s, p1);
            CifStructure sym = reader.read(CifWriter.symmetrized(s, cs.declaredSpaceGroup()), id + "-sym")
                    .get(0);
            assertSame(id + " symmetrized", s, sym.structure());
            assertThat(sym.asymmetricUnit()).hasSameSizeAs(cs.asymmetricUnit());
            assertThat(sym.declaredSpaceGroup()).isSameAs(cs.declaredSpaceGroup());
            Structure pos = Poscar.parse(new Poscar(s).toText(), id + "-POSCAR").structure();
            assertSame(id + " POSCAR", s, pos);
            n++;
        }
        assertThat(n).isGreaterThan(140);
    }

    /** Same lattice, and every site of a has a site of b with the same species at the same position. */
    static void assertSame(String what, Structure a, Structure b) {
        assertThat(b.size()).as(what).isEqualTo(a.size());
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 3; j++) {
                assertThat(b.lattice().get(k, j)).as(what).isCloseTo(a.lattice().get(k, j), within(1e-6));
            }
        }
        for (int i = 0; i < a.size(); i++) {
            double best = Double.MAX_VALUE;
            for (int j = 0; j < b.size(); j++) {
                if (a.species(i) == b.species(j)) {
                    best = Math.min(
                            best,
                            a.lattice().distance(a.site(i).frac(), b.site(j).frac()));
                }
            }
            assertThat(best).as(what + " site " + i).isLessThan(1e-5);
        }
    }

    @Test
    void symmetrizedWriterRefusesAStructureWithoutTheGroupsSymmetry() {
        Structure s = new Structure(
                Lattice.cubic(4),
                List.of(new Site(org.xtalflow.crystal.Element.of("Fe"), new double[] {0.1, 0.2, 0.3})));
        assertThatThrownBy(() -> CifWriter.symmetrized(s, SpaceGroup.of(225)))
                .hasMessageContaining("does not have the symmetry");
    }

    @Test
    void poscarReadsCartesianScaledSelectiveDynamics(@TempDir Path tmp) throws Exception {
        String text = """
                test cell
                -64.0
                  2.0 0.0 0.0
                  0.0 2.0 0.0
                  0.0 0.0 2.0
                Fe_pv O
                1 1
                Selective dynamics
                Cartesian
                0.0 0.0 0.0 T T F
                1.0 1.0 1.0 F F F
                """;
        Poscar p = Poscar.parse(text, "POSCAR");
        assertThat(p.structure().volume()).isCloseTo(64.0, within(1e-9));
        assertThat(p.structure().site(1).frac()).containsExactly(new double[] {0.5, 0.5, 0.5}, within(1e-12));
        assertThat(p.selectiveDynamics()[0]).containsExactly(true, true, false);
        Path out = tmp.resolve("POSCAR");
        p.write(out);
        Poscar back = Poscar.read(out);
        assertThat(back.selectiveDynamics()[1]).containsExactly(false, false, false);
        assertSame("poscar", p.structure(), back.structure());
        assertThatThrownBy(() -> Poscar.parse(text.replace("1 1\n", "1 x\n"), "P2"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("P2:7:");
        assertThatThrownBy(() -> Poscar.parse(text.replace("Fe_pv O", "Fe Zz"), "P3"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("P3:6:")
                .hasMessageContaining("Zz");
        assertThatThrownBy(() -> Poscar.parse(text.substring(0, text.indexOf("1.0 1.0 1.0")), "P4"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("P4");
    }
}
