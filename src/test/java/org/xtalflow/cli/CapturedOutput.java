package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The command line run in-process with System.out and System.err captured for each test
 * ({@code @RegisterExtension}), for commands whose output is one JSON document per line.
 */
final class CapturedOutput implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    /** Forgets stdout so far (before the next command of the same test). */
    void resetOut() {
        out.reset();
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Runs {@code xtalflow args...}, asserts its exit code, and returns stdout's JSON lines so far. */
    List<JsonNode> runJson(int wantExit, String... args) throws Exception {
        int rc = Main.commandLine().execute(args);
        assertThat(rc).as("exit code; stderr: " + err()).isEqualTo(wantExit);
        List<JsonNode> rows = new ArrayList<>();
        for (String line : out().split("\n")) {
            if (!line.isBlank()) {
                rows.add(new ObjectMapper().readTree(line));
            }
        }
        return rows;
    }
}
