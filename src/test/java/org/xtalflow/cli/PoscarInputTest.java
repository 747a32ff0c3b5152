package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.Poscar;
import org.xtalflow.testing.SharedData;

/** `cif info` and `prepare` read POSCAR and CONTCAR files as well as CIFs. */
class PoscarInputTest {

    @TempDir
    Path tmp;

    private static Structure licoo2() {
        return new CifReader()
                .read(SharedData.path("mp_groundstates", "cifs", "mp-22526.cif"))
                .get(0)
                .structure();
    }

    @Test
    void cifInfoSummarisesAPoscarLikeTheCifItCameFrom() throws Exception {
        Path poscar = tmp.resolve("POSCAR");
        new Poscar(licoo2()).write(poscar);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = Main.commandLine().execute("cif", "info", "--json", poscar.toString());
        } finally {
            System.setOut(old);
        }
        assertThat(rc).isZero();
        JsonNode o =
                new ObjectMapper().readTree(buf.toString(StandardCharsets.UTF_8).trim());
        assertThat(o.get("formula").asText()).isEqualTo("LiCoO2");
        assertThat(o.get("nsites").asInt()).isEqualTo(licoo2().size());
        assertThat(o.get("spacegroup_number").isNull()).isTrue(); // a POSCAR declares none
        assertThat(o.get("volume").asDouble())
                .isCloseTo(licoo2().volume(), org.assertj.core.api.Assertions.within(1e-4));
    }

    @Test
    void prepareWritesABundleFromAContcarNamedAfterItsFolder() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run-12"));
        new Poscar(licoo2()).write(run.resolve("CONTCAR"));
        Path out = tmp.resolve("bundles");
        assertThat(Main.commandLine().execute("prepare", run.resolve("CONTCAR").toString(), "--out", out.toString()))
                .isZero();
        assertThat(out.resolve("run-12_CONTCAR").resolve("POSCAR")).exists();
        assertThat(out.resolve("run-12_CONTCAR").resolve("POTCAR.spec")).hasContent("Li_sv\nCo\nO");
    }
}
