package org.xtalflow.hpc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Packs a bundle folder's regular files into a tar.gz with entries at the archive root: the top
 * level, and the flow's step folders of a retried job ({@code relax1/INCAR}, ...: the corrected
 * inputs and the finished steps travel with the next attempt). Links are never followed; archives
 * at the top level are left out. Mode 0755 for the job script's sake, else 0644.
 */
public final class BundlePacker {
    /** The top level and one level of step folders, with their attempt.N folders. */
    private static final int MAX_DEPTH = 3;

    private BundlePacker() {}

    /** Writes {@code target} (atomically, via a temporary file) and returns it. */
    public static Path pack(Path dir, Path target) {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        List<Path> files;
        // Files.walk follows no link: a linked file or folder is left out
        try (Stream<Path> s = Files.walk(dir, MAX_DEPTH)) {
            files = s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !(p.getParent().equals(dir)
                            && p.getFileName().toString().endsWith(".tar.gz")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new HpcException("cannot list bundle " + dir + ": " + e.getMessage(), e);
        }
        try (OutputStream out = Files.newOutputStream(tmp);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path f : files) {
                TarArchiveEntry e =
                        new TarArchiveEntry(dir.relativize(f).toString().replace(java.io.File.separatorChar, '/'));
                e.setSize(Files.size(f));
                e.setMode(f.getFileName().toString().endsWith(".sh") ? 0100755 : 0100644);
                e.setModTime(Files.getLastModifiedTime(f).toMillis());
                tar.putArchiveEntry(e);
                Files.copy(f, tar);
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new HpcException("cannot pack bundle " + dir + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HpcException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return target;
    }
}
