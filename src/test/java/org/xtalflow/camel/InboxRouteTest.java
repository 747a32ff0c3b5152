package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignRun;
import org.xtalflow.campaign.CampaignService;

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

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> errorFile(inbox, "bad.txt.reason") != null
                            && errorFile(inbox, "cluster.yaml.reason") != null
                            && app.campaigns().list().size() == 2);
            // error files are time-stamped (yyyyMMdd-HHmmss-SSS-name), so two bad files of one name never collide
            assertThat(Files.readString(errorFile(inbox, "bad.txt.reason")))
                    .isEqualTo("bad.txt:2: unknown element 'Xx'\n");
            assertThat(Files.readString(errorFile(inbox, "cluster.yaml.reason")))
                    .startsWith("cluster.yaml:2: unknown cluster 'nowhere'; configured clusters: [local-slurm]");
            await().atMost(Duration.ofSeconds(10)).until(() -> errorFile(inbox, "bad.txt") != null);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> listNames(inbox.resolve("done")).anyMatch(n -> n.endsWith("-ruthenate.txt")));
            assertThat(inbox.resolve("ruthenate.txt")).doesNotExist();

            assertThat(app.campaigns().list())
                    .extracting(r -> r.spec().source())
                    .containsExactlyInAnyOrder("left.txt", "ruthenate.txt");
            CampaignRun run = app.campaigns().list().stream()
                    .filter(r -> r.spec().source().equals("ruthenate.txt"))
                    .findFirst()
                    .orElseThrow();
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
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> listNames(inbox.resolve("done")).anyMatch(n -> n.endsWith("-again.txt")));
            assertThat(app.campaigns().list()).hasSize(2);

            // The route is still up after the bad files: a second good file starts a campaign.
            Files.writeString(inbox.resolve("second.json"), "{\"systems\": [\"Li Fe O\"], \"samples\": 2}");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> app.campaigns().list().size() == 3);
            assertThat(app.context()
                            .getRouteController()
                            .getRouteStatus("inbox")
                            .isStarted())
                    .isTrue();
        }
    }

    /**
     * Bytes the whole application may allocate while it refuses this test's hostile files (a 50 MB
     * text file among them): reading that file once would allocate more than 50 MB.
     */
    static final long HOSTILE_ALLOCATION_BOUND_BYTES = 32L << 20;

    /**
     * Issue 17: what the inbox cannot trust goes to error/ with an escaped reason, unread, and the
     * route keeps going. Through the symbolic links nothing is read (the targets' content is in no
     * reason and no log line; the target that is a valid spec starts no campaign) or executed (the
     * script target leaves no file), and the 50 MB file costs the application less than
     * {@link #HOSTILE_ALLOCATION_BOUND_BYTES} of allocation (it is refused by its size, unread).
     */
    @Test
    void hostileFilesAreRefusedUnreadWithEscapedReasonsAndNeverStick() throws Exception {
        AppSettings settings = AppFixture.settings(root, "nightly: {enabled: false}");
        String marker = "SECRET-" + java.util.UUID.randomUUID();
        // a valid spec outside the inbox: read through its link, it would start a campaign
        Path secret = Files.writeString(root.resolve("secret.txt"), "Sr Ti O\n# " + marker + "\n");
        // a script outside the inbox: executed through its link, it would leave a file
        Path executed = root.resolve("executed");
        Path script =
                Files.writeString(root.resolve("script.sh"), "#!/bin/sh\n# " + marker + "\ntouch '" + executed + "'\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        java.nio.file.attribute.FileTime secretTime = Files.getLastModifiedTime(secret);
        LogCapture logs = LogCapture.start();
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            Path inbox = settings.inbox();
            long allocatedBefore = allocatedBytes();
            Files.createSymbolicLink(inbox.resolve("passwd.txt"), Path.of("/etc/passwd"));
            Files.createSymbolicLink(inbox.resolve("zero.txt"), Path.of("/dev/zero"));
            Files.createSymbolicLink(inbox.resolve("secret.txt"), secret);
            Files.createSymbolicLink(inbox.resolve("script.sh"), script);
            Files.createFile(inbox.resolve("empty.txt"));
            try (var ch = Files.newByteChannel(
                    inbox.resolve("big.txt"),
                    java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.SPARSE)) {
                ch.position(50L << 20);
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}));
            }
            Files.writeString(inbox.resolve("back\\slash.txt"), "Ba Ru O\n");
            byte[] random = new byte[3000];
            new java.util.Random(5).nextBytes(random);
            Files.write(inbox.resolve("random.txt"), random);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> errorFile(inbox, "passwd.txt.reason") != null
                            && errorFile(inbox, "zero.txt.reason") != null
                            && errorFile(inbox, "empty.txt.reason") != null
                            && errorFile(inbox, "big.txt.reason") != null
                            && errorFile(inbox, "back_slash.txt.reason") != null
                            && errorFile(inbox, "random.txt.reason") != null
                            && errorFile(inbox, "secret.txt.reason") != null
                            && errorFile(inbox, "script.sh.reason") != null);
            long allocated = allocatedBytes() - allocatedBefore;
            System.out.printf(
                    "inbox refusing the hostile files (50 MB file among them): %.1f MB allocated%n", allocated / 1e6);
            assertThat(allocated)
                    .as("bytes allocated by the application while refusing the hostile files")
                    .isLessThan(HOSTILE_ALLOCATION_BOUND_BYTES);
            assertThat(Files.readString(errorFile(inbox, "passwd.txt.reason")))
                    .startsWith("passwd.txt: is a symbolic link")
                    .doesNotContain("root:");
            assertThat(Files.isSymbolicLink(errorFile(inbox, "passwd.txt"))).isTrue();
            assertThat(Files.readString(errorFile(inbox, "zero.txt.reason"))).contains("is a symbolic link");
            for (String link : java.util.List.of("secret.txt", "script.sh")) {
                assertThat(Files.readString(errorFile(inbox, link + ".reason")))
                        .startsWith(link + ": is a symbolic link")
                        .doesNotContain(marker);
                // the link itself is kept, still pointing where it did
                Path kept = errorFile(inbox, link);
                assertThat(Files.isSymbolicLink(kept)).isTrue();
                assertThat(Files.readSymbolicLink(kept)).isEqualTo(link.equals("secret.txt") ? secret : script);
            }
            // nothing read, started or executed through the links; the targets untouched
            assertThat(logs.text()).doesNotContain(marker).doesNotContain("root:x:");
            assertThat(app.campaigns().list()).isEmpty();
            assertThat(executed).doesNotExist();
            assertThat(Files.readString(secret)).isEqualTo("Sr Ti O\n# " + marker + "\n");
            assertThat(Files.getLastModifiedTime(secret)).isEqualTo(secretTime);
            assertThat(listNames(inbox.resolve("done"))).isEmpty();
            assertThat(listNames(settings.outbox())).isEmpty();
            assertThat(Files.readString(errorFile(inbox, "empty.txt.reason"))).contains("is empty");
            assertThat(Files.readString(errorFile(inbox, "big.txt.reason"))).contains("has 52428801 bytes");
            assertThat(Files.readString(errorFile(inbox, "back_slash.txt.reason")))
                    .startsWith("back\\\\slash.txt: has a name the inbox does not handle");
            String rnd = Files.readString(errorFile(inbox, "random.txt.reason"));
            assertThat(rnd.strip()).matches("[\\x20-\\x7e]*");
            assertThat(rnd.length()).isLessThan(400);
            assertThat(listNames(inbox).filter(n -> !Files.isDirectory(inbox.resolve(n))))
                    .isEmpty();

            // two bad files of one name keep both reasons
            Files.writeString(inbox.resolve("twice.txt"), "Ba Xx O\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> errorFile(inbox, "twice.txt.reason") != null);
            Files.writeString(inbox.resolve("twice.txt"), "Ba Yy O\n");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> listNames(inbox.resolve("error"))
                                    .filter(n -> n.contains("twice.txt") && n.endsWith(".reason"))
                                    .count()
                            == 2);

            // the same content with a blank line and a comment more is a duplicate
            Files.writeString(inbox.resolve("dup1.txt"), "Ca Ti O\n");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> app.campaigns().list().size() == 1);
            Files.writeString(inbox.resolve("dup2.txt"), "Ca Ti O   \n\n# again\n");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> listNames(inbox.resolve("done")).anyMatch(n -> n.endsWith("-dup2.txt")));
            assertThat(app.campaigns().list()).hasSize(1);
            Files.writeString(inbox.resolve("after.txt"), "Sr Ti O\n");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> app.campaigns().list().size() == 2);
            assertThat(logs.text()).doesNotContain(marker);
        } finally {
            logs.stop();
        }
        assertThat(executed).doesNotExist();
    }

    /** Bytes allocated so far by the JVM's live threads (HotSpot's per-thread counters). */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, a);
        }
        return sum;
    }

    /** Every log event of the application (all loggers), as text, while started. */
    static final class LogCapture {
        private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        private final ch.qos.logback.classic.Logger rootLogger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

        static LogCapture start() {
            LogCapture c = new LogCapture();
            c.appender.start();
            c.rootLogger.addAppender(c.appender);
            return c;
        }

        String text() {
            StringBuilder b = new StringBuilder();
            synchronized (appender) {
                for (ch.qos.logback.classic.spi.ILoggingEvent e : appender.list) {
                    b.append(e.getFormattedMessage()).append('\n');
                    for (ch.qos.logback.classic.spi.IThrowableProxy t = e.getThrowableProxy();
                            t != null;
                            t = t.getCause()) {
                        b.append(t.getMessage()).append('\n');
                    }
                }
            }
            return b.toString();
        }

        void stop() {
            rootLogger.detachAppender(appender);
            appender.stop();
        }
    }

    /**
     * A spec that could only fail later (unknown cluster or generator, a space group outside 1-230
     * or one the generators cannot make, an element outside the model's table) is refused at
     * pickup: moved to error/ under a time-stamped name with a reason naming file, line and value,
     * and no campaign starts; the route goes on.
     */
    @Test
    void specsThatCannotRunAreRefusedAtPickupBeforeAnythingStarts() throws Exception {
        AppSettings settings = AppFixture.settings(root, "nightly: {enabled: false}");
        java.util.Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("cluster.yaml", "elements: [Sr, Ti, O]\ncluster: nowhere\n");
        bad.put("generator.yaml", "elements: [Sr, Ti, O]\ngenerator: diffusion\n");
        bad.put("sg-zero.yaml", "elements: [Sr, Ti, O]\nspace_groups: 0\n");
        bad.put("sg-list.yaml", "elements: [Sr, Ti, O]\nspace_groups:\n  - Fm-3m\n  - 231\n");
        bad.put("sg-triclinic.yaml", "elements: [Sr, Ti, O]\nspace_groups: [221, P-1]\n");
        bad.put("lanthanum.txt", "Sr Ti O\nLa Ni O\n");
        bad.put("input-set.yaml", "elements: [Sr, Ti, O]\nsamples: 2\ninput_set: bogus\n");
        java.util.Map<String, String> reasons = java.util.Map.of(
                "cluster.yaml", "cluster.yaml:2: unknown cluster 'nowhere'",
                "generator.yaml", "generator.yaml:2: unknown generator 'diffusion'",
                "sg-zero.yaml", "sg-zero.yaml:2: unknown space group '0'",
                "sg-list.yaml", "sg-list.yaml:4: unknown space group '231'",
                "sg-triclinic.yaml", "sg-triclinic.yaml:2: space group 'P-1' (2, triclinic) cannot be generated",
                "lanthanum.txt", "lanthanum.txt:2: element La is not one of the 63 elements the pgcgm model knows",
                "input-set.yaml",
                        "input-set.yaml:3: input_set 'bogus' is not a bundled set (relax, static, test, MPRelaxSet, "
                                + "MPStaticSet) or a set file templates/vasp/NAME.yaml or templates/gpaw/NAME.yaml");
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            Path inbox = settings.inbox();
            for (var e : bad.entrySet()) {
                Files.writeString(inbox.resolve(e.getKey()), e.getValue());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (String name : bad.keySet()) {
                    if (errorFile(inbox, name + ".reason") == null || errorFile(inbox, name) == null) {
                        return false;
                    }
                }
                return true;
            });
            for (String name : bad.keySet()) {
                assertThat(Files.readString(errorFile(inbox, name + ".reason")))
                        .as(name)
                        .startsWith(reasons.get(name));
                assertThat(Files.readString(errorFile(inbox, name))).isEqualTo(bad.get(name)); // kept as dropped
                assertThat(inbox.resolve(name)).doesNotExist();
            }
            assertThat(app.campaigns().list()).isEmpty(); // nothing started

            Files.writeString(inbox.resolve("good.yaml"), "elements: [Sr, Ti, O]\nspace_groups: [221]\nsamples: 2\n");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> app.campaigns().list().size() == 1);
        }
    }

    /** The one file in error/ whose name is a time stamp then {@code suffix}, or null. */
    static Path errorFile(Path inbox, String suffix) throws java.io.IOException {
        return listNames(inbox.resolve("error"))
                .filter(n -> n.matches("\\d{8}-\\d{6}-\\d{3}-" + java.util.regex.Pattern.quote(suffix)))
                .findFirst()
                .map(n -> inbox.resolve("error").resolve(n))
                .orElse(null);
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
