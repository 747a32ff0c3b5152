package org.xtalflow.vasp.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.testing.Pymatgen;
import org.xtalflow.testing.SharedData;

/**
 * Vasprun.potcar_spec: the TITELs with a null hash when no POTCAR is available (pymatgen's
 * test_potcar_not_found), and with a POTCAR beside the file the hash Debian pymatgen computes for
 * the same (made-up, non-licensed) POTCAR.
 */
public class PotcarSpecTest {

    private static Path vasprunGz() {
        return SharedData.path("vasp_outputs", "outputs/vasprun.xml.gz");
    }

    @Test
    void noPotcarGivesTheTitelsAndNullHashes() throws Exception {
        JsonNode facts = null;
        for (JsonNode a : new ObjectMapper()
                .readTree(SharedData.path("vasp_outputs", "EXPECTED.json").toFile())
                .get("files")
                .get("outputs/vasprun.xml.gz")
                .get("asserted")) {
            if (a.get("test").asText().endsWith("test_potcar_not_found")) {
                facts = a.get("facts");
            }
        }
        assertThat(facts).isNotNull();
        Vasprun v = Vasprun.read(vasprunGz());
        List<String> titels = new ArrayList<>();
        facts.get("potcar_spec titels (no POTCAR available)").forEach(t -> titels.add(t.asText()));
        assertThat(v.potcarSpec()).extracting(PotcarSpec::titel).containsExactlyElementsOf(titels);
        assertThat(facts.get("hash").isNull()).isTrue();
        assertThat(v.potcarSpec()).extracting(PotcarSpec::hash).containsOnlyNulls();
    }

    /** A POTCAR data set with the layout VASP's have; the numbers are made up per element. */
    public static String dataSet(String titel, double zval, double mass, double k) {
        String sym = titel.split(" ")[1];
        return "  " + titel + "\n"
                + " " + zval + "\n"
                + " parameters from PSCTR are:\n"
                + "   VRHFIN =" + sym + ": s1p0\n"
                + "   LEXCH  = PE\n"
                + "   EATOM  =    " + (5.3678 * k) + " eV,     .3945 Ry\n"
                + "\n"
                + "   TITEL  = " + titel + "\n"
                + "   LULTRA =        F    use ultrasoft PP ?\n"
                + "   IUNSCR =        " + (int) k + "    unscreen: 0-lin 1-nonlin 2-no\n"
                + "   RPACOR =     -.0001    partial core radius\n"
                + "   POMASS =   " + mass + "; ZVAL   =    " + zval + "    mass and valenz\n"
                + "   RCORE  =    2.0345    outmost cutoff radius\n"
                + "   RWIGS  =    2.050; RWIGS  =    1.085    wigner-seitz radius (au A)\n"
                + "   ENMAX  =  " + (140.0 * k) + "; ENMIN  =  105.000 eV\n"
                + "   RCLOC  =    1.569    cutoff for local pot\n"
                + "   LCOR   =        T    correct aug charges\n"
                + "   LPAW   =        T    paw PP\n"
                + "   EAUG   =  200.9755\n"
                + "   DEXC   =     .000\n"
                + "   RMAX   =    2.095    core radius for proj-oper\n"
                + "   RAUG   =    1.300    factor for augmentation sphere\n"
                + "   RDEP   =    2.091    radius for radial grids\n"
                + "   RDEPT  =    1.852    core radius for aug-charge\n"
                + "\n"
                + "   Atomic configuration\n"
                + "    2 entries\n"
                + "     n  l   j            E        occ.\n"
                + "     1  0  0.50       -51.4685    2.0000\n"
                + "     2  0  0.50        -2.8735    1.0000\n"
                + "   Description\n"
                + "     l       E        TYP  RCUT    TYP  RCUT\n"
                + "     0    -2.874     23  2.050\n"
                + "     1    " + (-1.3605 * k) + "     23  2.050     7  1.9995\n"
                + "   Error from kinetic energy argument (eV)\n"
                + "   NDATA  =     100\n"
                + "   STEP   =   20.000   1.050\n"
                + "    .178     .175     .168     .158     .143     .128     .112     .097\n"
                + "    .0825    .069     " + (0.0575 * k) + "     .046\n"
                + "END of PSCTR-controll parameters\n"
                + " local part\n"
                + "  98.4\n"
                + " End of Dataset\n";
    }

