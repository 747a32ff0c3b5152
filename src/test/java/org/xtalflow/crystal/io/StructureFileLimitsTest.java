package org.xtalflow.crystal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.testing.ChildJvm;

/** The findings of issue 17 on structure files: each ends in a typed refusal naming file and line. */
class StructureFileLimitsTest {

    private static final String BATE_HEAD = """
            data_BaTe
            _cell_length_a   7.08983954
            _cell_length_b   7.08983954
            _cell_length_c   7.08983954
            _cell_angle_alpha   90.0
            _cell_angle_beta   90.0
            _cell_angle_gamma   90.0
            """;

    private static String bate(String ops, String baCoords) {
        return BATE_HEAD + "loop_\n _symmetry_equiv_pos_as_xyz\n" + ops + "\nloop_\n _atom_site_type_symbol\n"
                + " _atom_site_label\n _atom_site_fract_x\n _atom_site_fract_y\n _atom_site_fract_z\n"
                + "  Ba  Ba0  " + baCoords + "\n  Te  Te1  0.5 0.5 0.5\n";
    }

    @Test
    void singularOperationIsRefused() {
        // before: accepted, and turned BaTe into "Ba4Te5"
        String cif = bate("  'x, y, z'\n  'x, x, x'\n  'y+1/2, x, z'", "0 0 0");
        assertThatThrownBy(() -> new CifReader().read(cif, "BaTe.cif"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("BaTe.cif:11: symmetry operation 'x, x, x' has a rotation part of determinant 0.0 "
                        + "(a symmetry operation has ±1)");
    }

    @Test
    void operationThatDoesNotKeepTheCellIsRefused() {
        // x -> y swaps a and b: a symmetry of a square cell, not of an orthorhombic one
        String cif = BATE_HEAD.replace("_cell_length_b   7.08983954", "_cell_length_b   9.0")
                + "loop_\n _symmetry_equiv_pos_as_xyz\n  'x, y, z'\n  'y, x, z'\nloop_\n _atom_site_type_symbol\n"
                + " _atom_site_fract_x\n _atom_site_fract_y\n _atom_site_fract_z\n  Ba 0.1 0.2 0.3\n";
        assertThatThrownBy(() -> new CifReader().read(cif, "ortho.cif"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("ortho.cif:11: symmetry operation 'y, x, z' does not map the cell onto itself");
        // in the square cell the same operation is fine
        String square = cif.replace("_cell_length_b   9.0", "_cell_length_b   7.08983954");
        assertThat(new CifReader().read(square, "square.cif").get(0).structure().size())
                .isEqualTo(2);
    }

    @Test
    void hugeCoordinateIsRefused() {
        // before: 1e300 wrapped to 0 and gave "Ba7Te4"
        String cif = bate("  'x, y, z'", "1e300 0 0");
        assertThatThrownBy(() -> new CifReader().read(cif, "BaTe.cif"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("BaTe.cif:17: coordinate of Ba (1e300, 0, 0) is more than 1000 cells from the origin");
        String poscar = "BaTe\n1.0\n7 0 0\n0 7 0\n0 0 7\nBa Te\n1 1\nDirect\n1e300 0 0\n0.5 0.5 0.5\n";
        assertThatThrownBy(() -> Poscar.parse(poscar, "POSCAR"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("POSCAR:9: coordinate of Ba is more than 1000 cells from the origin");
    }

    @Test
    void millionSiteCifIsRefusedWithin512MiB(@TempDir Path dir) throws Exception {
        // before: a 10^6-site P1 CIF went through prepare (4.4 GB, a 64 MB POSCAR)
        Path cif = dir.resolve("big.cif");
        Random rnd = new Random(7);
        try (BufferedWriter w = Files.newBufferedWriter(cif, StandardCharsets.US_ASCII)) {
            w.write(BATE_HEAD.replace("7.08983954", "700.0"));
            w.write("loop_\n _atom_site_type_symbol\n _atom_site_fract_x\n _atom_site_fract_y\n _atom_site_fract_z\n");
            for (int i = 0; i < 1_000_000; i++) {
                w.write(String.format(
                        Locale.ROOT, "Ba %.5f %.5f %.5f%n", rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()));
            }
        }
        ChildJvm.Result r = ChildJvm.run("512m", CifProbe.class, "cif", cif.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).startsWith("REFUSED max tokens: " + cif + ":").contains("more than 2000000 values");

        // below the token cap, the site cap speaks
        StringBuilder sb = new StringBuilder(BATE_HEAD.replace("7.08983954", "300.0"));
        sb.append("loop_\n _atom_site_type_symbol\n _atom_site_fract_x\n _atom_site_fract_y\n _atom_site_fract_z\n");
        for (int i = 0; i < 30_000; i++) {
            sb.append("Ba ").append(i / 30_000.0).append(" 0 0\n");
        }
        assertThatThrownBy(() -> new CifReader().read(sb.toString(), "30k.cif"))
                .isInstanceOf(InputLimitException.class)
                .hasMessage("30k.cif:8: block BaTe lists 30000 sites (limit max sites = 20000)");
    }

    @Test
    void poscarWithHugeCountsOrSizeIsRefused(@TempDir Path dir) throws IOException {
        String poscar = "BaTe\n1.0\n7 0 0\n0 7 0\n0 0 7\nBa Te\n2000000000 2000000000\nSelective dynamics\nDirect\n";
        assertThatThrownBy(() -> Poscar.parse(poscar, "POSCAR"))
                .isInstanceOf(InputLimitException.class)
                .hasMessage("POSCAR:7: more than 20000 sites (limit max sites = 20000)");
        String vasp4 = "BaTe\n1.0\n7 0 0\n0 7 0\n0 0 7\n-5 1\nDirect\n0 0 0 Ba\n0.5 0.5 0.5 Te\n";
        assertThatThrownBy(() -> Poscar.parse(vasp4, "POSCAR4"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("count -5 is not in 0..20000");
        Path big = dir.resolve("POSCAR");
        try (var ch = Files.newByteChannel(
                big,
                java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.SPARSE)) {
            ch.position(StructureFileLimits.MAX_BYTES + 1);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}));
        }
        assertThatThrownBy(() -> Poscar.read(big))
                .isInstanceOf(InputLimitException.class)
                .hasMessageContaining("file is larger than 64 MiB");
    }
}
