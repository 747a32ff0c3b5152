package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.CampaignStatus;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.report.CampaignReport;

/**
 * The report of a huge cancelled campaign (issue 17's soak: 690,000 candidate rows ran a 512 MB
 * heap out of memory) is written by {@code xtalflow campaign report} in a child JVM with
 * {@value #CHILD_HEAP}: the stated bound. 700,000 candidate rows, each with a P1 CIF, are written
 * straight into the store (one transaction, plain JDBC, ≈ 10 s); every row as a Java object with
 * its CIF would need ≈ 500 MB. The child must exit 0 and its report count every row.
 */
class HugeCampaignReportTest {

    /** The child's heap cap: the bound this test states for a report of 700,000 candidates. */
    private static final String CHILD_HEAP = "-Xmx128m";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A P1 perovskite cell as the generator stores it (≈ 600 bytes a row, like a small generated cell). */
    private static final String CIF = """
            data_SrTiO3
            _symmetry_space_group_name_H-M   'P 1'
            _cell_length_a   3.905
            _cell_length_b   3.905
            _cell_length_c   3.905
            _cell_angle_alpha   90
            _cell_angle_beta   90
            _cell_angle_gamma   90
            _symmetry_Int_Tables_number   1
            loop_
             _symmetry_equiv_pos_as_xyz
              'x, y, z'
            loop_
             _atom_site_type_symbol
             _atom_site_label
             _atom_site_symmetry_multiplicity
             _atom_site_fract_x
             _atom_site_fract_y
             _atom_site_fract_z
             _atom_site_occupancy
              Sr  Sr0  1  0.00000000  0.00000000  0.00000000  1
              Ti  Ti1  1  0.50000000  0.50000000  0.50000000  1
              O  O2  1  0.50000000  0.50000000  0.00000000  1
              O  O3  1  0.50000000  0.00000000  0.50000000  1
              O  O4  1  0.00000000  0.50000000  0.50000000  1
            """;

    /** What the soak's cancelled campaign held, in kind: mostly rejected, some cancelled, bundles prepared. */
    private record Rows(String state, String reason, String system, int count) {}

    private static final List<Rows> ROWS = List.of(
            new Rows("REJECTED", "density.too_low: %d.%03d g/cm³ below 2.0", "Sr-Ti-O", 250_000),
            new Rows("REJECTED", "density.too_low: %d.%03d g/cm³ below 2.0", "Ba-Ru-O", 150_000),
            new Rows("REJECTED", "distance.too_close: O–O %d.%03d Å", "Sr-Ti-O", 120_000),
            new Rows("REJECTED", "distance.too_close: O–O %d.%03d Å", "Ba-Ru-O", 80_000),
            new Rows("REJECTED", "charge.not_neutral: no assignment %d.%03d", "Ba-Ru-O", 60_000),
            new Rows("REJECTED", "cancelled: was SCREENED", "Sr-Ti-O", 20_000),
            new Rows("REJECTED", "cancelled: was GENERATED", "Ba-Ru-O", 5_000),
            new Rows("PREPARED", null, "Sr-Ti-O", 12_000),
            new Rows("FAILED", "cancelled: was PREPARED", "Ba-Ru-O", 3_000));

    private static final Map<String, String> FORMULA = Map.of("Sr-Ti-O", "SrTiO3", "Ba-Ru-O", "BaRuO3");

    @TempDir
    Path root;

