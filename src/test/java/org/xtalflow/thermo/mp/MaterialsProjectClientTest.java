package org.xtalflow.thermo.mp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Composition;
import org.xtalflow.testing.MaterialsProjectTestServer;
import org.xtalflow.testing.MaterialsProjectTestServer.Fault;
import org.xtalflow.thermo.ComputedEntry;

/**
 * The Materials Project client against {@link MaterialsProjectTestServer} (a test double on
 * 127.0.0.1 speaking MP's documented format): paging, Retry-After, bad key, timeout, malformed
 * JSON, unknown fields, unknown systems, no network.
 */
class MaterialsProjectClientTest {

    static final String KEY = "test-key-0123456789abcdef";
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    MaterialsProjectTestServer server;
    final List<Duration> waits = new ArrayList<>();

    /** Ba-O-Ru: three elements, two binaries, one ternary; entries made up, MP's format. */
    static List<ObjectNode> baRuODocs() {
        List<ObjectNode> docs = new ArrayList<>();
        String[][] rows = {
            {"mp-1", "Ba", "-1.924"}, {"mp-2", "Ru", "-9.27"}, {"mp-3", "O2", "-9.87"},
            {"mp-4", "BaO", "-11.3"}, {"mp-5", "RuO2", "-23.0"}, {"mp-6", "BaRuO3", "-36.1"},
            {"mp-7", "Ba2RuO4", "-49.0"}, {"mp-8", "Fe2O3", "-67.8"}, // outside the system
        };
        for (String[] r : rows) {
            ComputedEntry e = ComputedEntry.builder(Composition.parse(r[1]), Double.parseDouble(r[2]))
                    .build();
            docs.add(MaterialsProjectTestServer.thermoDoc(
                    r[0], e, 0.0, -1.0, "2025-09-2" + r[0].charAt(3) + "T00:00:00"));
        }
        return docs;
    }

