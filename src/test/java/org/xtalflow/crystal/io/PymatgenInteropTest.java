package org.xtalflow.crystal.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.cli.Main;
import org.xtalflow.crystal.Structure;
import org.xtalflow.testing.Pymatgen;
import org.xtalflow.testing.SharedData;

/**
 * pymatgen reads what we write (P1 and symmetrized) to the same formula and site count, and
 * {@code cif info} reads what pymatgen writes (P1 and symmetrized) to pymatgen's own answer.
 */
class PymatgenInteropTest {

    @Test
    void cifsRoundTripBetweenXtalflowAndPymatgen(@TempDir Path tmp) throws Exception {
        Path dir = SharedData.path("mp_groundstates");
        List<String> lines = Files.readAllLines(dir.resolve("index.csv"));
        Path ours = Files.createDirectories(tmp.resolve("ours"));
        Path pmg = Files.createDirectories(tmp.resolve("pmg"));
        Map<String, String> expected = new HashMap<>();
        List<String> sources = new ArrayList<>();
        CifReader reader = new CifReader();
        for (int i = 1; i < lines.size(); i += 93) { // 60 structures spread over the index
            String id = lines.get(i).split(",")[0];
            Path src = dir.resolve("cifs").resolve(id + ".cif");
            CifStructure cs = reader.read(src).get(0);
            Structure s = cs.structure();
            Files.writeString(ours.resolve(id + "-p1.cif"), CifWriter.p1(s));
            Files.writeString(ours.resolve(id + "-sym.cif"), CifWriter.symmetrized(s, cs.declaredSpaceGroup()));
            String want = s.composition().reducedFormula() + " " + s.size();
            expected.put(id + "-p1.cif", want);
            expected.put(id + "-sym.cif", want);
            sources.add(src.toAbsolutePath().toString());
        }
        Path list = Files.write(tmp.resolve("sources.txt"), sources);
        Path script = tmp.resolve("interop.py");
        Files.copy(getClass().getResourceAsStream("/crystal/pymatgen_interop.py"), script);
        List<String> out = Pymatgen.run(script.toString(), ours.toString(), list.toString(), pmg.toString());

        int oursChecked = 0;
        Map<String, String> pmgSays = new HashMap<>();
        for (String l : out) {
            String[] t = l.split(" ");
            if (t[0].equals("ours")) {
                assertThat(t[2] + " " + t[3]).as("pymatgen reading our " + t[1]).isEqualTo(expected.get(t[1]));
                oursChecked++;
            } else if (t[0].equals("pmg")) {
                pmgSays.put(t[1], t[2] + " " + t[3]);
            }
        }
        assertThat(oursChecked).isEqualTo(expected.size()).isEqualTo(120);
        assertThat(pmgSays).hasSize(120);

        // cif info on pymatgen's files, in-process, JSON lines
        List<String> args = new ArrayList<>(List.of("cif", "info", "--json"));
        for (String f : pmgSays.keySet()) {
            args.add(pmg.resolve(f).toString());
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute(args.toArray(new String[0]));
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        ObjectMapper json = new ObjectMapper();
        int infoChecked = 0;
        for (String l : buf.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode o = json.readTree(l);
            String name = Path.of(o.get("file").asText()).getFileName().toString();
            assertThat(o.get("formula").asText() + " " + o.get("nsites").asInt())
                    .as("cif info on pymatgen's " + name)
                    .isEqualTo(pmgSays.get(name));
            infoChecked++;
        }
        assertThat(infoChecked).isEqualTo(120);
    }
}
