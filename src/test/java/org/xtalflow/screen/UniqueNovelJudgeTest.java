package org.xtalflow.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.testing.SharedData;

/** Unique within the list, novel against the bundled MP ground states, by the screening's matcher. */
public class UniqueNovelJudgeTest {

    static Structure scaled(Structure s, double f) {
        double[][] m = s.lattice().matrix();
        double[][] n = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                n[i][j] = m[i][j] * f;
            }
        }
        return new Structure(new Lattice(n), s.sites());
    }

    /** Rock salt with the given cation and anion and lattice constant (conventional cell, 8 atoms). */
    public static Structure rockSalt(String cation, String anion, double a) {
        List<Site> sites = new ArrayList<>();
        double[][] fcc = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        for (double[] p : fcc) {
            sites.add(new Site(Element.of(cation), p, 1.0, cation));
            sites.add(new Site(Element.of(anion), new double[] {(p[0] + 0.5) % 1, p[1], p[2]}, 1.0, anion));
        }
        return new Structure(Lattice.cubic(a), sites);
    }

    @Test
    void knownStructuresAreNotNovelRepeatsAreNotUnique() {
        Structure nacl = new CifReader().readStructure(SharedData.path("mp_groundstates", "cifs", "mp-22862.cif"));
        UniqueNovelJudge judge = UniqueNovelJudge.withDefaults();
        List<UniqueNovelJudge.Verdict> v = judge.judge(List.of(
                new UniqueNovelJudge.Item("a", nacl, 225),
                new UniqueNovelJudge.Item("b", scaled(nacl, 1.04), 225), // the same, 4% larger
                new UniqueNovelJudge.Item("c", rockSalt("Ba", "Po", 7.0), 225), // no BaPo in the MP set
                new UniqueNovelJudge.Item("d", rockSalt("Ba", "Po", 7.3), 225)));
        assertThat(v.get(0).unique()).isTrue();
        assertThat(v.get(0).novel()).isFalse();
        assertThat(v.get(0).knownAs()).isEqualTo("mp-22862");
        assertThat(v.get(1).duplicateOf()).isEqualTo("a");
        assertThat(v.get(1).novel()).isFalse();
        assertThat(v.get(2).unique()).isTrue();
        assertThat(v.get(2).novel()).isTrue();
        assertThat(v.get(3).duplicateOf()).isEqualTo("c");
        assertThat(judge.describe()).contains("<= 0.20", "ltol 0.2, stol 0.3, angle_tol 5 degrees");
    }
}
