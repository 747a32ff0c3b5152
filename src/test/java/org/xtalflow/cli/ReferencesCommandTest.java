package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Composition;
import org.xtalflow.testing.MaterialsProjectTestServer;
import org.xtalflow.testing.Pymatgen;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryJson;

/** {@code references fetch / list} against the Materials Project test double, with a real store. */
class ReferencesCommandTest {

    @TempDir
    Path tmp;

    static HullCommandTest.Run run(String... args) {
        return HullCommandTest.run(args);
    }

    static List<ObjectNode> docs() {
        List<ObjectNode> d = new ArrayList<>();
        String[][] rows = {
            {"mp-1", "Ba", "-1.9", "GGA"},
            {"mp-2", "Ru", "-9.2", "GGA"},
            {"mp-3", "O2", "-9.8", "GGA"},
            {"mp-4", "BaO", "-11.3", "GGA"},
            {"mp-5", "RuO2", "-23.0", "GGA"},
            {"mp-6", "BaRuO3", "-36.1", "GGA"}
        };
        for (String[] r : rows) {
            ComputedEntry e = ComputedEntry.builder(Composition.parse(r[1]), Double.parseDouble(r[2]))
                    .runType(r[3])
                    .build();
            d.add(MaterialsProjectTestServer.thermoDoc(r[0], e, 0, -1, "2025-09-01T00:00:00"));
        }
        return d;
    }

    Path conf(MaterialsProjectTestServer server, String key) throws Exception {
        Path c = tmp.resolve("xtalflow-" + key + ".yaml");
        Files.writeString(
                c,
                "thermo:\n  mp:\n    endpoint: " + server.endpoint() + "\n    api_key: " + key
                        + "\n    max_retries: 1\n    backoff_s: 0.01\n    timeout_s: 5\n");
        return c;
    }

    Path write(String yaml) throws Exception {
        Path c = tmp.resolve("typo.yaml");
        Files.writeString(c, yaml);
        return c;
    }

    @Test
    void fetchWritesPymatgenEntriesCachesThemAndRunsOfflineFromTheCache() throws Exception {
        assertThat(System.getenv("MP_API_KEY"))
                .as("this test configures the key in the conf; unset MP_API_KEY")
                .isNull();
        Path store = tmp.resolve("store.db");
        Path out = tmp.resolve("ba-ru-o.json");
        MaterialsProjectTestServer server = new MaterialsProjectTestServer(docs(), "secret-key-1");
        Path conf = conf(server, "secret-key-1");
        HullCommandTest.Run r = run(
                "references",
                "fetch",
                "--chemsys",
                "Ba-Ru-O",
                "--out",
                out.toString(),
                "--config",
                conf.toString(),
                "--store",
                store.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Ba-O-Ru: 6 entries (GGA_GGA+U), Materials Project database 2025_09_25, fetched")
                .doesNotContain("secret-key-1");
        assertThat(EntryJson.read(out)).hasSize(6);

        // pymatgen reads what was written
        Path py = tmp.resolve("read.py");
        Files.writeString(
                py,
                String.join(
                        "\n",
                        "import sys",
                        "from monty.serialization import loadfn",
                        "es = loadfn(sys.argv[1])",
                        "print(len(es), sorted(e.composition.reduced_formula for e in es)[0], type(es[0]).__name__)",
                        ""));
        assertThat(Pymatgen.run(py.toString(), out.toString())).containsExactly("6 Ba ComputedEntry");

        HullCommandTest.Run list = run("references", "list", "--store", store.toString());
        assertThat(list.code()).isZero();
        assertThat(list.out()).containsPattern("Ba-O-Ru\\s+GGA_GGA\\+U\\s+6\\s+2025_09_25\\s+20");

        server.close(); // no network from here on
        HullCommandTest.Run offline = run(
                "references",
                "fetch",
                "--chemsys",
                "Ba-O",
                "--refresh",
                "--config",
                conf.toString(),
                "--store",
                store.toString());
        assertThat(offline.code()).as(offline.err()).isZero();
        assertThat(offline.out()).contains("Ba-O: 3 entries", "2025_09_25 from the store's cache", "MP unavailable");

        HullCommandTest.Run none = run(
                "references", "fetch", "--chemsys", "Li-O", "--config", conf.toString(), "--store", store.toString());
        assertThat(none.code()).isEqualTo(Main.EXIT_REMOTE);
        assertThat(none.err()).startsWith("error: cannot reach the Materials Project");
    }

    @Test
    void aBadKeyAndABadSystemAreSaidClearly() throws Exception {
        try (MaterialsProjectTestServer server = new MaterialsProjectTestServer(docs(), "right-key")) {
            Path store = tmp.resolve("s.db");
            HullCommandTest.Run bad = run(
                    "references",
                    "fetch",
                    "--chemsys",
                    "Ba-O",
                    "--config",
                    conf(server, "wrong-key-77").toString(),
                    "--store",
                    store.toString());
            assertThat(bad.code()).isEqualTo(Main.EXIT_CONFIG);
            assertThat(bad.err())
                    .contains("refused the API key from thermo.mp.api_key", "HTTP 401")
                    .doesNotContain("wrong-key-77")
                    .doesNotContain("Exception"); // one line, no stack trace
            HullCommandTest.Run sys = run(
                    "references",
                    "fetch",
                    "--chemsys",
                    "Ba-Qq",
                    "--config",
                    conf(server, "right-key").toString(),
                    "--store",
                    store.toString());
            assertThat(sys.code()).isEqualTo(Main.EXIT_USAGE);
            assertThat(sys.err()).contains("'Qq' is not an element symbol");
            HullCommandTest.Run empty = run("references", "list", "--store", store.toString());
            assertThat(empty.out()).contains("no Materials Project entries cached");
        }
    }
}
