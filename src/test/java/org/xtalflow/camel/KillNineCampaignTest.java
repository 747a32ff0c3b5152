package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.Campaign;
import org.xtalflow.campaign.CampaignStatus;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;

/**
 * `xtalflow run` as a real process: a campaign dropped into the inbox, the JVM killed with
 * SIGKILL while candidates are on their way, started again. The campaign resumes from the store
 * and ends with every candidate handled exactly once (each system generated once, every
 * survivor with exactly one bundle) and one report.
 */
class KillNineCampaignTest {

    @TempDir
    Path root;

    @Test
    void killedApplicationResumesAndEndsEveryCandidateOnce() throws Exception {
        AppSettings s = AppFixture.settings(root, """
                nightly: {enabled: false}
                defaults: {samples: 60, generator: random}
                queues: {prepare: {size: 1000, concurrency: 1}}
                """);
        Process first = start(s);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(s.workDir().resolve("xtalflow.db")));
            Files.writeString(s.inbox().resolve("three.txt"), "Ba Ru O\nSr Ti O\nLi Fe O\n");
            // Kill as soon as the first candidate is stored, while the rest is still on its way.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> candidateCount(s) > 0);
        } finally {
            first.destroyForcibly().waitFor();
        }
        Process second = start(s);
        String id;
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        List<Campaign> cs = campaigns(s);
                        return cs.size() == 1 && cs.get(0).status() == CampaignStatus.DONE;
                    });
            id = campaigns(s).get(0).id();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.exists(
                            s.workDir().resolve("campaigns").resolve(id).resolve("report.md")));
        } finally {
            second.destroy();
            second.waitFor();
        }
        try (CandidateStore store = CandidateStore.open(s.storeConfig())) {
            List<Candidate> all = store.candidates(id);
            assertThat(all)
                    .allSatisfy(c -> assertThat(c.state()).isIn(CandidateState.PREPARED, CandidateState.REJECTED));
            // Each system generated once: 60 samples x 3 coordinate sets, never twice.
            Map<String, Long> perSystem = all.stream()
                    .collect(Collectors.groupingBy(
                            c -> org.xtalflow.crystal.Composition.parse(c.formula()).elements().stream()
                                    .map(org.xtalflow.crystal.Element::symbol)
                                    .sorted()
                                    .collect(Collectors.joining("-")),
                            Collectors.counting()));
            assertThat(perSystem.values()).allSatisfy(n -> assertThat(n).isEqualTo(180L));
            assertThat(all).hasSize(540);
            List<Candidate> prepared = all.stream()
                    .filter(c -> c.state() == CandidateState.PREPARED)
                    .toList();
            try (Stream<Path> bundles = Files.list(s.outbox().resolve(id))) {
                assertThat(bundles.map(p -> p.getFileName().toString()).sorted().toList())
                        .containsExactlyElementsOf(
                                prepared.stream().map(Candidate::id).sorted().toList());
            }
        }
        assertThat(s.inbox().resolve("inprogress").toFile().list()).isNullOrEmpty();
        // The second process really resumed work the first one left.
        try (Stream<Path> logs = Files.list(s.root())) {
            assertThat(logs.filter(p -> p.getFileName().toString().startsWith("app-"))
                            .map(p -> {
                                try {
                                    return Files.readString(p);
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            })
                            .filter(t -> t.contains("campaign " + id + " resumed from the store")))
                    .hasSize(1);
        }
    }

    private static Process start(AppSettings s) throws Exception {
        String cp = Path.of("target/classes").toAbsolutePath()
                + File.pathSeparator
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        cp,
                        "org.xtalflow.cli.Main",
                        "run",
                        "--config",
                        s.configFile().toString())
                .redirectErrorStream(true)
                .redirectOutput(
                        s.root().resolve("app-" + System.nanoTime() + ".log").toFile())
                .start();
    }

    private static long candidateCount(AppSettings s) {
        try (CandidateStore store = CandidateStore.open(s.storeConfig())) {
            return store.campaigns().stream()
                    .mapToLong(c -> store.candidates(c.id()).size())
                    .sum();
        }
    }

    private static List<Campaign> campaigns(AppSettings s) {
        try (CandidateStore store = CandidateStore.open(s.storeConfig())) {
            return store.campaigns();
        }
    }
}