    @BeforeEach
    void start() throws Exception {
        server = new MaterialsProjectTestServer(baRuODocs(), KEY);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    MaterialsProjectClient client(MpSettings s, String key) {
        return new MaterialsProjectClient(s, MpApiKey.of(key, "test"), waits::add, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    MpSettings settings() {
        return MpSettings.DEFAULTS
                .withEndpoint(server.endpoint())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .withRetries(3, Duration.ofMillis(500));
    }

    @Test
    void entriesOfTheSystemAndAllItsSubsystemsOverSeveralPages() {
        MpEntrySet set = client(settings().withPerPage(2), KEY).entriesInChemsys("Ba-Ru-O");
        assertThat(set.chemsys()).isEqualTo("Ba-O-Ru");
        assertThat(set.thermoType()).isEqualTo("GGA_GGA+U");
        assertThat(set.dbVersion()).isEqualTo(MaterialsProjectTestServer.DEFAULT_DB_VERSION);
        assertThat(set.fetchedAt()).isEqualTo(NOW);
        assertThat(set.lastUpdated()).isEqualTo("2025-09-27T00:00:00");
        assertThat(set.entries())
                .extracting(ComputedEntry::name)
                .containsExactlyInAnyOrder("Ba", "Ru", "O2", "BaO", "RuO2", "BaRuO3", "Ba2RuO4");
        assertThat(set.entries())
                .allSatisfy(
                        e -> assertThat(e.data().path("material_id").asText()).startsWith("mp-"));
        assertThat(set.rejected()).isEmpty();
        List<String> thermo = server.requests().stream()
                .filter(r -> r.startsWith("/materials/thermo/"))
                .toList();
        assertThat(thermo).hasSize(4); // 7 documents, 2 per page
        assertThat(thermo.get(0))
                .contains(
                        "_page=1",
                        "_per_page=2",
                        "thermo_types=GGA_GGA%2BU",
                        "chemsys=Ba%2CO%2CRu%2CBa-O%2CBa-Ru%2CO-Ru%2CBa-O-Ru");
        assertThat(thermo.get(3)).contains("_page=4");
        assertThat(String.join(" ", server.requests())).doesNotContain(KEY);
        assertThat(MaterialsProjectClient.missingElements(set)).isEmpty();
    }

    @Test
    void waitsAsRetryAfterSaysOn429ThenSucceeds() {
        server.enqueue(Fault.status(429, "7"), Fault.status(503, null));
        MpEntrySet set = client(settings(), KEY).entriesInChemsys("Ba-O");
        assertThat(set.entries()).extracting(ComputedEntry::name).containsExactlyInAnyOrder("Ba", "O2", "BaO");
        // Retry-After: 7 s for the 429; then the backoff's second step (2 x 500 ms) for the 503
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofMillis(1000));
    }

    @Test
    void retryAfterAsAnHttpDate() {
        server.enqueue(Fault.status(429, "Tue, 01 Dec 2026 12:00:30 GMT"));
        client(settings(), KEY).entriesInChemsys("Ba");
        assertThat(waits).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void givesUpAfterTheRetriesWithTheLastStatus() {
        server.enqueue(Fault.status(429, "1"), Fault.status(429, "1"), Fault.status(429, "1"), Fault.status(429, "1"));
        assertThatThrownBy(() -> client(settings(), KEY).entriesInChemsys("Ba-O"))
                .isInstanceOfSatisfying(MaterialsProjectException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MaterialsProjectException.Kind.RATE_LIMITED);
                    assertThat(e.getMessage()).contains("HTTP 429", "after 4 attempts", "/materials/thermo/");
                });
        assertThat(waits).hasSize(3);
    }

    @Test
    void aBadKeyIsSaidSoWithoutShowingTheKey() {
        String wrong = "wrong-key-secret-42";
        assertThatThrownBy(() -> client(settings(), wrong).entriesInChemsys("Ba-O"))
                .isInstanceOfSatisfying(MaterialsProjectException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MaterialsProjectException.Kind.BAD_KEY);
                    assertThat(e.getMessage())
                            .contains("HTTP 401", "refused the API key", "API key is missing or invalid")
                            .doesNotContain(wrong);
                });
        assertThat(waits).isEmpty(); // a bad key is not retried
        assertThat(MpApiKey.of(wrong, "test").toString()).doesNotContain(wrong);
        assertThat(new MpSettings(
                                server.endpoint(),
                                wrong,
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(1),
                                0,
                                Duration.ZERO,
                                10)
                        .toString())
                .doesNotContain(wrong);
    }

    @Test
    void aTimeoutIsRetriedAndThenReported() {
        MpSettings quick = settings().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300));
        server.enqueue(Fault.delay(Duration.ofSeconds(3)));
        assertThat(client(quick, KEY).entriesInChemsys("Ru").entries()).hasSize(1); // second attempt answered
        assertThat(waits).hasSize(1);
        server.enqueue(Fault.delay(Duration.ofSeconds(3)));
        assertThatThrownBy(
                        () -> client(quick.withRetries(0, Duration.ZERO), KEY).entriesInChemsys("Ru"))
                .isInstanceOfSatisfying(MaterialsProjectException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MaterialsProjectException.Kind.TIMEOUT);
                    assertThat(e.kind().isUnreachable()).isTrue();
                    assertThat(e.getMessage()).contains("no answer within 300 ms");
                });
    }

    @Test
    void malformedJsonIsAClearErrorNotRetried() {
        server.enqueue(Fault.malformed());
        assertThatThrownBy(() -> client(settings(), KEY).entriesInChemsys("Ba-O"))
                .isInstanceOfSatisfying(MaterialsProjectException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MaterialsProjectException.Kind.MALFORMED_RESPONSE);
                    assertThat(e.getMessage()).contains("malformed JSON at line 1", "/materials/thermo/");
                });
        assertThat(waits).isEmpty();
    }

    @Test
    void unknownFieldsAreIgnored() {
        server.extraUnknownField(true);
        MpEntrySet set = client(settings(), KEY).entriesInChemsys("Ba-Ru-O");
        assertThat(set.entries()).hasSize(7);
        assertThat(set.rejected()).isEmpty();
    }

    @Test
    void unknownChemicalSystems() {
        MaterialsProjectClient c = client(settings(), KEY);
        assertThatThrownBy(() -> c.entriesInChemsys("Ba-Xx-O"))
                .isInstanceOf(UnknownChemicalSystemException.class)
                .hasMessageContaining("'Xx' is not an element symbol");
        assertThatThrownBy(() -> c.entriesInChemsys("Li-Cs"))
                .isInstanceOf(UnknownChemicalSystemException.class)
                .hasMessageContaining("holds no GGA_GGA+U thermo documents for Cs-Li");
        assertThatThrownBy(() -> c.entriesInChemsys("H-He-Li-Be-B-C-N-O-F-Ne"))
                .isInstanceOf(UnknownChemicalSystemException.class)
                .hasMessageContaining("at most 9");
    }

    @Test
    void noNetworkIsSaidSo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free now, nobody listening after close
        }
        MpSettings s = settings()
                .withEndpoint(URI.create("http://127.0.0.1:" + port + "/"))
                .withRetries(2, Duration.ofMillis(100));
        assertThatThrownBy(() -> client(s, KEY).entriesInChemsys("Ba-O"))
                .isInstanceOfSatisfying(MaterialsProjectException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MaterialsProjectException.Kind.NO_NETWORK);
                    assertThat(e.getMessage())
                            .contains(
                                    "cannot reach the Materials Project at http://127.0.0.1:" + port,
                                    "after 3 attempts");
                });
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void noKeyIsSaidBeforeAnyRequest() {
        assertThat(MpApiKey.resolve(Map.of(), null)).isEmpty();
        assertThat(MpApiKey.resolve(Map.of("MP_API_KEY", "abc"), "conf")
                        .orElseThrow()
                        .origin())
                .isEqualTo("$MP_API_KEY");
        assertThat(MpApiKey.resolve(Map.of(), "conf-key").orElseThrow().origin())
                .isEqualTo("thermo.mp.api_key");
        assertThatThrownBy(() -> new MaterialsProjectClient(settings(), null))
                .isInstanceOfSatisfying(
                        MaterialsProjectException.class,
                        e -> assertThat(e.kind()).isEqualTo(MaterialsProjectException.Kind.NO_KEY))
                .hasMessageContaining("MP_API_KEY");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void subsystemsAreNamedAsMpNamesThem() {
        assertThat(ChemicalSystem.parse("Li-Fe-O").subsystems())
                .extracting(ChemicalSystem::toString)
                .containsExactly("Fe", "Li", "O", "Fe-Li", "Fe-O", "Li-O", "Fe-Li-O");
        assertThat(ChemicalSystem.parse("O,Ba Ru").toString()).isEqualTo("Ba-O-Ru");
    }

    @Test
    void theShippedConfReadsAndTheEnvironmentWins() {
        MpSettings conf = MpSettings.load(java.nio.file.Path.of("conf/xtalflow.yaml"), Map.of());
        assertThat(conf.endpoint()).isEqualTo(MpSettings.DEFAULT_ENDPOINT);
        assertThat(conf.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(conf.maxRetries()).isEqualTo(3);
        assertThat(conf.perPage()).isEqualTo(1000);
        assertThat(conf.apiKey(Map.of())).isEmpty();
        assertThat(MpSettings.load(
                                java.nio.file.Path.of("no-such.yaml"), Map.of("MP_API_ENDPOINT", "http://127.0.0.1:9/"))
                        .endpoint())
                .hasToString("http://127.0.0.1:9/");
    }
}
