package org.xtalflow.camel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.util.regex.Pattern;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.campaign.InboxFiles;

/**
 * The inbox's first look at a listed file, before Camel locks or reads it: a symbolic link, a
 * device, an empty file (older than a second, so not one being written), a file over
 * {@link InboxFiles#maxBytes()} or one whose name the inbox cannot move safely goes to
 * {@code error/} at once, unread, with a {@code .reason} beside it under a time-stamped name that
 * never overwrites. Everything else is left to the route.
 */
public final class InboxFilter implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(InboxFilter.class);
    /** Names the file route moves without surprises (Camel reads '\' as a separator, for one). */
    private static final Pattern HANDLED_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ +,=@-]{0,199}");

    private static final long SETTLE_MS = 1000;

    private final Path errorDir;

    public InboxFilter(Path errorDir) {
        this.errorDir = errorDir;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        Path p = file.getFile().toPath();
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return false; // done/, error/, inprogress/
        }
        String name = p.getFileName().toString();
        String refusal = InboxFiles.refusal(p);
        if (refusal != null && refusal.startsWith("is empty") && !settled(p)) {
            return false; // perhaps still being written: look again at the next poll
        }
        if (refusal == null && !HANDLED_NAME.matcher(name).matches()) {
            refusal = "has a name the inbox does not handle (use letters, digits and . _ - + , = @ or spaces,"
                    + " starting with a letter or digit)";
        }
        if (refusal == null) {
            return true;
        }
        refuse(p, name, refusal);
        return false;
    }

    private static boolean settled(Path p) {
        try {
            return System.currentTimeMillis()
                            - Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)
                                    .toMillis()
                    > SETTLE_MS;
        } catch (IOException e) {
            return true;
        }
    }

    private void refuse(Path p, String name, String refusal) {
        String reason = InboxFiles.printable(name) + ": " + refusal;
        try {
            Files.createDirectories(errorDir);
            String target = InboxFiles.errorName(errorDir, name, ZonedDateTime.now());
            // moves a link itself, never its target
            Files.move(p, errorDir.resolve(target), StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(
                    errorDir.resolve(target + ".reason"), reason + System.lineSeparator(), StandardCharsets.UTF_8);
            LOG.warn("inbox: {} refused unread, moved to error/{}", reason, target);
        } catch (IOException e) {
            LOG.warn(
                    "inbox: {} refused unread; cannot move it to {}: {}",
                    reason,
                    errorDir,
                    e.getClass().getSimpleName());
        }
    }
}
