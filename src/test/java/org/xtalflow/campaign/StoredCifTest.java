package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifWriter;
import org.xtalflow.generate.Condition;
import org.xtalflow.generate.ConditionSampler;
import org.xtalflow.generate.GeneratedSample;
import org.xtalflow.generate.RandomSymmetricGenerator;
import org.xtalflow.generate.SymmetryExpander;
import org.xtalflow.testing.SharedData;

/** The store's compressed CIF gives back the same text, byte for byte, whatever the text. */
class StoredCifTest {

    /** Cells of the random baseline (all three coordinate sets), as a campaign stores them: exact and ≥ 8× smaller. */
    @Test
    void generatedP1CellsComeBackExactlyAndSmall() {
        RandomSymmetricGenerator g = new RandomSymmetricGenerator();
        List<Condition> conditions = new ConditionSampler(g.spec()).draw(100, null, null, 11);
        SymmetryExpander x = new SymmetryExpander();
        long text = 0;
        long stored = 0;
        for (GeneratedSample s : g.sample(conditions, 5)) {
            for (int k = 0; k < GeneratedSample.SETS; k++) {
                String cif = CifWriter.p1(x.expand(s, k));
                byte[] z = StoredCif.compress(cif);
                assertThat(z[0]).as("folded form").isEqualTo((byte) 1);
                assertThat(StoredCif.decompress(z)).isEqualTo(cif);
                text += cif.length();
                stored += z.length;
            }
        }
        assertThat(stored).as("stored bytes of %d text bytes", text).isLessThan(text / 8);
    }

    /** Real files (CubicGAN's CIFs as published, and as CifWriter writes them in P1 and symmetrized) round-trip. */
    @Test
    void otherCifsRoundTrip() throws Exception {
        List<Path> files;
        try (Stream<Path> l = Files.list(SharedData.path("structures_cubicgan_oqmd", "cifs"))) {
            files = l.sorted().limit(30).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            String published = Files.readString(f);
            assertThat(StoredCif.decompress(StoredCif.compress(published))).isEqualTo(published);
            Structure s = new CifReader()
                    .read(published, f.getFileName().toString())
                    .get(0)
                    .structure();
            String p1 = CifWriter.p1(s);
            assertThat(StoredCif.decompress(StoredCif.compress(p1))).isEqualTo(p1);
        }
    }

    /** Text the folded form would change (a line already folded, partial occupancy, CRLF) is kept verbatim. */
    @Test
    void textTheFoldingWouldChangeIsKeptVerbatim() throws Exception {
        Path f;
        try (Stream<Path> l = Files.list(SharedData.path("structures_cubicgan_oqmd", "cifs"))) {
            f = l.sorted().findFirst().orElseThrow();
        }
        String p1 = CifWriter.p1(
                new CifReader().read(Files.readString(f), f.toString()).get(0).structure());
        for (String odd : List.of(
                p1 + "Sr 0.5 0.5 0.5\n",
                p1.replace("  1.0\n", "  0.5\n"),
                p1.replace("\n", "\r\n"),
                p1.replaceFirst("(?<site>\n  (?<el>[A-Z][a-z]?)  \\k<el>)0  ", "${site}7  "), // a label out of turn
                p1.replace("1.0\n", "1.0"), // one line
                "",
                "data_x\n _atom_site_occupancy\n")) {
            byte[] z = StoredCif.compress(odd);
            assertThat(StoredCif.decompress(z)).isEqualTo(odd);
        }
        assertThat(StoredCif.compress(p1 + "Sr 0.5 0.5 0.5\n")[0])
                .as("verbatim form")
                .isEqualTo((byte) 2);
        assertThat(StoredCif.compress(null)).isNull();
        assertThat(StoredCif.decompress(null)).isNull();
    }

    /** Bytes that are not a stored CIF are a StoreException, never garbage text. */
    @Test
    void damagedBytesAreRefused() {
        byte[] z = StoredCif.compress("data_x\n_cell_length_a   1.00000000\n");
        assertThatThrownBy(() -> StoredCif.decompress(Arrays.copyOf(z, z.length - 3)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("stored CIF");
        byte[] corrupt = z.clone();
        corrupt[3] ^= 0x55;
        assertThatThrownBy(() -> StoredCif.decompress(corrupt))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("stored CIF");
        byte[] unknown = z.clone();
        unknown[0] = 9;
        assertThatThrownBy(() -> StoredCif.decompress(unknown))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("unknown format 9");
        assertThatThrownBy(() -> StoredCif.decompress(new byte[0])).isInstanceOf(StoreException.class);
    }
}
