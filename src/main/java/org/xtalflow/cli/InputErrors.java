package org.xtalflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import org.xtalflow.crystal.io.BadInputException;

/**
 * How the per-file commands ({@code cif info}, {@code vasp parse}) report a file they reject: with
 * --json one object {"file", "error"} on stdout in line with the results, so a pipeline reading
 * the JSON lines sees every file; otherwise "error: file:line: problem" on stderr.
 */
final class InputErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InputErrors() {}

    static void report(PrintStream out, boolean json, Path file, BadInputException e) {
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("file", file.toString());
            o.put("error", e.getMessage());
            out.println(o);
        } else {
            System.err.println("error: " + e.getMessage());
        }
    }
}
