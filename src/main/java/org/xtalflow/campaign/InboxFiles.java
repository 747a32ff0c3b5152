package org.xtalflow.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * What the inbox may trust about a dropped file before and after reading it: whether it is a
 * regular file of a sensible size (never following a link), how its contents and name may appear
 * in a log or a {@code .reason} file, the key that recognises the same content dropped again, and
 * a name in {@code error/} that never overwrites an earlier one.
 */
public final class InboxFiles {

    /**
     * Built-in cap, 1 MiB: larger inbox files are refused unread (a campaign spec or an element
     * list is a few KB).
     */
    public static final long MAX_BYTES = 1L << 20;
    /** Characters of a file's text or name quoted into a log line or a reason. */
    public static final int MAX_QUOTED_CHARS = 200;

    // set once at start by the application (limits.inbox.max_bytes)
    private static volatile long maxBytes = MAX_BYTES;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private InboxFiles() {}

    /** Bytes an inbox file may have ({@code limits.inbox.max_bytes}). */
    public static long maxBytes() {
        return maxBytes;
    }

    /** Sets the cap for this process (the application does, from its configuration). */
    public static void configureMaxBytes(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("the inbox file limit must be positive");
        }
        maxBytes = bytes;
    }

    /**
     * Why {@code file} must not be read, or null when it is a regular file of 1..{@link #maxBytes()}
     * bytes. A symbolic link is refused without looking at its target; so are folders, devices
     * and pipes.
     */
    public static String refusal(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return "cannot be examined: " + e.getClass().getSimpleName();
        }
        if (a.isSymbolicLink()) {
            return "is a symbolic link; links are not followed (drop the file itself)";
        }
        if (!a.isRegularFile()) {
            return "is not a regular file (" + (a.isDirectory() ? "a folder" : "a device, pipe or socket") + ")";
        }
        if (a.size() == 0) {
            return "is empty: expected an element list (\"Ba Ru O\") or a campaign spec";
        }
        long max = maxBytes;
        if (a.size() > max) {
            return "has " + a.size() + " bytes, more than the " + max
                    + " an inbox file may have (limits.inbox.max_bytes)";
        }
        return null;
    }

    /**
     * {@code s} as it may appear in a log or a reason: control characters, non-ASCII and
     * backslashes escaped ({@code \n}, {@code \x1b}, {@code \u00e9}), at most
     * {@link #MAX_QUOTED_CHARS} characters of it, the rest counted.
     */
    public static String printable(String s) {
        if (s == null) {
            return "<none>";
        }
        StringBuilder b = new StringBuilder();
        int shown = 0;
        int i = 0;
        for (; i < s.length() && shown < MAX_QUOTED_CHARS; i++, shown++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append(c);
                    } else if (c < 0x100) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        if (i < s.length()) {
            b.append("... (").append(s.length() - i).append(" more characters)");
        }
        return b.toString();
    }

    /**
     * The duplicate-content key: SHA-256 of the text with comments (from {@code #} at the start of
     * a line or after whitespace), trailing whitespace, blank lines and the kind of line break
     * removed, so that a re-saved file with one more blank line or comment is the same campaign.
     */
    public static String contentKey(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        StringBuilder norm = new StringBuilder(text.length());
        text.lines().forEach(line -> {
            String l = stripComment(line).stripTrailing();
            if (!l.isBlank()) {
                norm.append(l).append('\n');
            }
        });
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256").digest(norm.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /**
     * A name for a refused file in {@code errorDir}: UTC time stamp (to the millisecond), then the
     * original name with every character outside {@code [A-Za-z0-9._-]} as '_' (so a backslash,
     * a newline or a leading dot cannot matter), then a counter if that name is taken. Never the
     * name of an existing file.
     */
    public static String errorName(Path errorDir, String originalName, ZonedDateTime now) {
        String safe = safeName(originalName);
        String base = STAMP.format(now.withZoneSameInstant(ZoneOffset.UTC)) + "-" + safe;
        String name = base;
        for (int k = 1;
                Files.exists(errorDir.resolve(name), LinkOption.NOFOLLOW_LINKS)
                        || Files.exists(errorDir.resolve(name + ".reason"), LinkOption.NOFOLLOW_LINKS);
                k++) {
            name = base + "-" + k;
        }
        return name;
    }

    /** {@code name} with every character outside {@code [A-Za-z0-9._-]} as '_', at most 100 characters, never starting with '.'. */
    public static String safeName(String name) {
        String n = name == null || name.isEmpty() ? "unnamed" : name;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n.length() && b.length() < 100; i++) {
            char c = n.charAt(i);
            b.append(
                    (c >= 'A' && c <= 'Z')
                                    || (c >= 'a' && c <= 'z')
                                    || (c >= '0' && c <= '9')
                                    || c == '.'
                                    || c == '_'
                                    || c == '-'
                            ? c
                            : '_');
        }
        if (b.charAt(0) == '.') {
            b.setCharAt(0, '_');
        }
        return b.toString();
    }
}
