package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignRun;

/**
 * A campaign with the ML pre-screen on (the real CGCNN models and predicted hull, the real
 * generator baseline, screening and VASP writer): only candidates that pass it are prepared for
 * VASP, every other screened candidate is REJECTED with its prescreen reason in the funnel, every
 * pre-screened candidate keeps its predictions in the store, and top_n_per_system holds.
 */
class PreScreenCampaignTest {

    @TempDir
    Path root;

    record Row(String id, String state, String reason, Double ehull, String json) {}

    @Test
    void onlyTheTopNPerSystemThatPassGoToVasp() throws Exception {
        AppSettings settings = AppFixture.settings(
                root, """
                nightly: {enabled: false}
                defaults: {samples: 150, generator: random, seed: 42}
                """, "prescreen: {max_e_above_hull: 2.0, max_formation_energy: 1.0, top_n_per_system: 3}");
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            Files.writeString(settings.inbox().resolve("BaRuO.txt"), "Ba Ru O\n");
            await().atMost(Duration.ofSeconds(180))
                    .until(() -> !app.campaigns().list().isEmpty()
                            && app.campaigns().list().get(0).isReported());
            CampaignRun run = app.campaigns().list().get(0);
            assertThat(run.statusLabel()).isEqualTo("FINISHED");
            var funnel = run.getFunnel();
            long screened = funnel.getOrDefault("screen.passed", 0L);
            assertThat(screened).as("some random Ba-Ru-O cells pass screening").isGreaterThan(3);
            long prepared = run.getCandidatesPerState().getOrDefault("PREPARED", 0L);
            assertThat(prepared)
                    .isLessThanOrEqualTo(3)
                    .isEqualTo(funnel.getOrDefault("prescreen.passed", 0L))
                    .isEqualTo(funnel.getOrDefault("prepare.passed", 0L));
            long prescreenRejected = funnel.entrySet().stream()
                    .filter(e ->
                            e.getKey().startsWith("prescreen.") && !e.getKey().equals("prescreen.passed"))
                    .mapToLong(java.util.Map.Entry::getValue)
                    .sum();
            assertThat(prepared + prescreenRejected)
                    .as("every screened candidate has a pre-screen outcome")
                    .isEqualTo(screened);

            List<Row> rows = new ArrayList<>();
            try (Connection c =
                            DriverManager.getConnection(settings.storeConfig().jdbcUrl());
                    ResultSet rs = c.createStatement()
                            .executeQuery("SELECT id, state, reason, predicted_e_above_hull_ev, "
                                    + "predictions_json FROM candidates WHERE predictions_json IS NOT NULL")) {
                while (rs.next()) {
                    double e = rs.getDouble(4);
                    Double ehull = rs.wasNull() ? null : e;
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), ehull, rs.getString(5)));
                }
            }
            assertThat(rows)
                    .as("every pre-screened candidate keeps its predictions")
                    .hasSize((int) screened);
            ObjectMapper m = new ObjectMapper();
            double worstPrepared = Double.NEGATIVE_INFINITY;
            for (Row r : rows) {
                var j = m.readTree(r.json());
                assertThat(j.has("formation_energy_per_atom")
                                && j.has("band_gap")
                                && j.has("metal_probability")
                                && j.has("e_above_hull_predicted"))
                        .as(r.json())
                        .isTrue();
                if (r.state().equals("PREPARED")) {
                    assertThat(r.ehull()).isLessThanOrEqualTo(2.0);
                    worstPrepared = Math.max(worstPrepared, r.ehull());
                } else {
                    assertThat(r.state()).isEqualTo("REJECTED");
                    assertThat(r.reason()).startsWith("prescreen.");
                }
            }
            for (Row r : rows) {
                if (r.reason() != null && r.reason().startsWith("prescreen.not_top_n")) {
                    // passed the thresholds but ranked below the system's best 3
                    assertThat(r.ehull()).isGreaterThanOrEqualTo(worstPrepared).isLessThanOrEqualTo(2.0);
                }
                if (r.reason() != null && r.reason().startsWith("prescreen.predicted_unstable")) {
                    assertThat(r.reason()).containsAnyOf("max_e_above_hull", "max_formation_energy");
                }
            }
            Path bundles = settings.outbox().resolve(run.getCampaignId());
            try (Stream<Path> s = Files.exists(bundles) ? Files.list(bundles) : Stream.empty()) {
                assertThat(s.count())
                        .as("VASP bundles only for candidates that passed")
                        .isEqualTo(prepared);
            }
            assertThat(funnel.keySet()).allMatch(k -> !k.startsWith("prescreen.prescreen."));
            if (screened > 3) {
                assertThat(funnel.getOrDefault("prescreen.not_top_n", 0L)
                                + funnel.getOrDefault("prescreen.predicted_unstable", 0L))
                        .isEqualTo(screened - prepared);
            }
            String report = Files.readString(
                    app.campaigns().campaignDir(run.getCampaignId()).resolve("report.md"));
            assertThat(report)
                    .contains("## Pre-screen predictions (CGCNN)")
                    .contains("No pre-screened candidate harvested yet");
            assertThat(report.lines().filter(l -> l.matches("\\| c.* \\| (PREPARED|REJECTED) \\| .*")))
                    .hasSize((int) screened);
            System.out.println("pre-screen funnel: " + funnel);
        }
    }
}
