package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbox's checks of a dropped file (issue 17), without Camel. */
class InboxFilesTest {

    /** What refusing one file may allocate (bytes): the checks read its attributes, never its content. */
    static final long REFUSAL_ALLOCATION_BOUND_BYTES = 256 << 10;

    @TempDir
    Path dir;

    @Test
    void linksDevicesEmptyAndOversizedFilesAreRefusedUnread() throws Exception {
        Path passwdLink = Files.createSymbolicLink(dir.resolve("spec.yaml"), Path.of("/etc/passwd"));
        assertThat(InboxFiles.refusal(passwdLink)).startsWith("is a symbolic link");
        Path zeroLink = Files.createSymbolicLink(dir.resolve("zero"), Path.of("/dev/zero"));
        assertThat(InboxFiles.refusal(zeroLink)).startsWith("is a symbolic link");
        assertThat(InboxFiles.refusal(Path.of("/dev/zero"))).startsWith("is not a regular file");
        assertThat(InboxFiles.refusal(Files.createDirectory(dir.resolve("folder"))))
                .contains("a folder");
        assertThat(InboxFiles.refusal(Files.createFile(dir.resolve("empty")))).startsWith("is empty");
        Path big = dir.resolve("big.txt");
        try (var ch = Files.newByteChannel(
                big,
                java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.SPARSE)) {
            ch.position(50L << 20);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}));
        }
        // refused by its size alone: this thread allocates far less than the file holds (50 MB)
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        String refusal = InboxFiles.refusal(big);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(refusal)
                .isEqualTo("has 52428801 bytes, more than the 1048576 an inbox file may have (limits.inbox.max_bytes)");
        assertThat(allocated).as("bytes allocated refusing a 50 MB file").isLessThan(REFUSAL_ALLOCATION_BOUND_BYTES);
        assertThat(InboxFiles.refusal(Files.writeString(dir.resolve("ok.txt"), "Ba Ru O\n")))
                .isNull();
    }

    @Test
    void contentIsEscapedAndTruncatedForLogs() {
        byte[] random = new byte[5000];
        new java.util.Random(1).nextBytes(random);
        String shown = InboxFiles.printable(new String(random, StandardCharsets.ISO_8859_1));
        assertThat(shown).matches("[\\x20-\\x7e]*").contains("more characters)");
        assertThat(shown.length()).isLessThan(1000);
        assertThat(InboxFiles.printable("root:x:0:0\n\u001b[31mred\\")).isEqualTo("root:x:0:0\\n\\x1b[31mred\\\\");
    }

    @Test
    void duplicateContentIsRecognisedAfterNormalising() {
        String a = "# my campaign\nsystems:\n  - Ba Ru O\nsamples: 30\n";
        String b = "systems:   \r\n  - Ba Ru O   # the one\r\n\r\nsamples: 30\r\n\n\n";
        assertThat(InboxFiles.contentKey(a.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(InboxFiles.contentKey(b.getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(
                        InboxFiles.contentKey("systems:\n  - Ba Ru O\nsamples: 31\n".getBytes(StandardCharsets.UTF_8)));
        // '#' inside a word is content, not a comment
        assertThat(InboxFiles.contentKey("a#b\n".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(InboxFiles.contentKey("a\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void errorNamesAreSafeStampedAndNeverOverwrite() throws Exception {
        ZonedDateTime t = ZonedDateTime.of(2026, 12, 1, 23, 59, 1, 5_000_000, ZoneOffset.UTC);
        String n1 = InboxFiles.errorName(dir, "bad\\name\n.txt", t);
        assertThat(n1).isEqualTo("20261201-235901-005-bad_name_.txt");
        Files.writeString(dir.resolve(n1), "x");
        String n2 = InboxFiles.errorName(dir, "bad\\name\n.txt", t);
        assertThat(n2).isEqualTo(n1 + "-1");
        Files.writeString(dir.resolve(n2 + ".reason"), "x");
        assertThat(InboxFiles.errorName(dir, "bad\\name\n.txt", t)).isEqualTo(n1 + "-2");
        assertThat(InboxFiles.safeName("..\\..\\etc")).isEqualTo("_._.._etc");
        assertThat(InboxFiles.safeName("")).isEqualTo("unnamed");
    }
}
