package org.xtalflow.camel;

import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignRun;
import org.xtalflow.campaign.CampaignService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real application with the real routes/: files dropped into the inbox while it runs. */
class InboxRouteTest {

    @TempDir
    Path root;

    @Test
    void goodFileStartsCampaignBadFileGetsReasonDuplicateIsIgnored() throws Exception {
        AppSettings settings = AppFixture.settings(root, "nightly: {enabled: false}");
        // A file a killed application left in inprogress/ is read again on start.
        Files.createDirectories(settings.inbox().resolve("inprogress"));
        Files.writeString(settings.inbox().resolve("inprogress/left.txt"), "Sr Ti O\n");
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            Path inbox = settings.inbox();
            Files.writeString(inbox.resolve("bad.txt"), "Ba Ru O\nBa Xx O\n");
            Files.writeString(inbox.resolve("ruthenate.txt"), "# one system\nBa Ru O\n");
            Files.writeString(inbox.resolve("cluster.yaml"), "elements: [Sr, Ti, O]\ncluster: nowhere\n");

            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve("error/bad.txt.reason"))
                    && Files.exists(inbox.resolve("error/cluster.yaml.reason")) && app.campaigns().list().size() == 2);
            assertThat(Files.readString(inbox.resolve("error/bad.txt.reason"))).isEqualTo("bad.txt:2: unknown element 'Xx'\n");
            assertThat(Files.readString(inbox.resolve("error/cluster.yaml.reason")))
                    .startsWith("cluster.yaml:2: unknown cluster 'nowhere'; configured clusters: [local-slurm]");
            assertThat(inbox.resolve("error/bad.txt")).exists();
            await().atMost(Duration.ofSeconds(10)).until(() -> listNames(inbox.resolve("done")).anyMatch(n -> n.endsWith("-ruthenate.txt")));
            assertThat(inbox.resolve("ruthenate.txt")).doesNotExist();

            assertThat(app.campaigns().list()).extracting(r -> r.spec().source()).containsExactlyInAnyOrder("left.txt", "ruthenate.txt");
            CampaignRun run = app.campaigns().list().stream().filter(r -> r.spec().source().equals("ruthenate.txt")).findFirst().orElseThrow();
            assertThat(run.spec().systemLabels()).containsExactly("Ba-Ru-O");
            assertThat(run.spec().samples()).isEqualTo(4);
            Path dir = app.campaigns().campaignDir(run.getCampaignId());
            assertThat(dir.resolve("spec.json")).exists();

            // The campaign MBean is on the platform MBean server.
            MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
            ObjectName on = CampaignService.objectName(run.getCampaignId());
            assertThat(mbs.getAttribute(on, "Systems")).isEqualTo(new String[] {"Ba-Ru-O"});

            // Same content under another name: no second campaign.
            Files.writeString(inbox.resolve("again.txt"), "# one system\nBa Ru O\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> listNames(inbox.resolve("done")).anyMatch(n -> n.endsWith("-again.txt")));
            assertThat(app.campaigns().list()).hasSize(2);

            // The route is still up after the bad files: a second good file starts a campaign.
            Files.writeString(inbox.resolve("second.json"), "{\"systems\": [\"Li Fe O\"], \"samples\": 2}");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.campaigns().list().size() == 3);
            assertThat(app.context().getRouteController().getRouteStatus("inbox").isStarted()).isTrue();
        }
    }

    private static Stream<String> listNames(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList().stream();
        }
    }
}
