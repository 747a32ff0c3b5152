package org.xtalflow.vasp.inputs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * One candidate's job directory (INCAR, KPOINTS, POSCAR, POTCAR or POTCAR.spec, job.sh,
 * manifest.json) as {@link JobBundleWriter} wrote it. {@link #pack(Path)} makes a tar.gz whose bytes
 * depend only on the files' contents: entries sorted under {@code <candidate id>/}, fixed mtime,
 * uid/gid 0, modes 0644 (0755 for job.sh and the directory), gzip header without time or name.
 */
public record JobBundle(Path directory, String candidateId, BundleManifest manifest) {

    /** 2020-01-01T00:00:00Z, the mtime of every archive entry. */
    public static final long FIXED_MTIME_MS = 1_577_836_800_000L;

    public static final String JOB_SCRIPT = "job.sh";

    /** Reads a bundle directory (its manifest.json). */
    public static JobBundle open(Path directory) {
        BundleManifest m = BundleManifest.read(directory.resolve(BundleManifest.FILE_NAME));
        return new JobBundle(directory, m.candidateId(), m);
    }

    /** Files whose SHA-256 no longer matches the manifest, or that are missing (empty when intact). */
    public List<String> verify() {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, String> e : manifest.files().entrySet()) {
            Path p = directory.resolve(e.getKey());
            try {
                if (!Files.isRegularFile(p) || !BundleManifest.sha256(p).equals(e.getValue())) {
                    bad.add(e.getKey());
                }
            } catch (IOException ex) {
                bad.add(e.getKey());
            }
        }
        return bad;
    }

    /** Writes the bundle as a deterministic tar.gz (via a temporary file, then moved into place). */
    public Path pack(Path tarGz) {
        Path parent = tarGz.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempFile(parent, "." + tarGz.getFileName(), ".tmp");
            Map<String, Path> entries = new TreeMap<>();
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(Files::isRegularFile)
                        .forEach(f -> entries.put(f.getFileName().toString(), f));
            }
            GzipParameters gz = new GzipParameters();
            gz.setCompressionLevel(Deflater.BEST_COMPRESSION);
            gz.setModificationTime(0);
            gz.setOperatingSystem(255); // "unknown": the same on every build host
            try (OutputStream out = Files.newOutputStream(tmp);
                    GzipCompressorOutputStream gzOut = new GzipCompressorOutputStream(out, gz);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(gzOut)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                TarArchiveEntry dir = new TarArchiveEntry(candidateId + "/");
                fix(dir, 0755);
                tar.putArchiveEntry(dir);
                tar.closeArchiveEntry();
                for (Map.Entry<String, Path> e : entries.entrySet()) {
                    byte[] data = Files.readAllBytes(e.getValue());
                    TarArchiveEntry te = new TarArchiveEntry(candidateId + "/" + e.getKey());
                    fix(te, e.getKey().equals(JOB_SCRIPT) ? 0755 : 0644);
                    te.setSize(data.length);
                    tar.putArchiveEntry(te);
                    tar.write(data);
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
            JobBundleWriter.permissions(tmp, "rw-r--r--");
            Files.move(tmp, tarGz, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return tarGz;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot pack job bundle " + candidateId + " into " + tarGz + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and named after the archive
                }
            }
        }
    }

    private static void fix(TarArchiveEntry e, int mode) {
        e.setModTime(FIXED_MTIME_MS);
        e.setMode((e.isDirectory() ? 040000 : 0100000) | mode);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
    }
}
