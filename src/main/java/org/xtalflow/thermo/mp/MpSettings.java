package org.xtalflow.thermo.mp;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xtalflow.config.ConfigFile;
import org.xtalflow.config.ConfigKeys;
import org.xtalflow.config.ConfigurationException;

/**
 * How to reach the Materials Project: the {@code thermo.mp:} section of conf/xtalflow.yaml.
 *
 * <pre>
 * thermo:
 *   mp:
 *     endpoint: https://api.materialsproject.org/   # or $MP_API_ENDPOINT
 *     api_key: ...            # prefer the MP_API_KEY environment variable; never logged
 *     timeout_s: 60           # per request
 *     max_retries: 3          # on 429 (Retry-After honoured), 5xx, timeouts, refused connections
 *     backoff_s: 1            # first wait when no Retry-After: 1, 2, 4, ... s
 *     per_page: 1000          # documents per page (MP's max_limit is 1000)
 * </pre>
 *
 * @param endpoint       base URL ending in '/'
 * @param configuredKey  the key from the conf (null when absent); {@link #toString()} hides it
 * @param connectTimeout time to open a connection
 * @param requestTimeout time for one request's answer
 * @param maxRetries     retries after the first attempt
 * @param backoff        first wait without Retry-After; doubles each retry, at most {@link #MAX_WAIT}
 * @param perPage        documents per page ({@code _per_page})
 */
public record MpSettings(
        URI endpoint,
        String configuredKey,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration backoff,
        int perPage) {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://api.materialsproject.org/");
    /** mp-api's variable for another endpoint. */
    public static final String ENDPOINT_ENV = "MP_API_ENDPOINT";
    /** The longest wait between two attempts, whatever Retry-After says. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(2);

    /** The keys of {@code thermo.mp}. */
    public static final List<String> KEYS =
            List.of("endpoint", "api_key", "timeout_s", "connect_timeout_s", "max_retries", "backoff_s", "per_page");

    public static final MpSettings DEFAULTS = new MpSettings(
            DEFAULT_ENDPOINT, null, Duration.ofSeconds(20), Duration.ofSeconds(60), 3, Duration.ofSeconds(1), 1000);

    public MpSettings {
        String s = endpoint.toString();
        if (!s.endsWith("/")) {
            endpoint = URI.create(s + "/");
        }
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("thermo.mp.endpoint must be an http(s) URL, got " + s);
        }
        if (maxRetries < 0 || perPage < 1 || perPage > 1000) {
            throw new IllegalArgumentException("thermo.mp: max_retries must be >= 0 and per_page 1..1000");
        }
    }

    public MpSettings withEndpoint(URI e) {
        return new MpSettings(e, configuredKey, connectTimeout, requestTimeout, maxRetries, backoff, perPage);
    }

    public MpSettings withTimeouts(Duration connect, Duration request) {
        return new MpSettings(endpoint, configuredKey, connect, request, maxRetries, backoff, perPage);
    }

    public MpSettings withRetries(int retries, Duration firstWait) {
        return new MpSettings(endpoint, configuredKey, connectTimeout, requestTimeout, retries, firstWait, perPage);
    }

    public MpSettings withPerPage(int n) {
        return new MpSettings(endpoint, configuredKey, connectTimeout, requestTimeout, maxRetries, backoff, n);
    }

    /** The key to use: {@code MP_API_KEY} first, then the conf's. */
    public Optional<MpApiKey> apiKey(Map<String, String> environment) {
        return MpApiKey.resolve(environment, configuredKey);
    }

    /** The {@code thermo.mp} section of a YAML configuration file; absent file or section: the defaults. */
    public static MpSettings load(Path yamlFile, Map<String, String> environment) {
        if (yamlFile == null || !Files.isRegularFile(yamlFile)) {
            return of(null, environment, "(no configuration)");
        }
        return of(ConfigFile.read(yamlFile).path("thermo").path("mp"), environment, yamlFile.toString());
    }

    /**
     * The section from the configuration's tree ({@code mp} may be missing: the defaults, with
     * {@value #ENDPOINT_ENV} honoured); unknown keys and bad values are a {@link ConfigurationException}.
     */
    public static MpSettings of(JsonNode mp, Map<String, String> environment, String where) {
        MpSettings base = DEFAULTS;
        String envEndpoint = environment.get(ENDPOINT_ENV);
        if (envEndpoint != null && !envEndpoint.isBlank()) {
            base = base.withEndpoint(URI.create(envEndpoint.trim()));
        }
        if (mp == null || mp.isMissingNode() || mp.isNull()) {
            return base;
        }
        ConfigKeys.requireKnown(where, "thermo.mp", mp, KEYS);
        try {
            URI endpoint = mp.hasNonNull("endpoint")
                    ? URI.create(mp.get("endpoint").asText().trim())
                    : base.endpoint;
            String key = mp.hasNonNull("api_key") ? mp.get("api_key").asText() : base.configuredKey;
            Duration timeout =
                    mp.hasNonNull("timeout_s") ? seconds(mp.get("timeout_s"), "timeout_s", where) : base.requestTimeout;
            Duration connect = mp.hasNonNull("connect_timeout_s")
                    ? seconds(mp.get("connect_timeout_s"), "connect_timeout_s", where)
                    : base.connectTimeout;
            int retries = mp.hasNonNull("max_retries") ? mp.get("max_retries").asInt(-1) : base.maxRetries;
            Duration backoff =
                    mp.hasNonNull("backoff_s") ? seconds(mp.get("backoff_s"), "backoff_s", where) : base.backoff;
            int perPage = mp.hasNonNull("per_page") ? mp.get("per_page").asInt(0) : base.perPage;
            return new MpSettings(endpoint, key, connect, timeout, retries, backoff, perPage);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ": thermo.mp: " + e.getMessage(), e);
        }
    }

    private static Duration seconds(JsonNode n, String name, String where) {
        if (!n.isNumber() || n.asDouble() < 0) {
            throw new ConfigurationException(
                    where + ": thermo.mp." + name + " must be a number of seconds >= 0, got " + n);
        }
        return Duration.ofMillis(Math.round(n.asDouble() * 1000));
    }

    @Override
    public String toString() {
        return "MpSettings[endpoint=" + endpoint + ", api_key=" + (configuredKey == null ? "none" : "hidden")
                + ", timeout=" + requestTimeout + ", retries=" + maxRetries + ", per_page=" + perPage + "]";
    }
}