    @Test
    void reportOfSevenHundredThousandCandidatesIsWrittenInABoundedHeap() throws Exception {
        AppSettings settings = AppFixture.settings(root, "nightly: {enabled: false}");
        String id = "c-huge";
        CampaignSpec spec = new CampaignSpec(
                "soak",
                List.of(List.of("Sr", "Ti", "O"), List.of("Ba", "Ru", "O")),
                List.of(221),
                250_000,
                "random",
                Map.of(),
                "MPRelaxSet",
                null,
                0,
                "test",
                7L);
        try (CandidateStore store = CandidateStore.open(settings.storeConfig())) {
            store.createCampaign(id, "soak", null, 0, JSON.writeValueAsString(spec));
            store.addFunnelCount(id, "generate", "system:Sr-Ti-O", 1);
            store.addFunnelCount(id, "generate", "system:Ba-Ru-O", 1);
            store.setCampaignStatus(id, CampaignStatus.CANCELLED, "cancelled by the test");
        }
        long total = insertRows(settings.storeConfig().jdbcUrl(), id);
        assertThat(total).isEqualTo(700_000);

        Path out = root.resolve("report-stdout.json");
        Path err = root.resolve("report-stderr.txt");
        Process child = reportProcess(settings, id, out, err);
        long t0 = System.nanoTime();
        boolean ended = child.waitFor(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!ended) {
            child.destroyForcibly();
        }
        String stderr = Files.readString(err);
        assertThat(ended)
                .as("the report's child JVM ended; stderr:%n%s", stderr)
                .isTrue();
        assertThat(child.exitValue())
                .as("the report's child JVM (%s) exited normally; stderr:%n%s", CHILD_HEAP, stderr)
                .isZero();
        assertThat(stderr).doesNotContain("java.lang.OutOfMemoryError");
        System.out.printf(
                java.util.Locale.ROOT,
                "report of %d candidate rows under %s: %.1f s; %s%n",
                total,
                CHILD_HEAP,
                seconds,
                stderr.lines()
                        .filter(l -> l.contains("Maximum resident set size"))
                        .findFirst()
                        .orElse("")
                        .trim());

        JsonNode r = JSON.readTree(out.toFile());
        Map<String, Long> perState = new LinkedHashMap<>();
        r.path("candidates_per_state")
                .properties()
                .forEach(e -> perState.put(e.getKey(), e.getValue().asLong()));
        assertThat(perState)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("REJECTED", 685_000L, "PREPARED", 12_000L, "FAILED", 3_000L));
        JsonNode totalFunnel = r.path("funnel").path("total");
        assertThat(stage(totalFunnel, "structures").path("out").asLong()).isEqualTo(700_000);
        assertThat(stage(totalFunnel, "samples").path("out").asLong()).isEqualTo(500_000);
        assertThat(stage(totalFunnel, "density")
                        .path("reasons")
                        .path("density.too_low")
                        .asLong())
                .isEqualTo(400_000);
        assertThat(stage(totalFunnel, "distance")
                        .path("reasons")
                        .path("distance.too_close")
                        .asLong())
                .isEqualTo(200_000);
        assertThat(stage(totalFunnel, "charge")
                        .path("reasons")
                        .path("charge.not_neutral")
                        .asLong())
                .isEqualTo(60_000);
        // cancelled where each stopped: 20,000 waiting for prepare, 5,000 for merge, 3,000 prepared (no cluster)
        assertThat(stage(totalFunnel, "prepared")
                        .path("reasons")
                        .path("cancelled")
                        .asLong())
                .isEqualTo(23_000);
        assertThat(stage(totalFunnel, "merged")
                        .path("reasons")
                        .path("cancelled")
                        .asLong())
                .isEqualTo(5_000);
        assertThat(stage(totalFunnel, "prepared").path("out").asLong()).isEqualTo(12_000);
        JsonNode perSystem = r.path("funnel").path("per_system");
        assertThat(stage(perSystem.path("Sr-Ti-O"), "structures").path("out").asLong())
                .isEqualTo(402_000);
        assertThat(stage(perSystem.path("Ba-Ru-O"), "structures").path("out").asLong())
                .isEqualTo(298_000);
        // the rows listed one by one are cut, the rest counted
        assertThat(r.path("candidates").size()).isEqualTo(CampaignReport.LISTED_ROWS);
        assertThat(r.path("candidates_not_listed").asLong()).isEqualTo(15_000 - CampaignReport.LISTED_ROWS);
        String md = Files.readString(
                settings.workDir().resolve("campaigns").resolve(id).resolve("report.md"));
        assertThat(md).contains((12_000 - CampaignReport.LISTED_ROWS) + " more bundles not listed");
        assertThat(md).contains("| REJECTED | 685000 |");
    }

    private static JsonNode stage(JsonNode funnel, String name) {
        for (JsonNode s : funnel.path("stages")) {
            if (s.path("stage").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no stage " + name + " in " + funnel);
    }

    /** The rows of {@link #ROWS} in one transaction (batched INSERTs); returns how many. */
    private static long insertRows(String jdbcUrl, String campaignId) throws Exception {
        long now = System.currentTimeMillis();
        long seq = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO candidates (id, campaign_id, seq, state, "
                    + "reason, formula, space_group, nsites, structure_cif, bundle_path, created_at, updated_at, "
                    + "gen_system) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (Rows kind : ROWS) {
                    for (int i = 0; i < kind.count(); i++) {
                        seq++;
                        String cid = campaignId + "-" + String.format("%07d", seq);
                        ps.setString(1, cid);
                        ps.setString(2, campaignId);
                        ps.setLong(3, seq);
                        ps.setString(4, kind.state());
                        // free text after the code differs from row to row, as the filters' numbers do
                        ps.setString(
                                5, kind.reason() == null ? null : kind.reason().formatted(i % 3, i % 1000));
                        ps.setString(6, FORMULA.get(kind.system()));
                        ps.setInt(7, 221);
                        ps.setInt(8, 5);
                        ps.setString(9, CIF);
                        ps.setString(10, kind.state().equals("PREPARED") ? "/outbox/" + cid : null);
                        ps.setLong(11, now);
                        ps.setLong(12, now);
                        ps.setString(13, kind.system());
                        ps.addBatch();
                        if (seq % 10_000 == 0) {
                            ps.executeBatch();
                        }
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return seq;
    }

    /** {@code xtalflow campaign report ID --json} in a child JVM with {@link #CHILD_HEAP} (under GNU time when present). */
    private static Process reportProcess(AppSettings s, String id, Path out, Path err) throws Exception {
        String cp = Path.of("target/classes").toAbsolutePath()
                + File.pathSeparator
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/time"))) {
            cmd.addAll(List.of("/usr/bin/time", "-v"));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(
                CHILD_HEAP,
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                cp,
                "org.xtalflow.cli.Main",
                "campaign",
                "report",
                id,
                "--json",
                "--config",
                s.configFile().toString()));
        return new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
    }
}
