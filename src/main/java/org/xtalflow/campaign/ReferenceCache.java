package org.xtalflow.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.xtalflow.thermo.EntryJson;
import org.xtalflow.thermo.mp.MpEntryCache;
import org.xtalflow.thermo.mp.MpEntrySet;

/**
 * The Materials Project entries cached in the campaign store (table {@code mp_reference_cache},
 * migration V4), one row per chemical system and mixing scheme: the entries as pymatgen JSON,
 * MP's database version and the fetch time. SQLite and PostgreSQL alike.
 */
public final class ReferenceCache implements MpEntryCache {

    private final DataSource dataSource;

    public ReferenceCache(CandidateStore store) {
        this.dataSource = store.dataSource();
    }

    @Override
    public Optional<MpEntrySet> get(String chemsys, String thermoType) {
        String sql = "SELECT * FROM mp_reference_cache WHERE chemsys = ? AND thermo_type = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, chemsys);
            ps.setString(2, thermoType);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(entrySet(rs));
            }
        } catch (SQLException e) {
            throw new StoreException(
                    "store: cannot read the cached Materials Project entries of " + chemsys + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(MpEntrySet set) {
        String entries;
        String rejected;
        try {
            entries = EntryJson.mapper().writeValueAsString(EntryJson.toTree(set.entries()));
            ArrayNode r = JsonNodeFactory.instance.arrayNode();
            set.rejected()
                    .forEach(x ->
                            r.addObject().put("material_id", x.materialId()).put("reason", x.reason()));
            rejected = EntryJson.mapper().writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new StoreException(
                    "store: cannot write the entries of " + set.chemsys() + " as JSON: " + e.getMessage(), e);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement del =
                        c.prepareStatement("DELETE FROM mp_reference_cache WHERE chemsys = ? AND thermo_type = ?")) {
                    del.setString(1, set.chemsys());
                    del.setString(2, set.thermoType());
                    del.executeUpdate();
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO mp_reference_cache (chemsys, thermo_type, db_version, "
                                + "fetched_at, last_updated, entry_count, entries_json, rejected_json) VALUES (?,?,?,?,?,?,?,?)")) {
                    ins.setString(1, set.chemsys());
                    ins.setString(2, set.thermoType());
                    ins.setString(3, set.dbVersion());
                    ins.setLong(4, set.fetchedAt().toEpochMilli());
                    ins.setString(5, set.lastUpdated());
                    ins.setInt(6, set.entries().size());
                    ins.setString(7, entries);
                    ins.setString(8, rejected);
                    ins.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(
                    "store: cannot cache the Materials Project entries of " + set.chemsys() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Summary> list() {
        String sql =
                "SELECT chemsys, thermo_type, entry_count, db_version, fetched_at FROM mp_reference_cache ORDER BY chemsys, thermo_type";
        List<Summary> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Summary(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5))));
            }
        } catch (SQLException e) {
            throw new StoreException("store: cannot list the cached Materials Project entries: " + e.getMessage(), e);
        }
        return out;
    }

    private static MpEntrySet entrySet(ResultSet rs) throws SQLException {
        String chemsys = rs.getString("chemsys");
        String where = "store mp_reference_cache " + chemsys;
        JsonNode entries;
        JsonNode rejected;
        try {
            entries = EntryJson.mapper().readTree(rs.getString("entries_json"));
            String rj = rs.getString("rejected_json");
            rejected = rj == null
                    ? JsonNodeFactory.instance.arrayNode()
                    : EntryJson.mapper().readTree(rj);
        } catch (JsonProcessingException e) {
            throw new StoreException(
                    where + ": the cached entries are not valid JSON (" + e.getOriginalMessage()
                            + "); refresh them: xtalflow references fetch --chemsys " + chemsys + " --refresh",
                    e);
        }
        List<MpEntrySet.Rejected> rej = new ArrayList<>();
        rejected.forEach(n -> rej.add(new MpEntrySet.Rejected(
                n.path("material_id").asText(), n.path("reason").asText())));
        return new MpEntrySet(
                chemsys,
                rs.getString("thermo_type"),
                rs.getString("db_version"),
                Instant.ofEpochMilli(rs.getLong("fetched_at")),
                rs.getString("last_updated"),
                EntryJson.fromTree(entries, where),
                rej);
    }
}
