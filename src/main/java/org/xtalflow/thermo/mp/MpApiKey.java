package org.xtalflow.thermo.mp;

import java.util.Map;
import java.util.Optional;

/**
 * A Materials Project API key (from https://next-gen.materialsproject.org/api). It is a secret:
 * {@link #toString()} never shows it, and it travels only in the {@code X-API-KEY} request header.
 */
public final class MpApiKey {

    /** The environment variable the mp-api client reads too. */
    public static final String ENV = "MP_API_KEY";

    private final String value;
    private final String origin;

    private MpApiKey(String value, String origin) {
        this.value = value;
        this.origin = origin;
    }

    /** A key given directly; {@code origin} names where it came from (for messages). */
    public static MpApiKey of(String value, String origin) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty Materials Project API key from " + origin);
        }
        return new MpApiKey(value.trim(), origin);
    }

    /**
     * {@value #ENV} when set, else the configured key (conf {@code thermo.mp.api_key}), else none.
     */
    public static Optional<MpApiKey> resolve(Map<String, String> environment, String configured) {
        String env = environment.get(ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(new MpApiKey(env.trim(), "$" + ENV));
        }
        if (configured != null && !configured.isBlank()) {
            return Optional.of(new MpApiKey(configured.trim(), "thermo.mp.api_key"));
        }
        return Optional.empty();
    }

    /** The key itself: for the request header only. */
    String value() {
        return value;
    }

    /** Where the key came from ("$MP_API_KEY" or "thermo.mp.api_key"), safe to show. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "MpApiKey[from " + origin + ", value hidden]";
    }
}
