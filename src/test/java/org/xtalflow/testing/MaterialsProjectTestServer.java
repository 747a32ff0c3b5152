package org.xtalflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryJson;

/**
 * TEST DOUBLE of the Materials Project REST API (https://api.materialsproject.org), on 127.0.0.1
 * at a free port. The Materials Project cannot be reached from tests; this server answers in
 * the format its documentation (the OpenAPI description of api.materialsproject.org and the
 * {@code mp-api} client) describes, so the product's real client talks to it unchanged:
 *
 * <ul>
 *   <li>{@code GET /heartbeat}: {@code {"status": "OK", "version": ..., "db_version": "2025_09_25",
 *       "access_controlled_batch_ids": []}} (no key needed, as mp-api asks it without one).</li>
 *   <li>{@code GET /materials/thermo/}: the {@code X-API-KEY} header must hold the key, else
 *       HTTP 401 {@code {"detail": ...}}; query {@code chemsys} (comma-separated, each system's
 *       elements sorted), {@code thermo_types}, {@code _fields}, pages by {@code _page} (from 1)
 *       and {@code _per_page}, or {@code _skip} and {@code _limit}, at most {@value #MAX_LIMIT} per
 *       page; the answer is {@code {"data": [ThermoDoc...], "errors": [], "meta": {"api_version",
 *       "time_stamp", "total_doc", "max_limit", "default_fields"}}}.</li>
 * </ul>
 *
 * <p>Faults for the tests of the client's error handling are queued with {@link #enqueue} and
 * each spoils one request: a status with {@code Retry-After} (429, 5xx), a delay longer than the
 * client's timeout, a body that is not JSON. {@link #extraUnknownField} adds a field MP does
 * not document to every document and to {@code meta}, as a newer MP release would.
 */
public final class MaterialsProjectTestServer implements AutoCloseable {

    public static final int MAX_LIMIT = 1000;
    public static final String DEFAULT_DB_VERSION = "2025_09_25";

    /** One spoiled answer: a status (with Retry-After seconds, or null), a delay, or a bad body. */
    public record Fault(int status, String retryAfter, Duration delay, String body) {
        public static Fault status(int code, String retryAfter) {
            return new Fault(code, retryAfter, Duration.ZERO, "{\"detail\": \"test double fault " + code + "\"}");
        }

        public static Fault delay(Duration d) {
            return new Fault(0, null, d, null);
        }

        public static Fault malformed() {
            return new Fault(200, null, Duration.ZERO, "{\"data\": [{\"material_id\": \"mp-1\", \"entries\": {");
        }
    }

