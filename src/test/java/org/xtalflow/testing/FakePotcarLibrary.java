package org.xtalflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A FAKE POTCAR library for tests (real POTCARs are licensed and absent here): one plain-text
 * POTCAR per symbol of the MP input set, under each functional folder the job script may look in,
 * so that a job script's POTCAR assembly runs and the VASP stand-in is reached.
 */
public final class FakePotcarLibrary {
    private FakePotcarLibrary() {}

    /** Writes the library under {@code lib}; returns {@code lib}. */
    public static Path write(Path lib) throws IOException {
        JsonNode set;
        try (InputStream in = FakePotcarLibrary.class.getResourceAsStream("/xtalflow/vasp/MPRelaxSet.yaml")) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("MPRelaxSet.yaml is not on the classpath"));
            }
            set = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        for (String functional :
                List.of("POT_GGA_PAW_PBE", "POT_GGA_PAW_PBE_52", "POT_GGA_PAW_PBE_54", "POT_PAW_PBE_64")) {
            for (JsonNode symbolNode : set.path("POTCAR")) {
                String symbol = symbolNode.asText();
                Path dir = Files.createDirectories(lib.resolve(functional).resolve(symbol));
                Files.writeString(
                        dir.resolve("POTCAR"),
                        "  PAW_PBE " + symbol + " 01Jan2000\n   TITEL  = PAW_PBE " + symbol
                                + " 01Jan2000\n   FAKE POTCAR FOR TESTS ONLY\n End of Dataset\n");
            }
        }
        return lib;
    }
}
