package org.xtalflow.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.xtalflow.config.ConfigurationException;

/**
 * The {@code application} section of conf/xtalflow.yaml (plus the cluster names of the
 * {@code clusters} section): folders, campaign defaults, the nightly schedule and queue sizes.
 * Built from the one {@link XtalflowConfig} read of the file, which the application's other
 * sections come from too ({@link #config()}).
 * Relative paths are resolved against the project root (the parent of the conf folder).
 * Values are also exported as {@code xtalflow.*} properties so that routes/*.yaml can use them
 * as {@code {{xtalflow.inbox}}} etc.
 */
public final class AppSettings {

    /** Bad or missing configuration; the CLI maps it to exit code 3. */
    public static final class ConfigException extends org.xtalflow.config.ConfigurationException {
        public ConfigException(String message) {
            super(message);
        }

        public ConfigException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final XtalflowConfig config;
    private final Path configFile;
    private final Path root;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final CampaignDefaults defaults;
    private final Path nightlyElements;

    private AppSettings(XtalflowConfig config) {
        this.config = config;
        Path configFile = config.file();
        this.configFile = configFile;
        Path confDir = configFile.toAbsolutePath().normalize().getParent();
        this.root = confDir.getParent() != null ? confDir.getParent() : confDir;
        JsonNode app = config.application();
        Path work = path(app, "work_dir", "var");
        put("xtalflow.root", root.toString());
        put("xtalflow.routes", path(app, "routes_dir", "routes").toString());
        put("xtalflow.templates", path(app, "templates_dir", "templates").toString());
        put("xtalflow.work", work.toString());
        put("xtalflow.inbox", path(app, "inbox", "var/inbox").toString());
        put("xtalflow.outbox", path(app, "outbox", "var/outbox").toString());
        put("xtalflow.reports", path(app, "reports", "var/reports").toString());
        put("xtalflow.inbox.pollMs", String.valueOf(app.path("inbox_poll_ms").asLong(1000)));
        // the read-only status page on 127.0.0.1 (README "Status page")
        put(
                "xtalflow.statusPage.enabled",
                String.valueOf(app.path("status_page").path("enabled").asBoolean(true)));
        put(
                "xtalflow.statusPage.port",
                String.valueOf(app.path("status_page").path("port").asInt(8765)));
        // the MBeans over HTTP for Hawtio and curl (README "Status page"); off unless asked for
        put(
                "xtalflow.jolokia.enabled",
                String.valueOf(app.path("jolokia").path("enabled").asBoolean(false)));
        put(
                "xtalflow.jolokia.port",
                String.valueOf(app.path("jolokia").path("port").asInt(8778)));
        JsonNode n = app.path("nightly");
        put("xtalflow.nightly.enabled", String.valueOf(n.path("enabled").asBoolean(true)));
        String cron = n.path("cron").asText("0 0 2 * * ?");
        try {
            // checked here, so that a typo is a configuration error (exit 3), not Quartz's stack trace at start
            new org.quartz.CronExpression(cron);
        } catch (java.text.ParseException e) {
            throw new ConfigException(configFile + ": application.nightly.cron '" + InboxFiles.printable(cron)
                    + "' is not a Quartz cron expression (" + e.getMessage()
                    + "); six or seven fields: sec min hour day-of-month month day-of-week [year],"
                    + " e.g. \"0 0 2 * * ?\" for 02:00 every night");
        }
        put("xtalflow.nightly.cron", cron);
        String tz = n.path("time_zone").asText("");
        if (tz.isBlank()) {
            tz = ZoneId.systemDefault().getId();
        }
        try {
            ZoneId.of(tz);
        } catch (RuntimeException e) {
            throw new ConfigException(configFile + ": application.nightly.time_zone '" + tz
                    + "' is not a time zone id (e.g. Europe/Berlin, UTC)");
        }
        put("xtalflow.nightly.timeZone", tz);
        String misfire = n.path("misfire").asText("fire_once_now");
        // Quartz CronTrigger constants: MISFIRE_INSTRUCTION_FIRE_ONCE_NOW = 1, DO_NOTHING = 2.
        put(
                "xtalflow.nightly.misfire",
                switch (misfire) {
                    case "fire_once_now" -> "1";
                    case "do_nothing" -> "2";
                    default ->
                        throw new ConfigException(
                                configFile + ": application.nightly.misfire '" + misfire
                                        + "' must be fire_once_now (a late firing runs late) or do_nothing (skip to the next night)");
                });
        this.nightlyElements = path(n, "elements_file", "conf/nightly-elements.txt");
        put("xtalflow.nightly.elementsFile", nightlyElements.toString());
        JsonNode q = app.path("queues");
        for (String stage : new String[] {"campaign", "generate", "prepare", "submit", "poll", "harvest"}) {
            put(
                    "xtalflow.queue." + stage + ".size",
                    String.valueOf(q.path(stage).path("size").asInt(1000)));
            put(
                    "xtalflow.queue." + stage + ".concurrency",
                    String.valueOf(q.path(stage).path("concurrency").asInt(1)));
        }
        String storeUrl = app.path("store_url").asText("");
        put("xtalflow.store.url", storeUrl.isBlank() ? "jdbc:sqlite:" + work.resolve("xtalflow.db") : storeUrl);
        put("xtalflow.store.user", app.path("store_user").asText(""));
        put("xtalflow.store.passwordEnv", app.path("store_password_env").asText("XTALFLOW_STORE_PASSWORD"));
        put(
                "xtalflow.poll.intervalMs",
                String.valueOf(app.path("poll_interval_ms").asLong(60_000)));
        put("xtalflow.maxQueuedJobs", String.valueOf(app.path("max_queued_jobs").asInt(50)));
        JsonNode d = app.path("defaults");
        Map<String, Integer> perGenerator = new HashMap<>();
        JsonNode g = app.path("generators");
        if (g.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = g.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                perGenerator.put(e.getKey(), e.getValue().asInt());
            }
        } else {
            perGenerator.putAll(CampaignDefaults.standard().elementsPerGenerator());
        }
        Set<String> clusters = new LinkedHashSet<>(config.clusters().all().keySet());
        Long seed;
        try {
            seed = CampaignSpecParser.seed(d.get("seed"), null, "application.defaults", 0);
        } catch (org.xtalflow.crystal.io.BadInputException e) {
            throw new ConfigException(configFile + ": " + e.getMessage());
        }
        this.defaults = new CampaignDefaults(
                d.path("samples").asInt(100),
                d.path("generator").asText("pgcgm"),
                d.path("input_set").asText("MPRelaxSet"),
                d.path("priority").asInt(0),
                perGenerator,
                clusters,
                seed);
        put("xtalflow.nightly.samples", String.valueOf(n.path("samples").asInt(defaults.samples())));
        // same-engine references (GPAW): known phases of a system up to this many sites are computed
        int maxSites = d.path("reference_max_sites").asInt(8);
        if (maxSites < 1) {
            throw new ConfigException(configFile + ": application.defaults.reference_max_sites must be >= 1");
        }
        put("xtalflow.references.maxSites", String.valueOf(maxSites));
    }

