package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtalflow.config.ConfigurationException;
import org.xtalflow.crystal.io.InputLimitException;
import org.xtalflow.crystal.io.Poscar;
import org.xtalflow.crystal.io.StructureFileLimits;
import org.xtalflow.thermo.EntryCsv;
import org.xtalflow.vasp.outputs.Outcar;
import org.xtalflow.vasp.outputs.VaspReadLimits;

/** {@code limits:} in conf/xtalflow.yaml: read, checked, and applied to the readers of this process. */
class InputLimitsTest {

    private static final String TWO_SITE_POSCAR =
            "NaCl\n1.0\n5.6 0 0\n0 5.6 0\n0 0 5.6\nNa Cl\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n";

    @TempDir
    Path tmp;

    @AfterEach
    void restoreBuiltInLimits() {
        InputLimits.builtIn().apply();
        System.clearProperty("xtalflow.vasp.max_line_chars");
    }

    @Test
    void theShippedFileStatesTheBuiltInDefaults() {
        // conf/xtalflow.yaml documents each default: the file and the code must not drift apart
        XtalflowConfig c = XtalflowConfig.load(Path.of("conf", "xtalflow.yaml"), k -> null);
        assertThat(c.limits()).isEqualTo(InputLimits.builtIn());
    }

    @Test
    void anAbsentSectionMeansTheBuiltInLimits() throws Exception {
        Path f = tmp.resolve("xtalflow.yaml");
        Files.writeString(f, "thermo: {correction: none}\n");
        assertThat(XtalflowConfig.load(f, k -> null).limits()).isEqualTo(InputLimits.builtIn());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "limits: {inbx: {max_bytes: 5}}|unknown key 'limits.inbx' (known: vasp_outputs, structures, entries, inbox)",
                "limits: {vasp_outputs: {max_text_char: 5}}|unknown key 'limits.vasp_outputs.max_text_char' (known: max_bytes,",
                "limits: {structures: {max_sites: 0}}|'limits.structures.max_sites' must be a whole number in 1..10000000, got '0'",
                "limits: {inbox: {max_bytes: 1MB}}|'limits.inbox.max_bytes' must be a whole number in 1..",
                "limits: {entries: {max_bytes: -3}}|'limits.entries.max_bytes' must be a whole number in 1..",
                "limits: {vasp_outputs: {max_depth: 2.5}}|'limits.vasp_outputs.max_depth' must be a whole number in 1..100000",
                "limits: [1, 2]|'limits' must be a mapping",
            })
    void unknownKeysAndBadValuesAreConfigurationErrorsNamingFileAndKey(String row) throws Exception {
        String[] p = row.split("\\|", 2);
        Path f = tmp.resolve("xtalflow.yaml");
        Files.writeString(f, p[0] + "\n");
        assertThatThrownBy(() -> XtalflowConfig.load(f, k -> null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(f + ": ")
                .hasMessageContaining(p[1]);
    }

    @Test
    void theApplicationAppliesTheConfiguredLimitsToEveryReader() throws Exception {
        Path f = tmp.resolve("xtalflow.yaml");
        Files.writeString(
                f,
                "limits:\n  vasp_outputs: {max_line_chars: 100}\n  structures: {max_sites: 1, max_bytes: 4096}\n"
                        + "  entries: {max_bytes: 10}\n  inbox: {max_bytes: 10}\n");
        assertThat(Poscar.parse(TWO_SITE_POSCAR, "POSCAR").structure().size()).isEqualTo(2);

        AppSettings.load(f);

        assertThat(StructureFileLimits.maxSites()).isEqualTo(1);
        assertThatThrownBy(() -> Poscar.parse(TWO_SITE_POSCAR, "POSCAR"))
                .isInstanceOfSatisfying(
                        InputLimitException.class, e -> assertThat(e.limit()).isEqualTo("max sites"))
                .hasMessageContaining("POSCAR");
        Path inboxFile = Files.writeString(tmp.resolve("Ba-Ru-O.txt"), "Ba Ru O\nLi Fe P\n");
        assertThat(InboxFiles.refusal(inboxFile)).contains("more than the 10").contains("limits.inbox.max_bytes");
        Path entries = Files.writeString(tmp.resolve("e.csv"), EntryCsv.HEADER + "\n");
        assertThatThrownBy(() -> EntryCsv.read(entries))
                .isInstanceOf(InputLimitException.class)
                .hasMessageContaining("e.csv");
        byte[] longLine = ("x".repeat(200) + "\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Outcar.read(new ByteArrayInputStream(longLine), "OUTCAR"))
                .isInstanceOfSatisfying(
                        InputLimitException.class, e -> assertThat(e.value()).isEqualTo(100));

        // a system property still overrides the configured value (tests, one-off runs)
        System.setProperty("xtalflow.vasp.max_line_chars", "1000");
        assertThat(VaspReadLimits.defaults().maxLineChars()).isEqualTo(1000);
        assertThatThrownBy(() -> Outcar.read(new ByteArrayInputStream(longLine), "OUTCAR"))
                .isNotInstanceOf(InputLimitException.class) // read past the line: refused for what it says
                .hasMessageContaining("not an OUTCAR");
    }
}
