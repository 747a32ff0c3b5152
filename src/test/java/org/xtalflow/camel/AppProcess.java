package org.xtalflow.camel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.Campaign;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.cli.Main;

/** `xtalflow run` as a real child JVM, the command line run in this JVM, and the store read as a client would. */
final class AppProcess {
    private AppProcess() {}

    /** Starts `xtalflow run --config` of {@code s} with the JVM options, its output into {@code log}. */
    static Process start(AppSettings s, Path log, String... jvmOptions) throws IOException {
        String cp = Path.of("target/classes").toAbsolutePath()
                + File.pathSeparator
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of(
                "-cp",
                cp,
                "org.xtalflow.cli.Main",
                "run",
                "--config",
                s.configFile().toString()));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Runs the command line in this JVM, its standard output and error into {@code out}; returns the exit code. */
    static int cli(ByteArrayOutputStream out, String... args) {
        PrintStream was = System.out;
        PrintStream wasErr = System.err;
        PrintStream to = new PrintStream(out, true, StandardCharsets.UTF_8);
        System.setOut(to);
        System.setErr(to);
        try {
            return Main.commandLine().execute(args);
        } finally {
            System.setOut(was);
            System.setErr(wasErr);
        }
    }

    static List<Campaign> campaigns(AppSettings s) {
        try (CandidateStore store = CandidateStore.open(s.storeConfig())) {
            return store.campaigns();
        }
    }

    static List<Candidate> candidates(AppSettings s, String campaignId) {
        try (CandidateStore store = CandidateStore.open(s.storeConfig())) {
            return store.candidates(campaignId);
        }
    }
}