    /**
     * Reads the file once and checks every section; a missing or unparsable file, an unknown key or
     * a bad value in any section is a {@link ConfigException}. Its {@code limits} become the limits
     * of this process's readers.
     */
    public static AppSettings load(Path configFile) {
        XtalflowConfig config;
        try {
            config = XtalflowConfig.load(configFile);
        } catch (ConfigException e) {
            throw e;
        } catch (ConfigurationException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        config.limits().apply(); // the application's readers (inbox, harvest) use the configured caps
        return new AppSettings(config);
    }

    /** Every section of the file, as read by {@link #load}. */
    public XtalflowConfig config() {
        return config;
    }

    private Path path(JsonNode parent, String key, String dflt) {
        Path p = Path.of(parent.path(key).asText(dflt));
        return (p.isAbsolute() ? p : root.resolve(p)).normalize();
    }

    private void put(String k, String v) {
        properties.put(k, v);
    }

    /** Overrides one exported property (used by the CLI and tests, e.g. another inbox). */
    public AppSettings override(String key, String value) {
        properties.put(key, value);
        return this;
    }

    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    public String get(String key) {
        return properties.get(key);
    }

    public Path configFile() {
        return configFile;
    }

    public Path root() {
        return root;
    }

    public Path routesDir() {
        return Path.of(properties.get("xtalflow.routes"));
    }

    public Path templatesDir() {
        return Path.of(properties.get("xtalflow.templates"));
    }

    public Path workDir() {
        return Path.of(properties.get("xtalflow.work"));
    }

    public Path inbox() {
        return Path.of(properties.get("xtalflow.inbox"));
    }

    public Path outbox() {
        return Path.of(properties.get("xtalflow.outbox"));
    }

    public Path reports() {
        return Path.of(properties.get("xtalflow.reports"));
    }

    public Path nightlyElementsFile() {
        return Path.of(properties.get("xtalflow.nightly.elementsFile"));
    }

    public CampaignDefaults defaults() {
        return defaults;
    }

    /** SQLite file under the work folder by default; PostgreSQL when application.store_url says so. */
    public StoreConfig storeConfig() {
        String url = properties.get("xtalflow.store.url");
        if (url.startsWith("jdbc:sqlite:")) {
            return StoreConfig.sqlite(Path.of(url.substring("jdbc:sqlite:".length())));
        }
        String user = properties.get("xtalflow.store.user");
        return StoreConfig.postgres(
                url, user.isBlank() ? null : user, System.getenv(properties.get("xtalflow.store.passwordEnv")));
    }
}
