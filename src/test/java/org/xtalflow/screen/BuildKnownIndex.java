package org.xtalflow.screen;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Regenerates src/main/resources/xtalflow/screen/known/mp_groundstates.tsv.gz from the shared
 * ground-state CIFs (see SOURCE.md beside it for the command).
 */
public final class BuildKnownIndex {
    public static void main(String[] args) throws Exception {
        Path cifs = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out.getParent());
        try (Writer w =
                new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(out)), StandardCharsets.UTF_8)) {
            int n = KnownStructures.writeCompact(cifs, w);
            System.out.println(n + " structures written to " + out);
        }
    }
}
