package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.StoredAttempt;

/**
 * The scenario pool of the VASP stand-in TEST DOUBLE (its third argument, see the header of
 * src/test/resources/hpc/vasp-standin.sh) for campaigns whose candidates a test cannot know in
 * advance: each candidate's first VASP run claims the next scenario; what it played and in which
 * job is read back here to check the campaign's answer to each recorded real failure.
 */
final class RetryScenarios {

    private final Path dir;
    private final java.util.Set<String> names;

    /** @param scenarios scenario name → its lines ("relax1 vasp.zbrent"), claimed in name order */
    RetryScenarios(Path dir, Map<String, List<String>> scenarios) throws IOException {
        this.dir = dir;
        this.names = java.util.Set.copyOf(scenarios.keySet());
        Path pool = Files.createDirectories(dir.resolve("pool"));
        for (Map.Entry<String, List<String>> e : scenarios.entrySet()) {
            Files.writeString(pool.resolve(e.getKey()), String.join("\n", e.getValue()) + "\n");
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * Runs a seeded Sr-Ti-O campaign of the random generator on the cluster until its report is
     * written; checks that every scenario was played by one candidate; returns the campaign id.
     */
    String runCampaign(XtalflowApplication app, String cluster, int samples, java.time.Duration limit)
            throws IOException {
        String id = app.startCampaign(new org.xtalflow.campaign.CampaignSpec(
                "retry",
                List.of(List.of("Sr", "Ti", "O")),
                List.of(),
                samples,
                "random",
                Map.of(),
                "MPRelaxSet",
                cluster,
                0,
                "test",
                7L));
        org.xtalflow.campaign.CampaignRun run = app.campaigns().require(id);
        org.awaitility.Awaitility.await()
                .atMost(limit)
                .pollInterval(java.time.Duration.ofMillis(500))
                .until(run::isReported);
        List<Candidate> ran = ran(app, id);
        assertThat(claims(ran).keySet())
                .as("scenarios played (%d candidates ran)", ran.size())
                .containsExactlyInAnyOrderElementsOf(names);
        return id;
    }

    /** The campaign's candidates that reached the cluster. */
    static List<Candidate> ran(XtalflowApplication app, String campaignId) {
        return app.campaigns().store().candidates(campaignId).stream()
                .filter(c -> c.state() != CandidateState.REJECTED)
                .toList();
    }

    /** The scenario a candidate claimed, "" when it claimed none (good runs only), null when it never ran. */
    String scenarioOf(String candidateId) throws IOException {
        Path mine = dir.resolve("by-candidate").resolve(candidateId);
        if (!Files.exists(mine)) return null;
        Path name = dir.resolve("by-candidate").resolve(candidateId + ".scenario");
        return Files.exists(name) ? Files.readString(name).strip() : "";
    }

    /** Scenario name → the candidate that played it. */
    Map<String, Candidate> claims(List<Candidate> candidates) throws IOException {
        Map<String, Candidate> out = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            String s = scenarioOf(c.id());
            if (s != null && !s.isEmpty()) out.put(s, c);
        }
        return out;
    }

    /** The stand-in's runs of a candidate, in order: "job-id step outcome". */
    List<String> runs(String candidateId) throws IOException {
        Path f = dir.resolve("by-candidate").resolve(candidateId + ".runs");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    /** The distinct job ids the stand-in ran for a candidate. */
    List<String> jobs(String candidateId) throws IOException {
        return runs(candidateId).stream().map(r -> r.split(" ")[0]).distinct().toList();
    }

    /**
     * Common checks of a finished candidate: one job per recorded attempt, each attempt recorded,
     * no finished step run twice, and HARVESTED or FAILED with a reason.
     */
    void checkRoad(Candidate c, List<StoredAttempt> attempts) throws IOException {
        List<String> runs = runs(c.id());
        assertThat(jobs(c.id()))
                .as("jobs of %s (attempts %s, runs %s)", c.id(), attempts, runs)
                .hasSize(attempts.size());
        assertThat(attempts.stream().map(StoredAttempt::jobId).distinct())
                .as("job ids of the attempts of %s", c.id())
                .hasSize(attempts.size());
        // a step that finished is never run again: each (step, ok) at most once
        Map<String, Long> goodRuns = runs.stream()
                .map(r -> r.split(" "))
                .filter(r -> r[2].equals("ok"))
                .collect(Collectors.groupingBy(r -> r[1], Collectors.counting()));
        assertThat(goodRuns.values())
                .as("good runs per step of %s: %s", c.id(), runs)
                .allMatch(n -> n == 1);
        assertThat(c.state()).as("%s: %s", c.id(), c.reason()).isIn(CandidateState.HARVESTED, CandidateState.FAILED);
        if (c.state() == CandidateState.FAILED) {
            assertThat(c.reason()).as("reason of %s", c.id()).isNotBlank();
        }
    }
}
