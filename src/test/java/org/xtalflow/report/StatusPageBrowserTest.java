package org.xtalflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.camel.AppFixture;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.Campaign;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.cli.Main;
import org.xtalflow.screen.ScreeningConfig;

/**
 * The status page in a real browser: Debian's Chromium, headless, loads it from the server on
 * 127.0.0.1, and what it shows is checked against the store; the screenshot is kept under
 * target/test-artefacts/status-page.png.
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

    @Test
    void chromiumShowsTheCampaignsFunnelAsTheStoreHasIt() throws Exception {
        AppSettings s = AppFixture.settings(root, "nightly: {enabled: false}");
        int rc = Main.commandLine()
                .execute(
                        "run",
                        "--config",
                        s.configFile().toString(),
                        "--once",
                        "--elements",
                        "Ba,Ru,O",
                        "--samples",
                        "40",
                        "--generator",
                        "random",
                        "--seed",
                        "5");
        assertThat(rc).isZero();
        try (CandidateStore store = CandidateStore.open(s.storeConfig())) {
            StatusPage page = new StatusPage(
                    store,
                    new StatusPage.Settings(
                            ScreeningConfig.defaults().filters, s.workDir().resolve("campaigns"), 0.0, 5, 10),
                    () -> Map.of("local-slurm", "0/4 connections open"));
            Campaign c = store.campaigns().get(0);
            PipelineFunnel expected = page.funnel(c).total();
            try (StatusServer server = StatusServer.start(page, 0)) {
                assertThat(server.url()).startsWith("http://127.0.0.1:");
                // read-only: a POST is refused
                HttpURLConnection post =
                        (HttpURLConnection) URI.create(server.url()).toURL().openConnection();
                post.setRequestMethod("POST");
                assertThat(post.getResponseCode()).isEqualTo(405);

                String dom = chromium(server.url(), "--dump-dom");
                assertThat(dom).contains("xtalflow status").contains(c.id()).contains("http-equiv=\"refresh\"");
                for (PipelineFunnel.Stage st : expected.stages()) {
                    Matcher m = Pattern.compile("<tr data-stage=\"" + Pattern.quote(st.name())
                                    + "\"><td class=\"l\">[^<]*</td><td>(\\d+)</td><td class=\"out\">(\\d+)</td>")
                            .matcher(dom);
                    assertThat(m.find()).as("stage %s in the page", st.name()).isTrue();
                    assertThat(Long.parseLong(m.group(1))).as(st.name() + " in").isEqualTo(st.in());
                    assertThat(Long.parseLong(m.group(2)))
                            .as(st.name() + " out")
                            .isEqualTo(st.out());
                }
                assertThat(expected.stage("structures").out())
                        .isEqualTo(store.candidates(c.id()).size())
                        .isEqualTo(120);
                assertThat(dom).contains("0/4 connections open").contains("<img alt=\"funnel of " + c.id());

                Path shot =
                        Path.of("target", "test-artefacts", "status-page.png").toAbsolutePath();
                Files.createDirectories(shot.getParent());
                Files.deleteIfExists(shot);
                chromium(server.url(), "--screenshot=" + shot, "--window-size=1300,1800", "--hide-scrollbars");
                assertThat(shot).isNotEmptyFile();
            }
        }
    }
}