    @Test
    void potcarBesideTheFileGivesPymatgensHashes(@TempDir Path dir) throws Exception {
        Path vr = dir.resolve("vasprun.xml.gz");
        Files.copy(vasprunGz(), vr);
        // one data set per distinct TITEL (pymatgen matches the set of headers)
        Path potcar = dir.resolve("POTCAR");
        Files.writeString(
                potcar,
                dataSet("PAW_PBE Li 17Jan2003", 1.0, 7.01, 1)
                        + dataSet("PAW_PBE Fe 06Sep2000", 8.0, 55.847, 2)
                        + dataSet("PAW_PBE P 17Jan2003", 5.0, 30.974, 3)
                        + dataSet("PAW_PBE O 08Apr2002", 6.0, 16.0, 4));
        Files.writeString(dir.resolve("POTCAR.spec"), "not a POTCAR: pymatgen and we skip *.spec*\n");

        Vasprun v = Vasprun.read(vr);
        assertThat(v.potcarSpec())
                .extracting(PotcarSpec::hash)
                .doesNotContainNull()
                .allMatch(h -> h.matches("[0-9a-f]{32}"));
        // Fe twice in the vasprun (two atom types): the same data set, the same hash
        assertThat(v.potcarSpec().get(1).hash()).isEqualTo(v.potcarSpec().get(2).hash());
        assertThat(v.potcarSpec().stream().map(PotcarSpec::hash).distinct()).hasSize(4);

        Path script = Path.of(Objects.requireNonNull(getClass().getResource("/xtalflow/vasp/pymatgen_potcar_spec.py"))
                .toURI());
        List<String> py = Pymatgen.run(script.toString(), vr.toString(), potcar.toString());
        List<String> expectedSpec =
                py.stream().filter(l -> !l.startsWith("single\t")).toList();
        assertThat(v.potcarSpec()).extracting(s -> s.titel() + "\t" + s.hash()).containsExactlyElementsOf(expectedSpec);
        List<String> expectedSingles =
                py.stream().filter(l -> l.startsWith("single\t")).toList();
        assertThat(PotcarHash.read(potcar))
                .extracting(s -> "single\t" + s.symbol() + "\t" + s.hash())
                .containsExactlyElementsOf(expectedSingles);
    }

    @Test
    void aPotcarForOtherSpeciesLeavesTheHashesNullWithAWarning(@TempDir Path dir) throws Exception {
        Path vr = dir.resolve("vasprun.xml.gz");
        Files.copy(vasprunGz(), vr);
        Files.writeString(dir.resolve("POTCAR"), dataSet("PAW_PBE Li 17Jan2003", 1.0, 7.01, 1));
        Vasprun v = Vasprun.read(vr);
        assertThat(v.potcarSpec()).hasSize(5).extracting(PotcarSpec::hash).containsOnlyNulls();
        assertThat(v.warnings()).anyMatch(w -> w.contains("no POTCAR file with TITELs matching"));
    }

    @Test
    void aBrokenPotcarIsAWarningNotACrash(@TempDir Path dir) throws Exception {
        Path vr = dir.resolve("vasprun.xml.gz");
        Files.copy(vasprunGz(), vr);
        Files.writeString(
                dir.resolve("POTCAR"),
                dataSet("PAW_PBE Li 17Jan2003", 1.0, 7.01, 1).replace("POMASS =   7.01", "POMASS =   x7.01"));
        Vasprun v = Vasprun.read(vr);
        assertThat(v.potcarSpec()).extracting(PotcarSpec::hash).containsOnlyNulls();
        assertThat(v.warnings()).anyMatch(w -> w.contains("POMASS") && w.contains("POTCAR"));
        assertThatThrownBy(() -> PotcarHash.read(dir.resolve("POTCAR")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("POMASS");
    }

    @Test
    void pythonsThreeDecimalFormatting() {
        assertThat(PotcarHash.f3(2.0345)).isEqualTo("2.034"); // 2.03449999... in binary
        assertThat(PotcarHash.f3(0.0005)).isEqualTo("0.001");
        assertThat(PotcarHash.f3(-0.0001)).isEqualTo("-0.000");
        assertThat(PotcarHash.f3(0.125)).isEqualTo("0.125");
        assertThat(PotcarHash.f3(0.0625)).isEqualTo("0.062"); // exact tie: half-even
    }

    @Test
    void aRealSizedPotcarParses() {
        // real data sets carry ~1 MB of radial grids after the PSCTR block: the regexes must cope
        String grid =
                "  0.12345678E+01  0.23456789E+01  0.34567890E+01  0.45678901E+01  0.56789012E+01\n".repeat(15_000);
        String one = dataSet("PAW_PBE Li 17Jan2003", 1.0, 7.01, 1).replace(" local part\n", " local part\n" + grid);
        List<PotcarHash.Single> singles = PotcarHash.parse(one + one, "big POTCAR");
        assertThat(singles).hasSize(2);
        assertThat(singles.get(0).hash()).isEqualTo(PotcarHash.hash(dataSet("PAW_PBE Li 17Jan2003", 1.0, 7.01, 1)));
    }
}
