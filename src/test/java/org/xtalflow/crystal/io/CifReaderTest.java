package org.xtalflow.crystal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.SymOp;
import org.xtalflow.testing.SharedData;

class CifReaderTest {

    private final CifReader reader = new CifReader();

    private static final String NACL_BY_NAME = """
            data_NaCl
            _cell_length_a 5.6402(3)
            _cell_length_b 5.6402(3)
            _cell_length_c 5.6402(3)
            _cell_angle_alpha 90
            _cell_angle_beta 90.000(2)
            _cell_angle_gamma 90
            _symmetry_space_group_name_H-M 'F m -3 m'
            loop_
            _atom_site_fract_z
            _atom_site_label
            _atom_site_occupancy
            _atom_site_fract_x
            _atom_site_fract_y
            0 Na1 1.0 0 0
            0.5 Cl1 1.0(0) 0.5 0.5
            """;

    @Test
    void readsNameOnlyGroupsUncertaintiesAndAnyColumnOrder() {
        CifStructure cs = reader.read(NACL_BY_NAME, "nacl.cif").get(0);
        assertThat(cs.structure().size()).isEqualTo(8);
        assertThat(cs.structure().composition().reducedFormula()).isEqualTo("NaCl");
        assertThat(cs.declaredSpaceGroup().number()).isEqualTo(225);
        assertThat(cs.structure().lattice().a()).isCloseTo(5.6402, within(1e-9));
        assertThat(cs.structure().density()).isCloseTo(2.1639, within(1e-3));
    }

    @Test
    void readsCodStyleSymopLoopsChargedTypesAndSeveralBlocks() {
        String text = """
                # two blocks, COD/IUCr tags, quoted values with spaces
                data_first
                _space_group_IT_number 221
                _cell_length_a 3.905
                _cell_length_b 3.905
                _cell_length_c 3.905
                _cell_angle_alpha 90
                _cell_angle_beta 90
                _cell_angle_gamma 90
                _publ_section_title
                ;
                A multi-line title; with "quotes" and 'apostrophes'
                ;
                loop_
                _space_group_symop_id
                _space_group_symop_operation_xyz
                1 x,y,z
                loop_
                _atom_site_label
                _atom_site_type_symbol
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                Sr1 Sr2+ 0 0 0
                Ti1 Ti4+ 0.5 0.5 0.5
                O1 O2- 0.5 0.5 0
                O2 O2- 0.5 0 0.5
                O3 O2- 0 0.5 0.5
                data_second
                _cell_length_a 4.0
                _cell_length_b 4.0
                _cell_length_c 4.0
                _cell_angle_alpha 90
                _cell_angle_beta 90
                _cell_angle_gamma 90
                loop_
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                Cs1 0 0 0
                Cl1 0.5 0.5 0.5
                """;
        List<CifStructure> all = reader.read(text, "two.cif");
        assertThat(all).hasSize(2);
        assertThat(all.get(0).structure().composition().reducedFormula()).isEqualTo("SrTiO3");
        assertThat(all.get(0).declaredSpaceGroup().number()).isEqualTo(221);
        assertThat(all.get(1).structure().composition().reducedFormula()).isEqualTo("CsCl");
        assertThat(all.get(1).declaredSpaceGroup()).isNull();
        assertThat(all.get(1).blockName()).isEqualTo("second");
    }

    @Test
    void partialOccupancyCountsInTheComposition() {
        String text = NACL_BY_NAME.replace("0 Na1 1.0 0 0", "0 Na1 0.5 0 0");
        Structure s = reader.read(text, "x.cif").get(0).structure();
        assertThat(s.composition().get("Na")).isCloseTo(2.0, within(1e-12));
    }

