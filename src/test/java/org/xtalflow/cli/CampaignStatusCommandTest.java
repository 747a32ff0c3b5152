package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.camel.AppFixture;
import org.xtalflow.campaign.AppSettings;

/**
 * campaign status from the store after the application has gone: a table with a header, the
 * finished campaign in it, its funnel identical to report.json's and report.md's, in pipeline
 * order, adding up; operations on the finished campaign are refused.
 */
class CampaignStatusCommandTest {

    @TempDir
    Path root;

    private record Run(int code, String out, String err) {}

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = System.out;
        PrintStream e = System.err;
        int rc;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            rc = Main.commandLine().execute(args);
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void statusOfAFinishedCampaignIsATableAndItsFunnelIsTheReports() throws Exception {
        AppSettings s = AppFixture.settings(root, "nightly: {enabled: false}");
        String conf = s.configFile().toString();
        Run empty = run("campaign", "status", "--config", conf);
        assertThat(empty.code()).isZero();
        assertThat(empty.out().lines().findFirst().orElseThrow())
                .startsWith("CAMPAIGN")
                .contains("STATUS");
        assertThat(empty.err()).contains("no campaign in the store");

        Run once = run(
                "run",
                "--config",
                conf,
                "--once",
                "--elements",
                "Ba,Ru,O",
                "--samples",
                "30",
                "--generator",
                "random",
                "--seed",
                "2");
        assertThat(once.code()).as(once.err()).isZero();
        String id = once.out()
                .lines()
                .filter(l -> l.endsWith("started: Ba-Ru-O"))
                .findFirst()
                .orElseThrow()
                .split(" ")[1];

        Run table = run("campaign", "status", "--config", conf);
        assertThat(table.out().lines().toList()).hasSize(2);
        assertThat(table.out().lines().toList().get(1))
                .startsWith(id)
                .contains("DONE")
                .contains(" 90 ");

        Run one = run("campaign", "status", "--config", conf, id);
        assertThat(one.out()).contains("funnel of " + id + " (total):").contains("density");

        Run json = run("campaign", "status", "--config", conf, "--json");
        JsonNode status = new ObjectMapper().readTree(json.out()).get(0);
        JsonNode report = new ObjectMapper()
                .readTree(s.workDir()
                        .resolve("campaigns")
                        .resolve(id)
                        .resolve("report.json")
                        .toFile());
        assertThat(status.get("funnel")).isEqualTo(report.get("funnel"));
        long left = -1;
        for (JsonNode st : report.get("funnel").get("total").get("stages")) {
            if (left >= 0) {
                assertThat(st.get("in").asLong()).as(st.get("stage").asText()).isEqualTo(left);
            }
            if (!st.get("stage").asText().equals("structures")) {
                assertThat(st.get("in").asLong())
                        .as(st.get("stage").asText())
                        .isEqualTo(st.get("out").asLong()
                                + st.get("rejected").asLong()
                                + st.get("pending").asLong());
            }
            left = st.get("out").asLong();
        }
        assertThat(report.get("funnel").get("order").toString())
                .isEqualTo("[\"samples\",\"structures\",\"merged\",\"size\","
                        + "\"density\",\"distance\",\"charge\",\"spacegroup\",\"duplicate\",\"novelty\",\"prepared\"]");
        String md =
                Files.readString(s.workDir().resolve("campaigns").resolve(id).resolve("report.md"));
        assertThat(md).contains("| structures | 30 | 90 | 0 | 0 | 100% |  |");

        Run pause = run("campaign", "pause", "--config", conf, id);
        assertThat(pause.code()).isEqualTo(Main.EXIT_INPUT_FAILED);
        assertThat(pause.err()).contains("has finished");
        assertThat(run("campaign", "status", "--config", conf, "c-none").code()).isEqualTo(Main.EXIT_INPUT_FAILED);
    }
}
