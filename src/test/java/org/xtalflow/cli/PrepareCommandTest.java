package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.testing.SharedData;
import org.xtalflow.vasp.inputs.JobBundle;

/** `xtalflow prepare` end to end, in-process. */
class PrepareCommandTest {

    @TempDir
    Path tmp;

    private static String cif(String id) {
        return SharedData.path("mp_groundstates", "cifs", id + ".cif").toString();
    }

    private static int run(String... args) {
        return Main.commandLine().execute(args);
    }

    private static String[] names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void writesOneBundlePerCifAndPacksThemReproducibly() throws Exception {
        Path out1 = tmp.resolve("a");
        Path out2 = tmp.resolve("b");
        assertThat(run("prepare", cif("mp-1000"), cif("mp-16887"), "--out", out1.toString(), "--pack"))
                .isZero();
        assertThat(run("prepare", cif("mp-1000"), cif("mp-16887"), "--out", out2.toString(), "--pack"))
                .isZero();
        assertThat(names(out1)).containsExactly("mp-1000", "mp-1000.tar.gz", "mp-16887", "mp-16887.tar.gz");
        assertThat(Files.readAllBytes(out1.resolve("mp-16887.tar.gz")))
                .isEqualTo(Files.readAllBytes(out2.resolve("mp-16887.tar.gz")));
        assertThat(JobBundle.open(out1.resolve("mp-1000")).verify()).isEmpty();
        assertThat(out1.resolve("mp-1000/POTCAR.spec")).hasContent("Ba_sv\nTe");
        assertThat(out1.resolve("mp-1000/POTCAR")).doesNotExist();
    }