    /** Every CubicGAN half-Heusler CIF reads to its indexed formula and 12 atoms. */
    @Test
    void halfHeuslerCifsRead() throws Exception {
        Path dir = SharedData.path("structures_cubicgan_oqmd");
        List<String> lines = Files.readAllLines(dir.resolve("index.csv"));
        int n = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            CifStructure cs = reader.read(dir.resolve("cifs").resolve(c[0])).get(0);
            assertThat(cs.structure().size()).as(c[0]).isEqualTo(Integer.parseInt(c[4]));
            assertThat(cs.structure().composition().reducedFormula()).as(c[0]).isEqualTo(c[1]);
            assertThat(cs.declaredSpaceGroup().number()).isEqualTo(216);
            n++;
        }
        assertThat(n).isEqualTo(99);
    }

    /** The CDVAE perovskite CIFs (embedded in CSV) read with their formula. */
    @Test
    void perovskiteCifsRead() throws Exception {
        String csv = Files.readString(SharedData.path("structures_perov5", "val.csv"));
        // rows: index,material_id,"cif",formula,...; the cif is the only quoted field
        int n = 0;
        int p = 0;
        while ((p = csv.indexOf("\"# generated", p)) >= 0 && n < 500) {
            int end = csv.indexOf('"', p + 1);
            String cif = csv.substring(p + 1, end);
            String formula = csv.substring(end + 2, csv.indexOf(',', end + 2));
            Structure s = reader.read(cif, "perov5/val.csv#" + n).get(0).structure();
            assertThat(s.size()).isEqualTo(5);
            assertThat(s.composition()).as(formula).isEqualTo(Composition.parse(formula));
            p = end + 1;
            n++;
        }
        assertThat(n).isEqualTo(500);
    }

    /** PGCGM's own template, filled as create_cif.py does, reads and expands. */
    @Test
    void pgcgmTemplateCifsReadAndExpand() throws Exception {
        String template = Files.readString(SharedData.path("pgcgm", "cif-template.txt"));
        Path dir = SharedData.path("pgcgm", "symmetry-equiv");
        Random rnd = new Random(3);
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.txt")) {
            for (Path p : ds) {
                String symbol = p.getFileName().toString().replace(".txt", "");
                SpaceGroup sg = SpaceGroup.find(symbol).orElseThrow();
                boolean hex = sg.isHexagonalAxes();
                // a cell the group's operations keep (cubic groups need a = b = c: others are refused)
                String c = sg.number() >= 195 ? "5.5" : "7.25";
                String cif = template.replace("SYMMETRY-SG", symbol.replace('#', '/'))
                        .replace("LAL", "5.5")
                        .replace("LBL", "5.5")
                        .replace("LCL", c)
                        .replace("DEGREE1", "90")
                        .replace("DEGREE2", "90")
                        .replace("DEGREE3", hex ? "120" : "90")
                        .replace("TRANSFORMATION", Files.readString(p).stripTrailing());
                StringBuilder atoms = new StringBuilder(cif.stripTrailing()).append('\n');
                String[] els = {"Ba", "Ru", "O"};
                List<double[]> base = new ArrayList<>();
                for (int m = 0; m < 3; m++) {
                    double[] f = {
                        Math.round(rnd.nextDouble() * 100) / 100.0,
                        Math.round(rnd.nextDouble() * 100) / 100.0,
                        Math.round(rnd.nextDouble() * 100) / 100.0
                    };
                    base.add(f);
                    atoms.append("  ")
                            .append(els[m])
                            .append("  ")
                            .append(els[m])
                            .append(m)
                            .append("  ")
                            .append(f[0])
                            .append("  ")
                            .append(f[1])
                            .append("  ")
                            .append(f[2])
                            .append("  1\n");
                }
                CifStructure cs = reader.read(atoms.toString(), p.getFileName().toString())
                        .get(0);
                int opCount = (int) Files.readAllLines(p).stream()
                        .filter(l -> l.contains("'"))
                        .count();
                assertThat(cs.operations()).hasSize(opCount);
                assertThat(cs.structure().size()).isBetween(3, 3 * opCount);
                // every expanded position is an image of its base site
                for (int i = 0; i < cs.structure().size(); i++) {
                    assertThat(isImage(cs, i)).isTrue();
                }
                n++;
            }
        }
        assertThat(n).isEqualTo(227);
    }

    private static boolean isImage(CifStructure cs, int i) {
        double[] f = cs.structure().site(i).frac();
        for (var b : cs.asymmetricUnit()) {
            if (b.species() != cs.structure().species(i)) {
                continue;
            }
            for (SymOp op : cs.operations()) {
                double[] g = op.apply(b.frac());
                boolean same = true;
                for (int c = 0; c < 3; c++) {
                    double d = g[c] - f[c];
                    same &= Math.abs(d - Math.rint(d)) < 1e-4;
                }
                if (same) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void missingCellParameterNamesTagAndBlock() {
        String bad = NACL_BY_NAME.replace("_cell_length_b 5.6402(3)\n", "");
        assertThatThrownBy(() -> reader.read(bad, "bad.cif"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.cif:1:")
                .hasMessageContaining("_cell_length_b");
    }

    @Test
    void unknownElementNamesFileLineAndSymbol() {
        String bad = NACL_BY_NAME.replace("0.5 Cl1", "0.5 Qq1");
        assertThatThrownBy(() -> reader.read(bad, "bad.cif"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.cif:16:")
                .hasMessageContaining("Qq1");
    }

    @Test
    void malformedNumberNamesTheLine() {
        String bad = NACL_BY_NAME.replace("_cell_length_c 5.6402(3)", "_cell_length_c 5.64O2");
        assertThatThrownBy(() -> reader.read(bad, "bad.cif"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.cif:4:")
                .hasMessageContaining("5.64O2");
    }

    @Test
    void malformedOperationNamesTheLine() {
        String bad = "data_x\n_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 3\n_cell_angle_alpha 90\n"
                + "_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'x,y+q,z'\n"
                + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nFe1 0 0 0\n";
        assertThatThrownBy(() -> reader.read(bad, "op.cif"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("op.cif:11:")
                .hasMessageContaining("x,y+q,z");
    }

    @Test
    void emptyAndBinaryFilesAreRejected(@TempDir Path tmp) throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.cif"), "  \n");
        assertThatThrownBy(() -> reader.read(empty))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("empty.cif")
                .hasMessageContaining("empty file");
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        Path bin = Files.write(tmp.resolve("junk.cif"), junk);
        assertThatThrownBy(() -> reader.read(bin))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("junk.cif");
        // printable garbage without NULs still fails cleanly
        Path text = Files.writeString(tmp.resolve("text.cif"), "hello world\nthis is not a cif\n");
        assertThatThrownBy(() -> reader.read(text))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("text.cif:1:");
        assertThatThrownBy(() -> reader.read(tmp.resolve("missing.cif")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("missing.cif");
    }

    @Test
    void loopWithRaggedRowsIsRejected() {
        String bad = NACL_BY_NAME.replace("0.5 Cl1 1.0(0) 0.5 0.5", "0.5 Cl1 1.0(0) 0.5");
        assertThatThrownBy(() -> reader.read(bad, "r.cif"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a multiple of 5");
    }
}
