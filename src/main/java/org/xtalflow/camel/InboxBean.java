package org.xtalflow.camel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.CampaignSpecParser;
import org.xtalflow.campaign.InboxFiles;
import org.xtalflow.crystal.io.BadInputException;

/**
 * What the inbox route does with a picked-up file: hash it (for idempotency), parse it into a
 * {@link CampaignSpec}, and when it is bad write {@code <error folder>/<file>.reason} saying
 * which line and what is wrong. The route moves the file itself (Camel file options).
 */
public final class InboxBean {

    /** Header holding the SHA-256 (hex) of the file content; the idempotency key. */
    public static final String CONTENT_HASH = "XtalflowContentSha256";

    private final CampaignSpecParser parser;
    private final Path errorDir;

    public InboxBean(CampaignSpecParser parser, Path errorDir) {
        this.parser = parser;
        this.errorDir = errorDir;
    }

    /** Header naming the bad file's place in the error folder (time-stamped, never an existing name). */
    public static final String ERROR_NAME = "XtalflowErrorName";
    /** Header holding the reason as it may be logged (escaped, truncated). */
    public static final String REASON = "XtalflowReason";

    /**
     * Sets {@link #CONTENT_HASH} from the message body (the file's bytes), after normalising
     * whitespace and comments ({@link InboxFiles#contentKey}), so that a re-saved file is the same.
     */
    public void hash(Exchange exchange) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setHeader(CONTENT_HASH, InboxFiles.contentKey(bytes == null ? new byte[0] : bytes));
    }

    /** Parses the file into a spec; throws {@link BadInputException} naming file and line. */
    @Handler
    public CampaignSpec parse(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        return parser.parse(name == null ? "<inbox>" : name, text);
    }

    /**
     * Writes the failure reason (escaped and truncated: file contents never reach it raw) under a
     * time-stamped name that no earlier bad file has, and sets {@link #ERROR_NAME} for the
     * route's moveFailed and {@link #REASON} for its log line.
     */
    public void writeReason(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String reason = t == null ? "unknown failure" : t.getMessage();
        if (t != null && !(t instanceof BadInputException)) {
            reason = name + ": " + t.getClass().getSimpleName() + ": " + reason;
        }
        reason = InboxFiles.printable(reason);
        try {
            Files.createDirectories(errorDir);
            String target = InboxFiles.errorName(errorDir, name, ZonedDateTime.now());
            exchange.getMessage().setHeader(ERROR_NAME, target);
            exchange.getMessage().setHeader(REASON, reason);
            Files.writeString(
                    errorDir.resolve(target + ".reason"), reason + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write reason file in " + errorDir, e);
        }
    }
}
