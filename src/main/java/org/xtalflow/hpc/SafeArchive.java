package org.xtalflow.hpc;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a results tar.gz from a cluster only after checking every entry: no absolute paths, no
 * '..', only regular files and folders (no symbolic or hard links, devices, FIFOs), each entry
 * and the total under size caps, the entry count under a cap. The checks run over the whole
 * archive before anything is written; extraction goes to a hidden sibling folder that is renamed
 * into place at the end, so a folder is either absent or complete, never half-unpacked.
 */
public final class SafeArchive {

    /**
     * @param maxEntryBytes largest single file (bytes)
     * @param maxTotalBytes largest sum of file sizes (bytes), also enforced while decompressing
     * @param maxEntries most entries
     */
    public record Limits(long maxEntryBytes, long maxTotalBytes, int maxEntries) {
        /** 2 GiB per file (a long vasprun.xml), 4 GiB total, 1,000 entries. */
        public static Limits defaults() {
            return new Limits(2L << 30, 4L << 30, 1000);
        }
    }

    private SafeArchive() {}

    /** Checks the archive and returns its file names; throws HostileArchiveException on the first bad entry. */
    public static List<String> check(Path tarGz, Limits limits) {
        List<String> names = new ArrayList<>();
        // each path's kind, so that a file and a folder of the same path (or a path under a file)
        // are refused here rather than failing half-way through unpacking
        Map<String, Boolean> isFolder = new HashMap<>();
        long total = 0;
        try (TarArchiveInputStream tar = open(tarGz)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                if (names.size() >= limits.maxEntries()) {
                    throw hostile(tarGz, name, "more than " + limits.maxEntries() + " entries");
                }
                checkName(tarGz, name);
                if (e.isSymbolicLink() || e.isLink()) throw hostile(tarGz, name, "link to '" + e.getLinkName() + "'");
                if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO())
                    throw hostile(tarGz, name, "device or FIFO");
                if (!e.isFile() && !e.isDirectory())
                    throw hostile(tarGz, name, "not a regular file or folder (type " + (char) linkFlag(e) + ")");
                checkKind(tarGz, name, e.isDirectory(), isFolder);
                if (e.isFile()) {
                    if (e.getSize() > limits.maxEntryBytes()) {
                        throw hostile(
                                tarGz,
                                name,
                                e.getSize() + " bytes, over the per-file cap of " + limits.maxEntryBytes());
                    }
                    total += e.getSize();
                    if (total > limits.maxTotalBytes()) {
                        throw hostile(
                                tarGz,
                                name,
                                "archive content over the total cap of " + limits.maxTotalBytes() + " bytes");
                    }
                    names.add(name);
                } else {
                    names.add(name);
                }
            }
        } catch (HostileArchiveException e) {
            throw e;
        } catch (IOException e) {
            throw new HostileArchiveException(tarGz + ": not a readable tar.gz (truncated or corrupt?): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "; nothing unpacked");
        }
        return names;
    }

    /**
     * Checks, then extracts into {@code target} (which must not exist yet) atomically.
     *
     * @return the target folder
     */
    public static Path extract(Path tarGz, Path target, Limits limits) {
        check(tarGz, limits);
        if (Files.exists(target)) throw new HpcException(target + " already exists: not overwriting unpacked results");
        Path partial = target.resolveSibling(".partial-" + target.getFileName());
        deleteTree(partial);
        long written = 0;
        try {
            Files.createDirectories(partial);
            try (TarArchiveInputStream tar = open(tarGz)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    Path out = partial.resolve(e.getName()).normalize();
                    if (!out.startsWith(partial)) throw hostile(tarGz, e.getName(), "escapes the target folder");
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                        continue;
                    }
                    Files.createDirectories(out.getParent());
                    try (OutputStream os = Files.newOutputStream(out)) {
                        byte[] buf = new byte[65536];
                        long entryBytes = 0;
                        int n;
                        while ((n = tar.read(buf)) > 0) {
                            entryBytes += n;
                            written += n;
                            if (entryBytes > limits.maxEntryBytes() || written > limits.maxTotalBytes()) {
                                throw hostile(tarGz, e.getName(), "content larger than its caps while unpacking");
                            }
                            os.write(buf, 0, n);
                        }
                    }
                }
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                deleteTree(partial);
                throw new HpcException(target + " appeared while unpacking: not overwriting", e);
            }
            return target;
        } catch (IOException e) {
            deleteTree(partial);
            throw new HostileArchiveException(tarGz + ": unpacking failed: " + e.getMessage());
        } catch (RuntimeException e) {
            deleteTree(partial);
            throw e;
        }
    }

    /** The single top-level folder all entries sit in, or null when files sit at the root. */
    public static String commonTopFolder(Path tarGz) {
        String top = null;
        try (TarArchiveInputStream tar = open(tarGz)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String n = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (n.isEmpty()) continue;
                int slash = n.indexOf('/');
                if (slash < 0 || slash == n.length() - 1 && !e.isDirectory()) return null;
                String t = n.substring(0, slash);
                if (top == null) top = t;
                else if (!top.equals(t)) return null;
            }
        } catch (IOException e) {
            throw new HpcException(tarGz + ": not a readable tar.gz: " + e.getMessage(), e);
        }
        return top;
    }

    // plain character tests, no regular expressions: this runs on every entry of every archive
    private static void checkName(Path tarGz, String name) {
        if (name.isEmpty()) throw hostile(tarGz, name, "empty name");
        if (name.startsWith("/") || name.startsWith("\\") || isDriveLetter(name)) {
            throw hostile(tarGz, name, "absolute path");
        }
        int from = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '/' || name.charAt(i) == '\\') {
                if (i - from == 2 && name.startsWith("..", from)) throw hostile(tarGz, name, "'..' in path");
                from = i + 1;
            }
        }
        if (name.indexOf('\0') >= 0) throw hostile(tarGz, name, "NUL in name");
    }

    /** {@code C:...}: a Windows drive letter. */
    private static boolean isDriveLetter(String name) {
        if (name.length() < 2 || name.charAt(1) != ':') return false;
        char c = name.charAt(0);
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    /**
     * Refuses an entry whose path was already seen as the other kind (file {@code a} and folder
     * {@code a/}), or that sits under a path seen as a file ({@code a}, then {@code a/b}).
     */
    private static void checkKind(Path tarGz, String name, boolean folder, Map<String, Boolean> isFolder) {
        String path = canonical(name);
        if (path.isEmpty()) return; // "./": the archive's root
        Boolean seen = isFolder.get(path);
        if (seen != null && seen != folder) {
            throw hostile(tarGz, name, "both a file and a folder of the same path");
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (Boolean.FALSE.equals(isFolder.get(path.substring(0, slash)))) {
                throw hostile(tarGz, name, "under '" + path.substring(0, slash) + "', which is a file");
            }
            isFolder.putIfAbsent(path.substring(0, slash), true);
        }
        isFolder.put(path, folder);
    }

    /** The path as it lands on disk: '/'-separated, without empty and "." parts. */
    private static String canonical(String name) {
        StringBuilder b = new StringBuilder(name.length());
        int from = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '/') {
                boolean skip = i == from || i - from == 1 && name.charAt(from) == '.';
                if (!skip) {
                    if (b.length() > 0) b.append('/');
                    b.append(name, from, i);
                }
                from = i + 1;
            }
        }
        return b.toString();
    }

    private static int linkFlag(TarArchiveEntry e) {
        // commons-compress has no public getter for the raw type flag; describe by predicates
        if (e.isGNUSparse()) return 'S';
        return '?';
    }

    private static HostileArchiveException hostile(Path tarGz, String entry, String why) {
        return new HostileArchiveException(tarGz + ": entry '" + entry + "' rejected: " + why + "; nothing unpacked");
    }

    private static TarArchiveInputStream open(Path tarGz) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(tarGz));
        try {
            return new TarArchiveInputStream(new GzipCompressorInputStream(in));
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        } catch (IOException e) {
            throw new HpcException("cannot remove " + p + ": " + e.getMessage(), e);
        }
    }
}
