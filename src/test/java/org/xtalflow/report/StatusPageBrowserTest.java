package org.xtalflow.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.camel.AppFixture;
import org.xtalflow.camel.XtalflowApplication;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.Campaign;
import org.xtalflow.campaign.CampaignRun;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.CampaignStatus;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.testing.FakePotcarLibrary;
import org.xtalflow.testing.SharedData;

/**
 * The status page in a real browser: Debian's Chromium, headless, loads the running application's
 * page from 127.0.0.1 during a running campaign, and what it shows (status, candidates per state,
 * funnel, jobs per cluster, SSH budget) is checked against the store; the screenshot of the running
 * campaign is kept under target/test-artefacts/status-page.png.
 */
class StatusPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path root;

    private String chromium(String url, String... extra) throws Exception {
        assertThat(CHROMIUM)
                .as("Debian's chromium (scripts/install-deps.sh installs it)")
                .exists();
        List<String> cmd = new ArrayList<>(List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(root, "chromium-profile")));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        Path out = Files.createTempFile(root, "chromium", ".out");
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(out.toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /**
     * A campaign that stays running while the browser looks: the cluster is hpc's {@code local}
     * scheduler (job scripts run on this machine) with a FAKE POTCAR library, and its
     * vasp_command is the held VASP stand-in TEST DOUBLE, which waits for a release file that the
     * test creates only after the page was loaded and captured. Nothing is timed: the test waits
     * for states, never for a duration.
     */
    @Test
    void chromiumShowsTheRunningCampaignAsTheStoreHasIt() throws Exception {
        Path release = root.resolve("release-the-jobs");
        Path held = Path.of("src/test/resources/hpc/vasp-standin-held.sh").toAbsolutePath();
        Path potcars = FakePotcarLibrary.write(root.resolve("potcars"));
        AppSettings fixture = AppFixture.settings(
                root,
                """
                nightly: {enabled: false}
                poll_interval_ms: 300
                status_page: {enabled: true, port: 0}
                """,
                // the recorded run is one MP2020 refuses (vaspout reads it as a hybrid run type): harvest uncorrected
                "prescreen: {enabled: false}\nthermo: {correction: none}");
        String yaml = Files.readString(fixture.configFile())
                .replaceFirst(
                        "local-slurm: \\{[^}]*}",
                        "local-held: {scheduler: local, work_root: " + root.resolve("cluster-work")
                                + ", max_queued_jobs: 50, poll_interval_s: 1, potcar_library: " + potcars
                                + ", vasp_command: \\\"bash " + held + " " + release + " "
                                + SharedData.path("vasp_outputs", "outputs") + "\\\"}");
        Files.writeString(fixture.configFile(), yaml);
        AppSettings s = AppSettings.load(fixture.configFile());
        try (XtalflowApplication app = new XtalflowApplication(s).start()) {
            checkWhileRunning(app, s, release);
        } finally {
            if (!Files.exists(release)) {
                Files.writeString(release, "released after a failure\n"); // no held job outlives the test
            }
        }
    }

    private void checkWhileRunning(XtalflowApplication app, AppSettings s, Path release) throws Exception {
        String url = app.statusPageUrl();
        assertThat(url).as("the application's status page").startsWith("http://127.0.0.1:");
        // the random baseline's cells are mostly too loose for the density filter; this campaign needs survivors
        String id = app.startCampaign(new CampaignSpec(
                "browser",
                List.of(List.of("Sr", "Ti", "O")),
                List.of(221),
                12,
                "random",
                Map.of("filters", List.of("size", "distance", "charge", "spacegroup", "duplicate", "novelty")),
                "MPRelaxSet",
                "local-held",
                0,
                "test",
                7L));
        CandidateStore store = app.campaigns().store();
        // mid-way: every candidate screened, every survivor's job running and held
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Map<CandidateState, Long> n = store.countByState(id);
                    long all = n.values().stream().mapToLong(Long::longValue).sum();
                    long running = n.getOrDefault(CandidateState.RUNNING, 0L);
                    return all == 36 && running > 0 && running + n.getOrDefault(CandidateState.REJECTED, 0L) == all;
                });
        Map<CandidateState, Long> states = store.countByState(id);
        long running = states.get(CandidateState.RUNNING);
        Campaign c = store.campaign(id).orElseThrow();
        assertThat(c.status()).isEqualTo(CampaignStatus.ACTIVE);
        PipelineFunnel expected = new StatusPage(
                        store,
                        new StatusPage.Settings(
                                s.config().screening().filters, s.workDir().resolve("campaigns"), 0.0, 5, 10),
                        null)
                .funnel(c)
                .total();

        // read-only: a POST is refused
        HttpURLConnection post = (HttpURLConnection) URI.create(url).toURL().openConnection();
        post.setRequestMethod("POST");
        assertThat(post.getResponseCode()).isEqualTo(405);

        String dom = chromium(url, "--dump-dom");
        assertThat(dom).contains("xtalflow status").contains("http-equiv=\"refresh\"");
        assertThat(dom)
                .as("the campaign row says ACTIVE")
                .containsPattern(
                        "<tr data-campaign=\"" + Pattern.quote(id) + "\">.*?<td class=\"l ACTIVE\">ACTIVE</td>");
        Map<String, Long> pageStates = statesTable(dom, id);
        assertThat(pageStates).containsEntry("RUNNING", running);
        assertThat(pageStates).as("candidates per state as the store has them").isEqualTo(toNames(states));
        for (PipelineFunnel.Stage st : expected.stages()) {
            long[] inOut = funnelRow(dom, st.name());
            assertThat(inOut[0]).as(st.name() + " in").isEqualTo(st.in());
            assertThat(inOut[1]).as(st.name() + " out").isEqualTo(st.out());
        }
        // the funnel mid-way: every survivor submitted, none finished yet
        assertThat(expected.stage(PipelineFunnel.STRUCTURES).out()).isEqualTo(36);
        assertThat(expected.stage(PipelineFunnel.SUBMITTED).out()).isEqualTo(running);
        assertThat(expected.stage(PipelineFunnel.FINISHED).out()).isZero();
        assertThat(expected.stage(PipelineFunnel.FINISHED).pending()).isEqualTo(running);
        // jobs per cluster and the cluster's budget line
        assertThat(dom)
                .containsPattern("<table id=\"jobs\">.*<td class=\"l\">local-held</td>(<td>\\d+</td>){2}<td>" + running
                        + "</td>")
                .containsPattern(
                        "<td class=\"l\">local-held</td><td class=\"l\">local scheduler, no SSH: \\d+ commands in the last minute; submission on</td>")
                .contains("<img alt=\"funnel of " + id);

        Path shot = Path.of("target", "test-artefacts", "status-page.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        chromium(url, "--screenshot=" + shot, "--window-size=1300,1800", "--hide-scrollbars");
        assertThat(shot).isNotEmptyFile();
        assertThat(store.countByState(id))
                .as("still running while the screenshot was taken")
                .isEqualTo(states);

        // let the jobs go: the campaign ends, and the page says so
        Files.writeString(release, "released\n");
        CampaignRun run = app.campaigns().require(id);
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(300))
                .until(run::isReported);
        assertThat(store.countByState(id)).containsEntry(CandidateState.HARVESTED, running);
        String after = chromium(url, "--dump-dom");
        assertThat(after)
                .containsPattern("<tr data-campaign=\"" + Pattern.quote(id) + "\">.*?<td class=\"l DONE\">DONE</td>");
        assertThat(funnelRow(after, PipelineFunnel.HARVESTED)[1]).isEqualTo(running);
    }

    /** The page's "candidates per state" table of one campaign, state name → count. */
    private static Map<String, Long> statesTable(String dom, String campaignId) {
        Matcher m = Pattern.compile("<table class=\"states\" data-campaign=\"" + Pattern.quote(campaignId)
                        + "\"><tbody><tr>(.*?)</tr><tr>(.*?)</tr>")
                .matcher(dom);
        if (!m.find()) {
            m = Pattern.compile("<table class=\"states\" data-campaign=\"" + Pattern.quote(campaignId)
                            + "\"><tr>(.*?)</tr><tr>(.*?)</tr>")
                    .matcher(dom);
            assertThat(m.find())
                    .as("states table of %s in the page", campaignId)
                    .isTrue();
        }
        List<String> names = cells(m.group(1), "th");
        List<String> counts = cells(m.group(2), "td");
        assertThat(names).hasSameSizeAs(counts);
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), Long.parseLong(counts.get(i)));
        }
        return out;
    }

    private static List<String> cells(String row, String tag) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<" + tag + ">([^<]*)</" + tag + ">").matcher(row);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Map<String, Long> toNames(Map<CandidateState, Long> states) {
        Map<String, Long> out = new TreeMap<>();
        states.forEach((k, v) -> out.put(k.name(), v));
        return out;
    }

    /** in and out of the first funnel table's row for {@code stage} (the campaign's total). */
    private static long[] funnelRow(String dom, String stage) {
        Matcher m = Pattern.compile("<tr data-stage=\"" + Pattern.quote(stage)
                        + "\"><td class=\"l\">[^<]*</td><td>(\\d+)</td><td class=\"out\">(\\d+)</td>")
                .matcher(dom);
        assertThat(m.find()).as("stage %s in the page", stage).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }
}
