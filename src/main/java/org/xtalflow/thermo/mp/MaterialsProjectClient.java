package org.xtalflow.thermo.mp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.crystal.Element;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryJson;

/**
 * A client of the Materials Project's REST API (https://api.materialsproject.org, the API that
 * the {@code mp-api} Python client speaks), for the one thing a hull needs: the entries of a
 * chemical system and of all its subsystems.
 *
 * <p>What it sends, as {@code mp-api} does: the key in the {@code X-API-KEY} header (never in the
 * URL, never logged); {@code GET heartbeat} for the database version ({@code db_version});
 * {@code GET materials/thermo/} with {@code chemsys} (every subsystem, comma-separated),
 * {@code thermo_types=GGA_GGA+U}, {@code _fields} and pages ({@code _page}, {@code _per_page})
 * until {@code meta.total_doc} documents have come. Each thermo document's {@code entries} maps a
 * run type to a pymatgen ComputedStructureEntry dict with MP2020 corrections applied; fields it
 * does not know are ignored.
 *
 * <p>Failures: 429 (waiting as {@code Retry-After} says), 5xx, timeouts and refused connections
 * are retried with exponential backoff; 401/403 is a bad key; anything else ends in a
 * {@link MaterialsProjectException} whose {@link MaterialsProjectException.Kind} says what happened.
 * Thread-safe.
 */
public final class MaterialsProjectClient {

    /** The GGA/GGA+U mixing scheme (MP2020 corrections), MP's thermo_type. */
    public static final String GGA_GGA_U = "GGA_GGA+U";
    /** The thermo-document fields requested. */
    static final List<String> FIELDS =
            List.of("material_id", "thermo_id", "thermo_type", "chemsys", "entries", "last_updated");

    private static final Logger LOG = LoggerFactory.getLogger(MaterialsProjectClient.class);

