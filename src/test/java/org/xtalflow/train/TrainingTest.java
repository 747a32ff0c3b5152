package org.xtalflow.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.SymmetryExpansion;
import org.xtalflow.generate.Condition;
import org.xtalflow.generate.ConditionSampler;
import org.xtalflow.generate.GeneratedSample;
import org.xtalflow.generate.PgcgmGenerator;

class TrainingTest {

    /** A tiny, fast configuration: width 1/16, batch 4, one critic step. */
    static TrainConfig tiny(int steps) {
        return new TrainConfig(steps, 4, 1, 2e-4, 5e-4, 0.5, 0.9, 10, 1, 1, 1, 0.75, 2, 0.1, 0.0625, 2, 1, 7);
    }

    static List<TrainingMaterial> someMaterials() {
        List<TrainingMaterial> all = TrainingSet.readDefault();
        return new ArrayList<>(all.subList(0, 60));
    }

    @Test
    void defaultSetHasOneOrbitPerElementInStandardSettings() {
        List<TrainingMaterial> all = TrainingSet.readDefault();
        assertThat(all).hasSizeGreaterThan(1000);
        double[] buf = new double[3 * 192];
        for (TrainingMaterial m : all) {
            // each element's positions are exactly the orbit of any one of them
            for (int e = 0; e < 3; e++) {
                double[] f = m.orbits()[e][0];
                int n = SymmetryExpansion.orbit(f[0], f[1], f[2], m.spaceGroup().operations(), 2e-3, buf);
                assertThat(n).as(m.id() + " element " + m.elements().get(e)).isEqualTo(m.orbits()[e].length);
            }
        }
        assertThat(all.stream().map(TrainingMaterial::source).distinct())
                .containsExactlyInAnyOrder("mp_groundstates", "structures_cubicgan_oqmd", "structures_perov5");
    }

    @Test
    void selfAugmentationDrawsSitesOfTheOrbits() {
        TrainingMaterial m = TrainingSet.readDefault().get(0);
        double[][][] d = SelfAugmentation.draw(m, new SplittableRandom(3));
        for (int k = 0; k < 3; k++) {
            for (int e = 0; e < 3; e++) {
                double[] p = d[k][e];
                assertThat(List.of(m.orbits()[e])).anySatisfy(q -> assertThat(q).containsExactly(p));
            }
        }
    }

    @Test
    void splitIsRecordedAndDisjoint(@TempDir Path tmp) throws Exception {
        List<TrainingMaterial> data = TrainingSet.readDefault();
        WganTrainer t = new WganTrainer(tiny(1), data, tmp, new PrintStream(new ByteArrayOutputStream()));
        assertThat(t.validation()).isNotEmpty();
        double share = t.validation().size() / (double) data.size();
        assertThat(share).isBetween(0.07, 0.13);
        for (TrainingMaterial v : t.validation()) {
            assertThat(WganTrainer.isValidation(v.id(), 0.1)).isTrue();
        }
    }

    @Test
    void trainingIsDeterministicAndResumesExactly(@TempDir Path tmp) throws Exception {
        List<TrainingMaterial> data = someMaterials();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path straight = tmp.resolve("straight");
        new WganTrainer(tiny(3), data, straight, new PrintStream(log)).run(false);
        assertThat(log.toString()).contains("step 3/3").contains("loss_D").contains("ETA");
        Path resumed = tmp.resolve("resumed");
        new WganTrainer(tiny(2), data, resumed, new PrintStream(new ByteArrayOutputStream())).run(false);
        ByteArrayOutputStream log2 = new ByteArrayOutputStream();
        new WganTrainer(tiny(3), data, resumed, new PrintStream(log2)).run(true);
        assertThat(log2.toString()).contains("resuming from").contains("at step 2");
        assertThat(Files.readAllBytes(resumed.resolve("generator.params")))
                .isEqualTo(Files.readAllBytes(straight.resolve("generator.params")));
        assertThat(Files.readAllBytes(resumed.resolve("critic.params")))
                .isEqualTo(Files.readAllBytes(straight.resolve("critic.params")));
        assertThat(Files.readString(straight.resolve("checkpoints/LATEST")).trim())
                .isEqualTo("step-3");
        // the trained model loads as a generator and samples valid fractional coordinates
        try (PgcgmGenerator g = PgcgmGenerator.open(straight)) {
            List<Condition> conds = new ConditionSampler(g.spec()).draw(5, null, null, 1);
            for (GeneratedSample s : g.sample(conds, 1)) {
                assertThat(s.abc()[0]).isGreaterThan(0.5);
            }
            assertThat(g.spec().training().path("steps").asInt()).isEqualTo(3);
        }
    }

    @Test
    void physicsLossIsZeroForARealStructureAndPositiveForClashes() {
        // Rock salt like NaCl-type ternary is not at hand; use the evaluation's min/max helper on a real cell
        TrainingMaterial m = TrainingSet.readDefault().get(0);
        Structure s = GeneratorEvaluation.structures(List.of(m)).get(0);
        double[] mm = GeneratorEvaluation.minMax(s);
        assertThat(mm[0]).isGreaterThan(1.0);
        assertThat(mm[1]).isGreaterThan(mm[0]);
    }

    @Test
    void wassersteinOfShiftedSamplesIsTheShift() {
        List<Double> a = List.of(1.0, 2.0, 3.0);
        List<Double> b = List.of(1.5, 2.5, 3.5);
        assertThat(GeneratorEvaluation.wasserstein(a, b)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(GeneratorEvaluation.wasserstein(a, a)).isZero();
        assertThat(GeneratorEvaluation.wasserstein(a, List.of())).isNaN();
    }

    @Test
    void resumeRefusesAnotherWidth(@TempDir Path tmp) throws Exception {
        List<TrainingMaterial> data = someMaterials();
        new WganTrainer(tiny(2), data, tmp, new PrintStream(new ByteArrayOutputStream())).run(false);
        TrainConfig wider = tiny(3).withSizes(4, 0.125, 2, 1);
        assertThatThrownBy(
                        () -> new WganTrainer(wider, data, tmp, new PrintStream(new ByteArrayOutputStream())).run(true))
                .hasMessageContaining("width");
    }

    @Test
    void builderReadsTheSharedData() throws Exception {
        TrainingSetBuilder b = new TrainingSetBuilder();
        var perov = TrainingSetBuilder.cubicPerovskite(
                new org.xtalflow.crystal.io.CifReader()
                        .read("""
                data_x
                _cell_length_a 4.0
                _cell_length_b 4.0
                _cell_length_c 4.0
                _cell_angle_alpha 90
                _cell_angle_beta 90
                _cell_angle_gamma 90
                _symmetry_space_group_name_H-M 'P 1'
                loop_
                _atom_site_type_symbol
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                _atom_site_occupancy
                Sr Sr0 0.501 0.5 0.5 1
                Ti Ti1 0.0 0.0 0.0 1
                O O2 0.5 0.0 0.0 1
                O O3 0.0 0.5 0.0 1
                O O4 0.0 0.0 0.5 1
                """, "SrTiO3")
                        .get(0)
                        .structure(),
                SpaceGroup.of(221));
        assertThat(perov).isNotNull();
        assertThat(perov.size()).isEqualTo(5);
        List<TrainingMaterial> built = b.build(org.xtalflow.testing.SharedData.root());
        assertThat(built.size()).isEqualTo(TrainingSet.readDefault().size());
        assertThat(b.dropped()).containsKey("element outside PGCGM's 63");
    }
}
