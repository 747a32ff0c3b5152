package org.xtalflow.camel;

import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.CampaignSpecParser;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.xtalflow.crystal.io.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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

    /** Sets {@link #CONTENT_HASH} from the message body (the file's bytes). */
    public void hash(Exchange exchange) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setHeader(CONTENT_HASH, sha256(bytes == null ? new byte[0] : bytes));
    }

    /** Parses the file into a spec; throws {@link BadInputException} naming file and line. */
    @Handler
    public CampaignSpec parse(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        return parser.parse(name == null ? "<inbox>" : name, text);
    }

    /** Writes the failure reason next to where the route moves the bad file. */
    public void writeReason(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String reason = t == null ? "unknown failure" : t.getMessage();
        if (t != null && !(t instanceof BadInputException)) {
            reason = name + ": " + t.getClass().getSimpleName() + ": " + reason;
        }
        try {
            Files.createDirectories(errorDir);
            Files.writeString(errorDir.resolve(name + ".reason"), reason + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write reason file in " + errorDir, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