    /** Waits between attempts; tests pass one that records the waits instead of sleeping. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final MpSettings settings;
    private final MpApiKey key;
    private final HttpClient http;
    private final Sleeper sleeper;
    private final Clock clock;

    public MaterialsProjectClient(MpSettings settings, MpApiKey key) {
        this(settings, key, d -> Thread.sleep(d.toMillis()), Clock.systemUTC());
    }

    MaterialsProjectClient(MpSettings settings, MpApiKey key, Sleeper sleeper, Clock clock) {
        if (key == null) {
            throw new MaterialsProjectException(
                    MaterialsProjectException.Kind.NO_KEY,
                    "no Materials Project API key: set " + MpApiKey.ENV + " (or thermo.mp.api_key); keys are free at "
                            + "https://next-gen.materialsproject.org/api");
        }
        this.settings = settings;
        this.key = key;
        this.sleeper = sleeper;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public MpSettings settings() {
        return settings;
    }

    /** MP's database version ("2025_09_25"), from {@code GET heartbeat}. */
    public String databaseVersion() {
        URI uri = settings.endpoint().resolve("heartbeat");
        JsonNode hb = getJson(uri);
        JsonNode v = hb.get("db_version");
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new MaterialsProjectException(
                    MaterialsProjectException.Kind.MALFORMED_RESPONSE,
                    "Materials Project " + uri + " answered without a db_version: " + abbreviate(hb.toString()));
        }
        return v.asText();
    }

    /** {@link #entriesInChemsys(ChemicalSystem)} for "Ba-Ru-O" or similar text. */
    public MpEntrySet entriesInChemsys(String chemsys) {
        return entriesInChemsys(ChemicalSystem.parse(chemsys));
    }

    /**
     * The GGA_GGA+U entries of {@code system} and all its subsystems, as
     * {@code get_entries_in_chemsys(..., additional_criteria={"thermo_types": ["GGA_GGA+U"]})}.
     *
     * @throws UnknownChemicalSystemException when MP holds no document for any of the subsystems
     * @throws MaterialsProjectException      when MP cannot be reached or answers badly
     */
    public MpEntrySet entriesInChemsys(ChemicalSystem system) {
        if (system.size() > ChemicalSystem.MAX_ELEMENTS) {
            throw new UnknownChemicalSystemException("chemical system " + system + " has " + system.size()
                    + " elements; the Materials Project is asked for at most " + ChemicalSystem.MAX_ELEMENTS
                    + " (2^9 - 1 subsystems fill the longest URL it accepts)");
        }
        String dbVersion = databaseVersion();
        Instant fetchedAt = clock.instant();
        List<String> names = new ArrayList<>();
        system.subsystems().forEach(s -> names.add(s.toString()));
        List<JsonNode> docs = thermoDocuments(names);
        List<ComputedEntry> entries = new ArrayList<>();
        List<MpEntrySet.Rejected> rejected = new ArrayList<>();
        String lastUpdated = null;
        for (JsonNode doc : docs) {
            String mid = doc.path("material_id").asText("?");
            String type = doc.path("thermo_type").asText(GGA_GGA_U);
            if (!GGA_GGA_U.equals(type)) {
                rejected.add(new MpEntrySet.Rejected(mid, "thermo_type " + type + ", not " + GGA_GGA_U));
                continue;
            }
            JsonNode es = doc.get("entries");
            if (es == null || !es.isObject() || es.isEmpty()) {
                rejected.add(new MpEntrySet.Rejected(mid, "thermo document without entries"));
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> it = es.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                try {
                    entries.add(withMaterialId(
                            EntryJson.fromDict(f.getValue(), "Materials Project " + mid + " entries." + f.getKey()),
                            mid));
                } catch (RuntimeException e) {
                    rejected.add(new MpEntrySet.Rejected(mid, "entries." + f.getKey() + ": " + e.getMessage()));
                }
            }
            String lu = lastUpdated(doc.get("last_updated"));
            if (lu != null && (lastUpdated == null || lu.compareTo(lastUpdated) > 0)) {
                lastUpdated = lu;
            }
        }
        if (docs.isEmpty()) {
            throw new UnknownChemicalSystemException("the Materials Project holds no " + GGA_GGA_U
                    + " thermo documents for " + system + " or any of its subsystems");
        }
        rejected.forEach(r -> LOG.warn("Materials Project {}: left out {}: {}", system, r.materialId(), r.reason()));
        return new MpEntrySet(
                system.toString(),
                GGA_GGA_U,
                dbVersion,
                fetchedAt,
                lastUpdated,
                ComputedEntry.distinct(entries),
                rejected);
    }

    /** The elements of {@code system} that none of the entries is made of alone. */
    public static Set<Element> missingElements(MpEntrySet set) {
        Set<Element> missing =
                new LinkedHashSet<>(ChemicalSystem.parse(set.chemsys()).elements());
        for (ComputedEntry e : set.entries()) {
            if (e.composition().numElements() == 1) {
                missing.removeAll(e.composition().elements());
            }
        }
        return missing;
    }

    /** Every thermo document of the given systems, page by page. */
    List<JsonNode> thermoDocuments(List<String> chemsys) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("chemsys", String.join(",", chemsys));
        q.put("thermo_types", GGA_GGA_U);
        q.put("_fields", String.join(",", FIELDS));
        q.put("_all_fields", "false");
        q.put("_per_page", Integer.toString(settings.perPage()));
        List<JsonNode> docs = new ArrayList<>();
        long total = -1;
        for (int page = 1; ; page++) {
            q.put("_page", Integer.toString(page));
            URI uri = settings.endpoint().resolve("materials/thermo/?" + query(q));
            JsonNode body = getJson(uri);
            JsonNode data = body.get("data");
            if (data == null || !data.isArray()) {
                throw new MaterialsProjectException(
                        MaterialsProjectException.Kind.MALFORMED_RESPONSE,
                        "Materials Project " + pathOf(uri) + " page " + page + ": no \"data\" list in the answer: "
                                + abbreviate(body.toString()));
            }
            JsonNode td = body.path("meta").path("total_doc");
            if (td.canConvertToLong()) {
                total = td.asLong();
            }
            data.forEach(docs::add);
            boolean lastPage =
                    data.size() < settings.perPage() || (total >= 0 && docs.size() >= total) || data.isEmpty();
            if (lastPage) {
                break;
            }
            if (total >= 0 && (long) page * settings.perPage() > total + settings.perPage()) {
                throw new MaterialsProjectException(
                        MaterialsProjectException.Kind.MALFORMED_RESPONSE,
                        "Materials Project " + pathOf(uri) + ": page " + page + " past meta.total_doc " + total);
            }
        }
        if (total >= 0 && docs.size() != total) {
            LOG.warn("Materials Project thermo: meta.total_doc said {}, {} documents came", total, docs.size());
        }
        return docs;
    }

    /** GET with retries; the body as JSON. */
    JsonNode getJson(URI uri) {
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("X-API-KEY", key.value())
                .header("Accept", "application/json")
                .header("User-Agent", "xtalflow/0.1 (java.net.http)")
                .GET()
                .build();
        MaterialsProjectException last = null;
        for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
            Duration wait = backoff(attempt);
            HttpResponse<String> resp;
            try {
                resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (HttpConnectTimeoutException e) {
                last = new MaterialsProjectException(
                        MaterialsProjectException.Kind.NO_NETWORK,
                        "cannot reach the Materials Project at " + hostOf(uri) + ": no connection within "
                                + settings.connectTimeout().toSeconds() + " s",
                        e);
                sleepBeforeRetry(attempt, wait, last);
                continue;
            } catch (HttpTimeoutException e) {
                last = new MaterialsProjectException(
                        MaterialsProjectException.Kind.TIMEOUT,
                        "Materials Project " + pathOf(uri) + ": no answer within "
                                + settings.requestTimeout().toMillis() + " ms (thermo.mp.timeout_s)",
                        e);
                sleepBeforeRetry(attempt, wait, last);
                continue;
            } catch (ConnectException | UnresolvedAddressException e) {
                last = unreachable(uri, e);
                sleepBeforeRetry(attempt, wait, last);
                continue;
            } catch (IOException e) {
                last = unreachable(uri, e);
                sleepBeforeRetry(attempt, wait, last);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MaterialsProjectException(
                        MaterialsProjectException.Kind.TIMEOUT,
                        "interrupted while asking the Materials Project " + pathOf(uri),
                        e);
            }
            int code = resp.statusCode();
            if (code == 200) {
                return parse(resp.body(), uri);
            }
            if (code == 401 || code == 403) {
                throw new MaterialsProjectException(
                        MaterialsProjectException.Kind.BAD_KEY,
                        "the Materials Project refused the API key from "
                                + key.origin() + " (HTTP " + code + " on " + pathOf(uri) + ": " + detail(resp.body())
                                + "); check it at https://next-gen.materialsproject.org/api");
            }
            if (code == 429 || code == 500 || code == 502 || code == 503 || code == 504) {
                Duration ra = retryAfter(resp);
                if (ra != null) {
                    wait = ra.compareTo(MpSettings.MAX_WAIT) > 0 ? MpSettings.MAX_WAIT : ra;
                }
                last = new MaterialsProjectException(
                        code == 429
                                ? MaterialsProjectException.Kind.RATE_LIMITED
                                : MaterialsProjectException.Kind.SERVER_ERROR,
                        "Materials Project " + pathOf(uri) + ": HTTP " + code
                                + (code == 429 ? " (too many requests)" : " (server error)") + ": "
                                + detail(resp.body()));
                sleepBeforeRetry(attempt, wait, last);
                continue;
            }
            throw new MaterialsProjectException(
                    MaterialsProjectException.Kind.BAD_REQUEST,
                    "Materials Project " + pathOf(uri) + " refused the query: HTTP " + code + ": "
                            + detail(resp.body()));
        }
        throw new MaterialsProjectException(
                last.kind(),
                last.getMessage() + " (after " + (settings.maxRetries() + 1) + " attempts)",
                last.getCause());
    }

    private void sleepBeforeRetry(int attempt, Duration wait, MaterialsProjectException why) {
        if (attempt >= settings.maxRetries()) {
            return;
        }
        LOG.warn("{}; retry {} of {} in {} ms", why.getMessage(), attempt + 1, settings.maxRetries(), wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaterialsProjectException(
                    why.kind(), why.getMessage() + " (interrupted while waiting to retry)", e);
        }
    }

    /** backoff · 2^attempt, at most {@link MpSettings#MAX_WAIT}. */
    Duration backoff(int attempt) {
        Duration d = settings.backoff().multipliedBy(1L << Math.min(attempt, 16));
        return d.compareTo(MpSettings.MAX_WAIT) > 0 ? MpSettings.MAX_WAIT : d;
    }

    /** Retry-After as delta-seconds or an HTTP date (RFC 9110 10.2.3); null when absent or unreadable. */
    Duration retryAfter(HttpResponse<?> resp) {
        String v = resp.headers().firstValue("Retry-After").orElse(null);
        if (v == null || v.isBlank()) {
            return null;
        }
        v = v.trim();
        try {
            long s = Long.parseLong(v);
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(
                        clock.instant(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private MaterialsProjectException unreachable(URI uri, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new MaterialsProjectException(
                MaterialsProjectException.Kind.NO_NETWORK,
                "cannot reach the Materials Project at " + hostOf(uri) + ": " + why
                        + " (no network? a cached copy can stand in: references list)",
                e);
    }

    private static JsonNode parse(String body, URI uri) {
        try {
            JsonNode n = EntryJson.mapper().readTree(body);
            if (n == null || !n.isObject()) {
                throw new MaterialsProjectException(
                        MaterialsProjectException.Kind.MALFORMED_RESPONSE,
                        "Materials Project " + pathOf(uri) + ": expected a JSON object, got " + abbreviate(body));
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new MaterialsProjectException(
                    MaterialsProjectException.Kind.MALFORMED_RESPONSE,
                    "Materials Project "
                            + pathOf(uri) + ": malformed JSON at line "
                            + (e.getLocation() == null ? 0 : e.getLocation().getLineNr())
                            + ", column "
                            + (e.getLocation() == null ? 0 : e.getLocation().getColumnNr()) + ": "
                            + e.getOriginalMessage(),
                    e);
        }
    }

    /** MP's error body is {"detail": "..."} (FastAPI) or a list of validation errors; else the text. */
    private static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        try {
            JsonNode n = EntryJson.mapper().readTree(body);
            if (n != null && n.has("detail")) {
                JsonNode d = n.get("detail");
                return abbreviate(d.isTextual() ? d.asText() : d.toString());
            }
        } catch (JsonProcessingException e) {
            // not JSON: the text itself
        }
        return abbreviate(body);
    }

    private static ComputedEntry withMaterialId(ComputedEntry e, String materialId) {
        if (e.data().hasNonNull("material_id") || "?".equals(materialId)) {
            return e;
        }
        ObjectNode d = e.data().deepCopy();
        d.put("material_id", materialId);
        return e.toBuilder().data(d).build();
    }

    private static String lastUpdated(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        // monty's datetime dict {"@module": "datetime", "@class": "datetime", "string": "..."}
        return n.hasNonNull("string") ? n.get("string").asText() : null;
    }

    private static String query(Map<String, String> q) {
        StringJoiner j = new StringJoiner("&");
        q.forEach((k, v) -> j.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    /** The URL without its query (which may be long), for messages. */
    private static String pathOf(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }

    private static String hostOf(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static String abbreviate(String s) {
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }
}
