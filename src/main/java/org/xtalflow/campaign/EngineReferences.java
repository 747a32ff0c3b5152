package org.xtalflow.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Structure;
import org.xtalflow.dft.DftEngine;
import org.xtalflow.dft.DftResult;
import org.xtalflow.dft.ReferencePhases;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryJson;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.thermo.ReferenceSet;

/**
 * Hull references computed with the campaign's own engine and input set (table {@code
 * dft_reference_cache}, migration V10): for a chemical system, {@link #compute} computes the
 * {@link ReferencePhases} not yet cached for this engine and settings hash ({@link #missing}; {@link
 * ReferenceWork} runs it in the background), and {@link
 * #analysisFor} builds the hull stage from the cached ones alone (no correction: the energies
 * share one scale). Entries of another engine or settings hash are never read for this hull.
 */
public final class EngineReferences {

    private static final Logger LOG = LoggerFactory.getLogger(EngineReferences.class);

    /** In every description of a same-engine hull's references. */
    public static final String SAME_ENGINE = "(same engine and settings as the candidates)";

    private final DataSource dataSource;
    private final KnownPhases known;

    /** Walks known structures (id, structure): the bundled MP ground states in the application. */
    public interface KnownPhases {
        void forEach(java.util.function.BiConsumer<String, Structure> action);
    }

    public EngineReferences(CandidateStore store, KnownPhases known) {
        this.dataSource = store.dataSource();
        this.known = known;
    }

    /** The phases of a system for this engine's input set (elements, known phases up to maxSites). */
    public ReferencePhases phases(DftEngine engine, String inputSet, Set<Element> system, int maxSites) {
        return ReferencePhases.of(system, maxSites, known::forEach, engine.moleculeBoxA(inputSet));
    }

    /** The phases of the system not cached for the engine and the input set's settings hash. */
    public List<ReferencePhases.Phase> missing(DftEngine engine, String inputSet, ReferencePhases phases) {
        Set<String> have = new HashSet<>(cachedIds(engine.engine().configName(), engine.settingsHash(inputSet)));
        return phases.phases().stream().filter(p -> !have.contains(p.id())).toList();
    }

    /**
     * Writes the bundles of {@code todo}, has {@code runner} run them, reads each with the
     * engine's reader and caches its entry; returns reference id → why it gave no entry.
     */
    public Map<String, String> compute(
            DftEngine engine, String inputSet, List<ReferencePhases.Phase> todo, Path workDir, ReferenceRunner runner) {
        String hash = engine.settingsHash(inputSet);
        String eng = engine.engine().configName();
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, Path> bundles = new LinkedHashMap<>();
        Map<String, ReferencePhases.Phase> byId = new LinkedHashMap<>();
        Path dir = workDir.resolve(eng + "-" + shortHash(hash));
        for (ReferencePhases.Phase p : todo) {
            byId.put(p.id(), p);
            try {
                Files.createDirectories(dir);
                deleteTree(dir.resolve(p.id()));
                bundles.put(
                        p.id(),
                        p.molecule()
                                ? engine.prepareMolecule(p.id(), p.structure(), inputSet, dir)
                                : engine.prepare(p.id(), p.structure(), null, inputSet, dir));
                LOG.info(
                        "reference {} ({}, {} sites) with {} {} on {}",
                        p.id(),
                        p.formula(),
                        p.structure().size(),
                        eng,
                        inputSet,
                        runner.where());
            } catch (RuntimeException | IOException e) {
                failed.put(p.id(), "not prepared: " + e.getMessage());
            }
        }
        Map<String, Path> results = bundles.isEmpty() ? Map.of() : runner.run(bundles, failed);
        results.forEach((id, folder) -> {
            try {
                DftResult r = engine.read(id, folder);
                put(eng, hash, inputSet, byId.get(id), r.entry());
            } catch (RuntimeException e) {
                failed.put(id, e.getMessage());
            }
        });
        failed.forEach((id, why) -> LOG.warn("reference {} with {} {} failed: {}", id, eng, inputSet, why));
        return failed;
    }

    /**
     * The hull stage of a system from the cached references of this engine and settings hash only
     * (no correction).
     *
     * @throws IllegalStateException naming the elements that have no cached reference
     */
    public HullAnalysis analysisFor(String engine, String settingsHash, Collection<Element> system) {
        List<ComputedEntry> within = new ArrayList<>();
        Set<Element> covered = new HashSet<>();
        for (ComputedEntry e : cachedEntries(engine, settingsHash)) {
            Set<Element> els = new HashSet<>(e.composition().elements());
            if (system.containsAll(els)) {
                within.add(e);
                if (els.size() == 1) {
                    covered.addAll(els);
                }
            }
        }
        List<String> missing = system.stream()
                .filter(x -> !covered.contains(x))
                .map(Element::symbol)
                .sorted()
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no " + engine + " reference with settings " + shortHash(settingsHash)
                    + " for " + String.join(", ", missing)
                    + " (computed in the background when a campaign of this engine opens)");
        }
        return new HullAnalysis(
                HullAnalysis.Correction.NONE, ReferenceSet.of(within, description(engine, settingsHash)));
    }

    /** "gpaw references computed with settings 3f2a9c1b0d4e (same engine and settings as the candidates)". */
    public static String description(String engine, String settingsHash) {
        return engine + " references computed with settings " + shortHash(settingsHash) + " " + SAME_ENGINE;
    }

    private static String shortHash(String h) {
        return h.length() > 12 ? h.substring(0, 12) : h;
    }

    private List<String> cachedIds(String engine, String hash) {
        List<String> out = new ArrayList<>();
        query(engine, hash, "reference_id", rs -> out.add(rs.getString(1)));
        return out;
    }

    /** The cached entries of one engine and settings hash. */
    public List<ComputedEntry> cachedEntries(String engine, String hash) {
        List<ComputedEntry> out = new ArrayList<>();
        query(engine, hash, "reference_id, entry_json", rs -> {
            String where = "store dft_reference_cache " + engine + " " + rs.getString(1);
            try {
                out.add(EntryJson.fromDict(EntryJson.mapper().readTree(rs.getString(2)), where));
            } catch (JsonProcessingException e) {
                throw new StoreException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
        });
        return out;
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String engine, String hash, String columns, Row row) {
        String sql = "SELECT " + columns + " FROM dft_reference_cache WHERE engine = ? AND settings_hash = ?"
                + " ORDER BY reference_id";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, engine);
            ps.setString(2, hash);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("store: cannot read the " + engine + " references: " + e.getMessage(), e);
        }
    }

    private void put(String engine, String hash, String inputSet, ReferencePhases.Phase p, ComputedEntry entry) {
        String json = EntryJson.toDict(entry).toString();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement del = c.prepareStatement(
                        "DELETE FROM dft_reference_cache WHERE engine = ? AND settings_hash = ? AND reference_id = ?")) {
                    del.setString(1, engine);
                    del.setString(2, hash);
                    del.setString(3, p.id());
                    del.executeUpdate();
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO dft_reference_cache (engine, settings_hash,"
                                + " reference_id, formula, nsites, input_set, entry_json, computed_at) VALUES (?,?,?,?,?,?,?,?)")) {
                    ins.setString(1, engine);
                    ins.setString(2, hash);
                    ins.setString(3, p.id());
                    ins.setString(4, p.formula());
                    ins.setInt(5, p.structure().size());
                    ins.setString(6, inputSet);
                    ins.setString(7, json);
                    ins.setLong(8, System.currentTimeMillis());
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
            throw new StoreException("store: cannot cache reference " + p.id() + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
