package org.xtalflow.hpc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds the hostile results archives a compromised or buggy cluster could send back. */
final class HostileArchives {
    private HostileArchives() {}

    static Path traversal(Path file) throws IOException {
        return write(file, tar -> {
            file(tar, "vasprun.xml", "<modeling/>");
            file(tar, "../../evil.txt", "owned");
        });
    }

    static Path absolute(Path file) throws IOException {
        return write(file, tar -> file(tar, "/tmp/xtalflow-evil-absolute.txt", "owned"));
    }

    static Path symlink(Path file) throws IOException {
        return write(file, tar -> {
            TarArchiveEntry e = new TarArchiveEntry("vasprun.xml", TarArchiveEntry.LF_SYMLINK);
            e.setLinkName("/etc/passwd");
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        });
    }

    static Path hardlink(Path file) throws IOException {
        return write(file, tar -> {
            TarArchiveEntry e = new TarArchiveEntry("OUTCAR", TarArchiveEntry.LF_LINK);
            e.setLinkName("/etc/shadow");
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        });
    }

    static Path device(Path file) throws IOException {
        return write(file, tar -> {
            TarArchiveEntry e = new TarArchiveEntry("OSZICAR", TarArchiveEntry.LF_CHR);
            e.setDevMajor(1);
            e.setDevMinor(3);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        });
    }

    /** One entry of {@code bytes} zeros (compresses to almost nothing: a small gzip bomb). */
    static Path huge(Path file, long bytes) throws IOException {
        return write(file, tar -> {
            TarArchiveEntry e = new TarArchiveEntry("vasprun.xml");
            e.setSize(bytes);
            tar.putArchiveEntry(e);
            byte[] zeros = new byte[65536];
            for (long left = bytes; left > 0; left -= zeros.length)
                tar.write(zeros, 0, (int) Math.min(zeros.length, left));
            tar.closeArchiveEntry();
        });
    }

    static Path manyEntries(Path file, int n) throws IOException {
        return write(file, tar -> {
            for (int i = 0; i < n; i++) file(tar, "f" + i, "x");
        });
    }

    static Path good(Path file) throws IOException {
        return write(file, tar -> {
            file(tar, "vasprun.xml", "<modeling/>");
            TarArchiveEntry d = new TarArchiveEntry("sub/");
            tar.putArchiveEntry(d);
            tar.closeArchiveEntry();
            file(tar, "sub/OUTCAR", "outcar");
        });
    }

    interface Body {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true); // preserve the name as given (leading '/', '..')
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    static Path write(Path file, Body body) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            body.write(tar);
            tar.finish();
        }
        return file;
    }
}
