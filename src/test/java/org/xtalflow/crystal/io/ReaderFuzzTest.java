package org.xtalflow.crystal.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for the structure readers: any input either parses or raises BadInputException,
 * never another exception. In a normal test run (regression mode) Jazzer replays the seed inputs
 * under src/test/resources/org/xtalflow/crystal/io/ReaderFuzzTestInputs/; fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn -o test -Dtest=ReaderFuzzTest#cifReader}.
 */
class ReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void cifReader(byte[] data) {
        try {
            new CifReader().read(new String(data, StandardCharsets.ISO_8859_1), "fuzz.cif");
        } catch (BadInputException expected) {
            // the one exception a bad file may raise
        }
    }

    @FuzzTest(maxDuration = "60s")
    void poscarReader(byte[] data) {
        try {
            Poscar.parse(new String(data, StandardCharsets.ISO_8859_1), "POSCAR");
        } catch (BadInputException expected) {
            // the one exception a bad file may raise
        }
    }
}
