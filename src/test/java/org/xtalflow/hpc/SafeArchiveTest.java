package org.xtalflow.hpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeArchiveTest {
    @TempDir
    Path tmp;

    final SafeArchive.Limits limits = new SafeArchive.Limits(1 << 20, 2 << 20, 50);

    private void assertRejected(Path archive, String why) {
        Path target = tmp.resolve("out").resolve("job");
        assertThatThrownBy(() -> SafeArchive.extract(archive, target, limits))
                .isInstanceOf(HostileArchiveException.class)
                .hasMessageContaining(why)
                .hasMessageContaining("nothing unpacked");
        assertThat(target).doesNotExist();
        assertThat(tmp.resolve("out").resolve(".partial-job")).doesNotExist();
    }

    @Test
    void pathTraversalIsRejectedBeforeAnythingIsWritten() throws Exception {
        Files.createDirectories(tmp.resolve("out"));
        assertRejected(HostileArchives.traversal(tmp.resolve("a.tgz")), "'..'");
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
        assertThat(tmp.getParent().resolve("evil.txt")).doesNotExist();
    }

    @Test
    void absolutePathsLinksAndDevicesAreRejected() throws Exception {
        assertRejected(HostileArchives.absolute(tmp.resolve("abs.tgz")), "absolute path");
        assertThat(Path.of("/tmp/xtalflow-evil-absolute.txt")).doesNotExist();
        assertRejected(HostileArchives.symlink(tmp.resolve("sym.tgz")), "link to '/etc/passwd'");
        assertRejected(HostileArchives.hardlink(tmp.resolve("hard.tgz")), "link to '/etc/shadow'");
        assertRejected(HostileArchives.device(tmp.resolve("dev.tgz")), "device");
    }

    @Test
    void sizeAndCountCapsHold() throws Exception {
        assertRejected(HostileArchives.huge(tmp.resolve("huge.tgz"), 3L << 20), "per-file cap");
        assertRejected(HostileArchives.manyEntries(tmp.resolve("many.tgz"), 51), "more than 50 entries");
    }

    /** Found by ResultsArchiveFuzz: a file and then a folder of the same path failed half-way through unpacking. */
    @Test
    void aPathThatIsBothFileAndFolderIsRejectedBeforeAnythingIsWritten() throws Exception {
        assertRejected(
                HostileArchives.write(tmp.resolve("clash.tgz"), tar -> {
                    HostileArchives.file(tar, "OUTCAR", "x");
                    tar.putArchiveEntry(new org.apache.commons.compress.archivers.tar.TarArchiveEntry("./OUTCAR/"));
                    tar.closeArchiveEntry();
                }),
                "entry './OUTCAR/' rejected: both a file and a folder of the same path");
        assertRejected(
                HostileArchives.write(tmp.resolve("under.tgz"), tar -> {
                    HostileArchives.file(tar, "run/OUTCAR", "x");
                    HostileArchives.file(tar, "run/OUTCAR/vasprun.xml", "y");
                }),
                "under 'run/OUTCAR', which is a file");
        assertRejected(
                HostileArchives.write(tmp.resolve("folder-then-file.tgz"), tar -> {
                    HostileArchives.file(tar, "run//OUTCAR", "x");
                    HostileArchives.file(tar, "run", "y");
                }),
                "entry 'run' rejected: both a file and a folder");
    }

    @Test
    void truncatedArchiveIsRejected() throws Exception {
        Path good = HostileArchives.huge(tmp.resolve("big.tgz"), 900_000);
        byte[] all = Files.readAllBytes(good);
        Path cut = tmp.resolve("cut.tgz");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        assertRejected(cut, "not a readable tar.gz");
    }

    @Test
    void goodArchiveUnpacksCompletelyAndOnlyOnce() throws Exception {
        Path target = tmp.resolve("out/job");
        SafeArchive.extract(HostileArchives.good(tmp.resolve("g.tgz")), target, limits);
        assertThat(target.resolve("vasprun.xml")).hasContent("<modeling/>");
        assertThat(target.resolve("sub/OUTCAR")).hasContent("outcar");
        assertThatThrownBy(() -> SafeArchive.extract(tmp.resolve("g.tgz"), target, limits))
                .hasMessageContaining("already exists");
        assertThat(SafeArchive.check(tmp.resolve("g.tgz"), limits))
                .containsExactly("vasprun.xml", "sub/", "sub/OUTCAR");
    }

    @Test
    void packedBundleHasFilesAtTheRoot() throws Exception {
        Path b = Files.createDirectories(tmp.resolve("bundle"));
        Files.writeString(b.resolve("job.sh"), "#!/bin/bash\n");
        Files.writeString(b.resolve("manifest.json"), "{\"candidate_id\":\"c-1\"}");
        Path tgz = BundlePacker.pack(b, tmp.resolve("b.tar.gz"));
        assertThat(SafeArchive.check(tgz, limits)).containsExactly("job.sh", "manifest.json");
        assertThat(SafeArchive.commonTopFolder(tgz)).isNull();
        assertThat(SafeArchive.commonTopFolder(HostileArchives.write(tmp.resolve("p.tgz"), tar -> {
                    HostileArchives.file(tar, "c-1/job.sh", "x");
                    HostileArchives.file(tar, "c-1/INCAR", "y");
                })))
                .isEqualTo("c-1");
    }
}
