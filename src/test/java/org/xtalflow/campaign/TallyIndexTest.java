package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The funnel's counts come from the index alone on SQLite (V14): SQLite's own query plan for the
 * tallies query, and for the per-state counts, names a covering index, so a campaign's 45 GB of
 * rows are not read to count them.
 */
class TallyIndexTest {

    @TempDir
    Path tmp;

    private static List<String> plan(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            ps.setString(1, "c-1");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString("detail"));
            }
        }
        return out;
    }

    @Test
    void theTalliesAndTheStateCountsReadOnlyTheIndex() throws Exception {
        Path db = tmp.resolve("xtalflow.db");
        try (CandidateStore store = CandidateStore.openSqlite(db)) {
            assertThat(store.tallies("none")).isEmpty(); // migrated and queryable
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThat(plan(c, CandidateStore.talliesSql(true)))
                    .anyMatch(d -> d.contains("USING COVERING INDEX candidates_tally"))
                    .noneMatch(d -> d.startsWith("SCAN candidates") && !d.contains("COVERING"));
            assertThat(plan(c, "SELECT state, COUNT(*) FROM candidates WHERE campaign_id = ? GROUP BY state"))
                    .anyMatch(d -> d.contains("USING COVERING INDEX candidates_tally"));
        }
    }
}