    @Test
    void staticSetPbsAndPotcarLibraryOptions() throws Exception {
        Path lib = tmp.resolve("lib");
        for (String s : new String[] {"Ba_sv", "Te"}) {
            Path d = Files.createDirectories(lib.resolve("POT_GGA_PAW_PBE").resolve(s));
            Files.writeString(d.resolve("POTCAR"), "  PAW_PBE " + s + " 01Jan2000\n fake\n End of Dataset\n");
        }
        Path out = tmp.resolve("o");
        assertThat(run(
                        "prepare",
                        cif("mp-1000"),
                        "--out",
                        out.toString(),
                        "--set",
                        "static",
                        "--scheduler",
                        "pbs",
                        "--potcar-dir",
                        lib.toString()))
                .isZero();
        assertThat(Files.readString(out.resolve("mp-1000/INCAR"))).contains("NSW = 0\n", "LCHARG = True\n");
        assertThat(Files.readString(out.resolve("mp-1000/job.sh"))).contains("#PBS -N mp-1000");
        assertThat(Files.readString(out.resolve("mp-1000/POTCAR")))
                .startsWith("  PAW_PBE Ba_sv")
                .contains("PAW_PBE Te");
        // --no-potcar: a spec even though a library is at hand; both together is a usage error
        assertThat(run("prepare", cif("mp-1000"), "--out", out.toString(), "--no-potcar"))
                .isZero();
        assertThat(out.resolve("mp-1000/POTCAR")).doesNotExist();
        assertThat(run(
                        "prepare",
                        cif("mp-1000"),
                        "--out",
                        out.toString(),
                        "--no-potcar",
                        "--potcar-dir",
                        lib.toString()))
                .isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void theWorkflowDecidesTheStepsOfTheJob() throws Exception {
        Path out = tmp.resolve("mp");
        assertThat(run("prepare", cif("mp-1000"), "--out", out.toString())).isZero();
        // MP's default: relax, relax, static, with the static step's inputs in the bundle
        assertThat(Files.readString(out.resolve("mp-1000/job.sh"))).contains("for xf_step in relax1 relax2 static; do");
        assertThat(Files.readString(out.resolve("mp-1000/INCAR.static"))).contains("NSW = 0\n", "IBRION = -1\n");
        Path conf = Files.writeString(tmp.resolve("relax.yaml"), "vasp:\n  workflow: relax\n");
        Path one = tmp.resolve("one");
        assertThat(run("prepare", cif("mp-1000"), "--out", one.toString(), "--config", conf.toString()))
                .isZero();
        assertThat(Files.readString(one.resolve("mp-1000/job.sh"))).contains("for xf_step in relax; do");
        assertThat(one.resolve("mp-1000/INCAR.static")).doesNotExist();
        Files.writeString(conf, "vasp:\n  workflow: relax_twice\n");
        assertThat(run("prepare", cif("mp-1000"), "--out", tmp.resolve("bad").toString(), "--config", conf.toString()))
                .isEqualTo(Main.EXIT_CONFIG);
    }

    @Test
    void aBadCifFailsAloneAndAMissingPotcarIsNamed() throws Exception {
        Path bad = Files.writeString(tmp.resolve("broken.cif"), "data_x\n_cell_length_a 3\n");
        Path out = tmp.resolve("o");
        assertThat(run("prepare", bad.toString(), cif("mp-1000"), "--out", out.toString()))
                .isEqualTo(Main.EXIT_INPUT_FAILED);
        assertThat(names(out)).containsExactly("mp-1000");
        Path lib = Files.createDirectories(tmp.resolve("emptylib"));
        Path out2 = tmp.resolve("o2");
        assertThat(run("prepare", cif("mp-1000"), "--out", out2.toString(), "--potcar-dir", lib.toString()))
                .isEqualTo(Main.EXIT_INPUT_FAILED);
        assertThat(Files.exists(out2) ? names(out2) : new String[0]).isEmpty();
    }

    /** Issue 17: a 10^6-site P1 CIF went through prepare (4.4 GB, a 64 MB POSCAR, EDIFF = 50.0). */
    @Test
    void aStructureTooLargeForVaspIsRefusedWithTheReason() throws Exception {
        StringBuilder cif = new StringBuilder("data_big\n_cell_length_a 60\n_cell_length_b 60\n_cell_length_c 60\n"
                + "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
                + "loop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n");
        for (int i = 0; i < 6000; i++) {
            cif.append("Ba ")
                    .append((i % 12) / 12.0)
                    .append(' ')
                    .append((i / 12 % 10) / 10.0)
                    .append(' ')
                    .append((i / 120) / 50.0)
                    .append('\n');
        }
        Path big = Files.writeString(tmp.resolve("big.cif"), cif);
        Path out = tmp.resolve("o");
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setErr(new java.io.PrintWriter(err));
        java.io.PrintStream oldErr = System.err;
        java.io.ByteArrayOutputStream sysErr = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(sysErr, true));
        int code;
        try {
            code = cl.execute("prepare", big.toString(), cif("mp-1000"), "--out", out.toString());
        } finally {
            System.setErr(oldErr);
        }
        assertThat(code).isEqualTo(Main.EXIT_INPUT_FAILED);
        assertThat(err + sysErr.toString()).contains("6000 sites (Ba): more than the 5000 a VASP job is prepared for");
        assertThat(names(out)).containsExactly("mp-1000");
    }

    @Test
    void twoFilesWithOneCandidateIdDoNotOverwriteEachOther() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.copy(Path.of(cif("mp-16887")), other.resolve("mp-1000.cif"));
        Path out = tmp.resolve("o");
        assertThat(run("prepare", cif("mp-1000"), other.resolve("mp-1000.cif").toString(), "--out", out.toString()))
                .isEqualTo(Main.EXIT_INPUT_FAILED);
        assertThat(names(out)).containsExactly("mp-1000");
        assertThat(out.resolve("mp-1000/POTCAR.spec")).hasContent("Ba_sv\nTe");
    }

    @Test
    void unknownSetOrTemplatesDirIsAConfigurationError() {
        Path out = tmp.resolve("o");
        assertThat(run("prepare", cif("mp-1000"), "--out", out.toString(), "--set", "nosuch"))
                .isEqualTo(Main.EXIT_CONFIG);
        assertThat(run(
                        "prepare",
                        cif("mp-1000"),
                        "--out",
                        out.toString(),
                        "--templates",
                        tmp.resolve("none").toString()))
                .isEqualTo(Main.EXIT_CONFIG);
        assertThat(out).doesNotExist();
    }
}
