package org.xtalflow.gpaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.BadInputException;

class GpawInputSetTest {

    static Structure rocksalt(String a, String b, double conventionalA) {
        double h = conventionalA / 2;
        Lattice l = new Lattice(new double[][] {{0, h, h}, {h, 0, h}, {h, h, 0}});
        return new Structure(
                l, List.of(new Site(Element.of(a), new double[] {0, 0, 0}), new Site(Element.of(b), new double[] {
                    0.5, 0.5, 0.5
                })));
    }

    static Structure b2(String a, String b, double latticeA) {
        return new Structure(
                Lattice.cubic(latticeA),
                List.of(
                        new Site(Element.of(a), new double[] {0, 0, 0}),
                        new Site(Element.of(b), new double[] {0.5, 0.5, 0.5})));
    }

    @Test
    void bundledSetsStateTheirPhysics() {
        GpawInputSet relax = GpawInputSet.bundled("relax");
        assertThat(relax.name()).isEqualTo("GpawRelaxSet");
        assertThat(relax.xc()).isEqualTo("PBE");
        assertThat(relax.ecutEv()).isPositive();
        GpawInputSet test = GpawInputSet.bundled("test");
        assertThat(test.name()).isEqualTo("GpawTestSet");
        // the test set inherits what it does not change
        assertThat(test.xc()).isEqualTo(relax.xc());
        assertThat(test.smearingWidthEv()).isEqualTo(relax.smearingWidthEv());
        assertThat(test.kpointDensity()).isLessThan(relax.kpointDensity());
        assertThat(test.settingsHash()).isNotEqualTo(relax.settingsHash()).hasSize(64);
        assertThat(GpawInputSet.bundled("relax").settingsHash()).isEqualTo(relax.settingsHash());
    }

    @Test
    void correctionsMayChangeScfAndRelaxationButNotTheLockedPhysics() {
        GpawInputSet relax = GpawInputSet.bundled("relax");
        GpawInputSet more =
                relax.withOverrides(Map.of("scf", Map.of("maxiter", 400), "relax", Map.of("max_steps", 300)));
        assertThat(more.scfMaxIterations()).isEqualTo(400);
        assertThat(more.maxRelaxSteps()).isEqualTo(300);
        assertThat(more.fmaxEvPerA()).isEqualTo(relax.fmaxEvPerA());
        assertThat(more.settingsHash()).isEqualTo(relax.settingsHash());
        assertThatThrownBy(() -> relax.withOverrides(Map.of("ecut_ev", 300)))
                .isInstanceOf(GpawException.class)
                .hasMessageContaining("'ecut_ev' is locked");
        assertThatThrownBy(() -> relax.withOverrides(Map.of("smearing", Map.of("width_ev", 0.2))))
                .isInstanceOf(GpawException.class)
                .hasMessageContaining("'smearing' is locked");
        assertThatThrownBy(() -> relax.withOverrides(Map.of("nonsense", 1)))
                .isInstanceOf(GpawException.class)
                .hasMessageContaining("unknown key 'nonsense'");
        // restating a locked value unchanged is no change
        assertThat(relax.withOverrides(Map.of("xc", "PBE")).settingsHash()).isEqualTo(relax.settingsHash());
    }

    @Test
    void spinRuleAndKpointsFollowTheStructure() {
        GpawInputSet relax = GpawInputSet.bundled("relax");
        GpawJobSettings nacl = relax.forCrystal(rocksalt("Na", "Cl", 5.69));
        assertThat(nacl.spinPolarised()).isFalse();
        assertThat(nacl.json().has("initial_magmoms_by_element")).isFalse();
        assertThat(java.util.Arrays.stream(nacl.mesh()).min().getAsInt()).isGreaterThan(1);
        assertThat(nacl.json().path("relax").path("cell").asBoolean()).isTrue();
        GpawJobSettings nial = relax.forCrystal(b2("Ni", "Al", 2.89));
        assertThat(nial.spinPolarised()).isTrue();
        assertThat(nial.json().path("initial_magmoms_by_element").path("Ni").asDouble())
                .isEqualTo(5.0);
        assertThat(nial.json().path("initial_magmoms_by_element").path("Al").asDouble())
                .isEqualTo(0.0);
        Structure o2 = new Structure(
                Lattice.fromParameters(10, 10.5, 11, 90, 90, 90),
                List.of(
                        new Site(Element.of("O"), new double[] {0.5, 0.5, 0.5}),
                        new Site(Element.of("O"), new double[] {0.5, 0.5, 0.5 + 1.23 / 11})));
        GpawJobSettings mol = relax.forMolecule(o2);
        assertThat(mol.spinPolarised()).isTrue();
        assertThat(mol.mesh()).containsExactly(1, 1, 1);
        assertThat(mol.json().path("relax").path("cell").asBoolean()).isFalse();
        // a denser mesh for a smaller cell: k-points per reciprocal atom
        assertThat(relax.forCrystal(rocksalt("Li", "F", 4.0)).mesh()[0]).isGreaterThanOrEqualTo(nacl.mesh()[0]);
    }

    @Test
    void userSetExtendsABundledOneAndBadValuesNameTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, "PARENT: GpawRelaxSet\nname: mine\necut_ev: 800\n");
        GpawInputSet mine = GpawInputSet.named(f.toString());
        assertThat(mine.ecutEv()).isEqualTo(800);
        assertThat(mine.kpointDensity()).isEqualTo(GpawInputSet.bundled("relax").kpointDensity());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "PARENT: GpawRelaxSet\nname: bad\necut_ev: -5\n");
        assertThatThrownBy(() -> GpawInputSet.fromFile(bad))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("ecut_ev must be a positive number");
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "PARENT: GpawRelaxSet\nname: t\necut: 500\n");
        assertThatThrownBy(() -> GpawInputSet.fromFile(typo))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("typo.yaml")
                .hasMessageContaining("unknown key 'ecut'");
        assertThatThrownBy(() -> GpawInputSet.bundled("nope"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("no such GPAW input set");
    }

    @Test
    void aDensityMixerIsOptionalAndCheckedWhenGiven() {
        GpawInputSet test = GpawInputSet.bundled("test");
        assertThat(test.tree().path("scf").has("mixer")).isFalse();
        GpawInputSet gentle =
                test.withOverrides(Map.of("scf", Map.of("mixer", Map.of("beta", 0.02, "nmaxold", 5, "weight", 100))));
        assertThat(gentle.settingsHash()).isEqualTo(test.settingsHash());
        assertThatThrownBy(() -> test.withOverrides(
                        Map.of("scf", Map.of("mixer", Map.of("beta", 2, "nmaxold", 5, "weight", 100)))))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("scf.mixer.beta must be in (0, 1]");
        assertThatThrownBy(() ->
                        test.withOverrides(Map.of("scf", Map.of("mixer", Map.of("beta", 0.02, "weight", 100)))))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("scf.mixer.nmaxold");
    }
}