    private static final ObjectMapper JSON = EntryJson.mapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<ObjectNode> documents;
    private final String apiKey;
    private volatile String dbVersion = DEFAULT_DB_VERSION;
    private volatile boolean extraUnknownField;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param documents the thermo documents served (see {@link #thermoDoc})
     * @param apiKey    the one key accepted
     */
    public MaterialsProjectTestServer(List<ObjectNode> documents, String apiKey) throws IOException {
        this.documents = List.copyOf(documents);
        this.apiKey = apiKey;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mp-test-double");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/heartbeat", this::heartbeat);
        server.createContext("/materials/thermo/", this::thermo);
        server.start();
    }

    /** The base URL to configure as {@code thermo.mp.endpoint}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public void dbVersion(String v) {
        this.dbVersion = v;
    }

    public void extraUnknownField(boolean on) {
        this.extraUnknownField = on;
    }

    /** Spoils the next thermo request(s), one fault each, in order. */
    public synchronized void enqueue(Fault... f) {
        faults.addAll(Arrays.asList(f));
    }

    /** Path and query of every request so far, in order (the key is a header, never here). */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Stops answering: further connections are refused. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- handlers

    private void heartbeat(HttpExchange ex) throws IOException {
        requests.add(ex.getRequestURI().toString());
        ObjectNode hb = JsonNodeFactory.instance.objectNode();
        hb.put("status", "OK");
        hb.put("message", "");
        hb.put("version", "0.86.4 (test double)");
        hb.put("db_version", dbVersion);
        hb.putArray("access_controlled_batch_ids");
        send(ex, 200, null, JSON.writeValueAsString(hb));
    }

    private void thermo(HttpExchange ex) throws IOException {
        requests.add(ex.getRequestURI().toString());
        Fault f;
        synchronized (this) {
            f = faults.poll();
        }
        if (f != null) {
            if (!f.delay().isZero()) {
                try {
                    Thread.sleep(f.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (f.status() == 0) {
                    ex.close(); // the client gave up long ago
                    return;
                }
            }
            send(ex, f.status(), f.retryAfter(), f.body());
            return;
        }
        String key = ex.getRequestHeaders().getFirst("X-API-KEY");
        if (key == null || !key.equals(apiKey)) {
            send(ex, 401, null, "{\"detail\": \"API key is missing or invalid\"}");
            return;
        }
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        Set<String> chemsys = split(q.get("chemsys"));
        Set<String> types = split(q.get("thermo_types"));
        for (String c : chemsys) {
            if (!c.equals(sortedSystem(c))) {
                send(ex, 400, null, "{\"detail\": \"chemsys must list elements in alphabetical order: " + c + "\"}");
                return;
            }
        }
        List<ObjectNode> match = new ArrayList<>();
        for (ObjectNode d : documents) {
            if ((chemsys.isEmpty() || chemsys.contains(d.path("chemsys").asText()))
                    && (types.isEmpty() || types.contains(d.path("thermo_type").asText()))) {
                match.add(d);
            }
        }
        int limit;
        int skip;
        try {
            if (q.containsKey("_page")) {
                limit = Integer.parseInt(q.getOrDefault("_per_page", "100"));
                skip = (Integer.parseInt(q.get("_page")) - 1) * limit;
            } else {
                limit = Integer.parseInt(q.getOrDefault("_limit", "100"));
                skip = Integer.parseInt(q.getOrDefault("_skip", "0"));
            }
        } catch (NumberFormatException e) {
            send(ex, 400, null, "{\"detail\": \"paging parameters must be integers\"}");
            return;
        }
        if (limit < 1 || limit > MAX_LIMIT || skip < 0) {
            send(ex, 400, null, "{\"detail\": \"_per_page/_limit must be 1.." + MAX_LIMIT + "\"}");
            return;
        }
        Set<String> fields = split(q.get("_fields"));
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        for (int i = skip; i < Math.min(match.size(), skip + limit); i++) {
            ObjectNode d = match.get(i);
            ObjectNode out = d.deepCopy();
            if (!fields.isEmpty()) {
                out.retain(fields);
            }
            if (extraUnknownField) {
                out.putObject("field_from_a_newer_release")
                        .put("meaning", "not documented yet")
                        .putArray("values")
                        .add(1)
                        .add(2);
            }
            data.add(out);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("data", data);
        body.putArray("errors");
        ObjectNode meta = body.putObject("meta");
        meta.put("api_version", "0.86.4 (test double)");
        meta.put("time_stamp", Instant.now().toString());
        meta.put("total_doc", match.size());
        meta.put("max_limit", MAX_LIMIT);
        meta.putArray("default_fields").add("material_id").add("thermo_id").add("last_updated");
        if (extraUnknownField) {
            meta.put("facet", "unknown");
        }
        send(ex, 200, null, JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange ex, int status, String retryAfter, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().set("Retry-After", retryAfter);
        }
        try {
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(b);
            }
        } catch (IOException e) {
            // the client closed the connection (timed out): nothing to answer
        } finally {
            ex.close();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static Set<String> split(String v) {
        Set<String> s = new HashSet<>();
        if (v != null) {
            for (String x : v.split(",")) {
                if (!x.isBlank()) {
                    s.add(x.trim());
                }
            }
        }
        return s;
    }

    private static String sortedSystem(String c) {
        return String.join("-", new TreeSet<>(Arrays.asList(c.split("-"))));
    }

    // ---------------------------------------------------------------- documents

    /**
     * A ThermoDoc of the GGA_GGA+U mixing scheme (emmet's {@code ThermoDoc}) holding one entry
     * under its run type, with MP's own hull numbers.
     *
     * @param eAboveHull             MP's energy_above_hull (eV/atom) for the document
     * @param formationEnergyPerAtom MP's formation_energy_per_atom (eV/atom)
     */
    public static ObjectNode thermoDoc(
            String materialId,
            ComputedEntry entry,
            double eAboveHull,
            double formationEnergyPerAtom,
            String lastUpdated) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        String runType = entry.runType() == null ? "GGA" : entry.runType();
        d.put("material_id", materialId);
        d.put("thermo_id", materialId + "_GGA_GGA+U");
        d.put("thermo_type", "GGA_GGA+U");
        d.put("chemsys", entry.composition().chemicalSystem());
        d.put("formula_pretty", entry.composition().reducedFormula());
        d.put("nelements", entry.composition().numElements());
        ArrayNode els = d.putArray("elements");
        new TreeSet<>(entry.composition().elements().stream()
                        .map(e -> e.symbol())
                        .toList())
                .forEach(els::add);
        d.put("uncorrected_energy_per_atom", entry.uncorrectedEnergyPerAtom());
        d.put("energy_per_atom", entry.energyPerAtom());
        d.put("formation_energy_per_atom", formationEnergyPerAtom);
        d.put("energy_above_hull", eAboveHull);
        d.put("is_stable", eAboveHull <= 1e-9);
        d.put("energy_type", runType);
        d.putArray("entry_types").add(runType);
        ObjectNode e = EntryJson.toDict(entry);
        ObjectNode data = (ObjectNode) e.get("data");
        data.put("material_id", materialId);
        data.put("run_type", runType);
        if (e.get("entry_id").isNull()) {
            e.put("entry_id", materialId + "-" + runType);
        }
        d.putObject("entries").set(runType, e);
        d.put("last_updated", lastUpdated);
        d.put("deprecated", false);
        d.putArray("warnings");
        return d;
    }

    /** Reads a JSON file of documents (a list), e.g. recorded ThermoDocs. */
    public static List<ObjectNode> readDocuments(JsonNode list) {
        List<ObjectNode> out = new ArrayList<>();
        list.forEach(n -> out.add((ObjectNode) n));
        return out;
    }
}
