package org.xtalflow.gpaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.thermo.ComputedEntry;

/** The reader on a real driver result (src/test/resources/gpaw/SOURCE.md) and broken variants of it. */
class GpawResultReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode fixture() throws Exception {
        try (InputStream in = GpawResultReaderTest.class.getResourceAsStream("/gpaw/nacl-result.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    static Path write(Path dir, ObjectNode o) throws Exception {
        Files.createDirectories(dir);
        Path f = dir.resolve(GpawBundleWriter.RESULT);
        Files.writeString(f, JSON.writeValueAsString(o));
        return f;
    }

    @Test
    void realResultBecomesAComputedEntryWithEngineAndSettings(@TempDir Path dir) throws Exception {
        GpawResult r = GpawResultReader.readDirectory(write(dir, fixture()).getParent());
        assertThat(r.ok()).isTrue();
        assertThat(r.errors()).isEmpty();
        assertThat(r.finalEnergyEv()).isCloseTo(-6.7164947383528295, within(1e-12));
        assertThat(r.finalStructure().size()).isEqualTo(2);
        assertThat(r.finalStructure().volume() / 2).isCloseTo(23.10, within(0.01));
        assertThat(r.relaxSteps()).isEqualTo(3);
        assertThat(r.relaxConverged()).isTrue();
        assertThat(r.scfConverged()).isTrue();
        assertThat(r.stress()).hasSize(6);
        assertThat(r.forces()).hasDimensions(2, 3);
        ComputedEntry e = r.toComputedEntry("cand-1");
        assertThat(e.entryId()).isEqualTo("cand-1");
        assertThat(e.composition().reducedFormula()).isEqualTo("NaCl");
        assertThat(e.uncorrectedEnergy()).isEqualTo(r.finalEnergyEv());
        assertThat(e.runType()).isEqualTo(GpawResult.RUN_TYPE);
        assertThat(e.structure()).isNotNull();
        assertThat(e.parameters().path("engine").asText()).isEqualTo("gpaw");
        assertThat(e.parameters().path("xc").asText()).isEqualTo("PBE");
        assertThat(e.parameters().path("ecut_ev").asDouble()).isEqualTo(350);
        assertThat(e.parameters().path("versions").path("gpaw").asText()).isEqualTo("22.8.0");
        assertThat(e.parameters().path("setups_used").path("Na").path("file").asText())
                .isEqualTo("Na.PBE.gz");
        assertThat(e.parameters().path("kpoints_mesh").toString()).isEqualTo("[3,3,3]");
    }

    @Test
    void errorMarkersAreReadAndRefuseAnEntry(@TempDir Path dir) throws Exception {
        ObjectNode o = fixture();
        o.put("status", "error");
        o.putArray("errors").add("scf_not_converged");
        o.put("error_detail", "SCF did not converge within 3 iterations");
        o.remove("final");
        GpawResult r = GpawResultReader.read(write(dir, o));
        assertThat(r.ok()).isFalse();
        assertThat(r.has(GpawError.SCF_NOT_CONVERGED)).isTrue();
        assertThatThrownBy(() -> r.toComputedEntry("c7"))
                .isInstanceOf(GpawException.class)
                .hasMessageContaining("c7")
                .hasMessageContaining("SCF_NOT_CONVERGED")
                .hasMessageContaining(dir.toString());
        ObjectNode relax = fixture();
        relax.put("status", "error");
        relax.putArray("errors").add("relaxation_not_converged");
        assertThat(GpawResultReader.read(write(dir.resolve("b"), relax)).errors())
                .containsExactly(GpawError.RELAXATION_NOT_CONVERGED);
        ObjectNode unknown = fixture();
        unknown.put("status", "error");
        unknown.putArray("errors");
        assertThat(GpawResultReader.read(write(dir.resolve("c"), unknown)).errors())
                .containsExactly(GpawError.CRASHED);
    }

    @Test
    void missingResultReadsTheExitCode(@TempDir Path dir) throws Exception {
        assertThat(GpawResultReader.readDirectory(dir).errors()).containsExactly(GpawError.NO_RESULT);
        Files.writeString(dir.resolve(GpawBundleWriter.EXIT_CODE), "137\n");
        GpawResult oom = GpawResultReader.readDirectory(dir);
        assertThat(oom.errors()).containsExactly(GpawError.OUT_OF_MEMORY);
        assertThat(oom.errorDetail()).contains("exit code 137");
        Files.writeString(dir.resolve(GpawBundleWriter.EXIT_CODE), "1\n");
        assertThat(GpawResultReader.readDirectory(dir).errors()).containsExactly(GpawError.NO_RESULT);
    }

    @Test
    void brokenResultsNameTheFileAndTheField(@TempDir Path dir) throws Exception {
        bad(dir, "a", o -> o.put("format", "something-else"), "not a GPAW result");
        bad(
                dir,
                "b",
                o -> ((ObjectNode) o.get("final")).put("energy_ev", "x"),
                "final.energy_ev is not a finite number");
        bad(
                dir,
                "c",
                o -> ((ArrayNode) o.get("final").get("structure").get("species")).set(0, "Xx"),
                "unknown element 'Xx'");
        bad(
                dir,
                "d",
                o -> ((ArrayNode) o.get("final").get("forces_ev_per_a")).remove(0),
                "final.forces_ev_per_a must be a list of 2 rows");
        bad(
                dir,
                "e",
                o -> ((ArrayNode) o.get("final").get("structure").get("cell_a")).remove(2),
                "cell_a must be a list of 3 rows");
        bad(dir, "f", o -> o.remove("final"), "status ok but no 'final' block");
        Path nan = dir.resolve("g");
        Files.createDirectories(nan);
        Files.writeString(
                nan.resolve(GpawBundleWriter.RESULT),
                JSON.writeValueAsString(fixture()).replace("-6.7164947383528295", "NaN"));
        assertThatThrownBy(() -> GpawResultReader.readDirectory(nan))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(nan.toString());
        Path truncated = dir.resolve("h");
        Files.createDirectories(truncated);
        Files.writeString(
                truncated.resolve(GpawBundleWriter.RESULT),
                JSON.writeValueAsString(fixture()).substring(0, 300));
        assertThatThrownBy(() -> GpawResultReader.readDirectory(truncated))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("cannot read GPAW result");
    }

    @Test
    void oversizedResultIsRefusedBeforeParsing(@TempDir Path dir) throws Exception {
        Path f = dir.resolve(GpawBundleWriter.RESULT);
        try (var ch = Files.newByteChannel(
                f, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.position(GpawResultReader.MAX_BYTES + 1);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'}'}));
        }
        assertThatThrownBy(() -> GpawResultReader.read(f))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("exceeds the limit");
    }

    private static void bad(Path dir, String name, Consumer<ObjectNode> breakIt, String message) throws Exception {
        ObjectNode o = fixture();
        breakIt.accept(o);
        Path f = write(dir.resolve(name), o);
        assertThatThrownBy(() -> GpawResultReader.read(f))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining(message);
    }
}
