package org.xtalflow.campaign;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * The campaign store: campaigns, candidates, funnel counts and events, over JDBC (SQLite by
 * default, PostgreSQL by configuration). The database is the truth; every state transition is one
 * transaction that compare-and-sets the old state, so two workers can never both move a candidate
 * and a crash leaves each candidate in exactly one committed state.
 *
 * <p>Thread-safe. Schema migrations (Flyway, {@code classpath:db/migration/<vendor>}) run on open.
 */
public final class CandidateStore implements AutoCloseable {

    /** Ids go into scheduler job names and remote paths: keep them to this alphabet. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final String CANDIDATE_COLUMNS = "id, campaign_id, seq, state, reason, formula, space_group, "
            + "nsites, structure_cif, bundle_path, cluster, job_id, remote_dir, submit_attempts, created_at, "
            + "updated_at, submitted_at, started_at, finished_at, harvested_at, final_energy_ev, "
            + "energy_per_atom_ev, formation_energy_per_atom_ev, e_above_hull_ev, entry_json, structure_cif_z";

    /** {@link #CANDIDATE_COLUMNS} without the structure and the entry (both read as null): rows for a list. */
    private static final String BRIEF_COLUMNS = CANDIDATE_COLUMNS
            .replace("structure_cif,", "NULL AS structure_cif,")
            .replace("structure_cif_z", "NULL AS structure_cif_z")
            .replace("entry_json", "NULL AS entry_json");

    /** Characters of a reason's code kept by {@link #tallies} (a code is far shorter; free text is cut). */
    static final int REASON_KEY_CHARS = 80;

    /** Characters of a cancel's reason kept by {@link #tallies}: "cancelled: was SUBMITTING" and a little. */
    static final int CANCEL_KEY_CHARS = 32;

    private final StoreConfig config;
    private final HikariDataSource dataSource;

    private CandidateStore(StoreConfig config, HikariDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
    }

    /** Opens (creating if needed) an embedded SQLite store at {@code file}. */
    public static CandidateStore openSqlite(Path file) {
        return open(StoreConfig.sqlite(file));
    }

    /** Opens the store and brings its schema up to date. */
    public static CandidateStore open(StoreConfig config) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        hc.setMaximumPoolSize(config.maxPoolSize());
        hc.setPoolName("xtalflow-store");
        if (config.isSqlite()) {
            try {
                Path file = Path.of(config.jdbcUrl().substring("jdbc:sqlite:".length()));
                if (file.getParent() != null) Files.createDirectories(file.getParent());
            } catch (Exception e) {
                throw new StoreException(
                        "store: cannot create the folder for " + config.jdbcUrl() + ": " + e.getMessage(), e);
            }
            // sqlite-jdbc reads pragmas from connection properties. WAL lets readers run beside the
            // writer; synchronous=FULL makes each commit durable; IMMEDIATE transactions take the
            // write lock up front so a read-then-write transaction cannot deadlock; busy_timeout
            // waits for the lock instead of failing.
            hc.addDataSourceProperty("journal_mode", "WAL");
            hc.addDataSourceProperty("synchronous", "FULL");
            hc.addDataSourceProperty("busy_timeout", "30000");
            hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            hc.addDataSourceProperty("foreign_keys", "true");
        } else {
            hc.setUsername(config.user());
            hc.setPassword(config.password());
        }
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StoreException("store: cannot connect to " + config + ": " + e.getMessage(), e);
        }
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration/" + config.vendor())
                    // version numbers are reserved per feature and may land after higher ones (V3 after V8)
                    .outOfOrder(true)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreException("store: schema migration failed on " + config + ": " + e.getMessage(), e);
        }
        return new CandidateStore(config, ds);
    }

    public StoreConfig config() {
        return config;
    }

    /** The pool, for the store's other tables (e.g. {@link ReferenceCache}) in this package. */
    javax.sql.DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    // ------------------------------------------------------------------ campaigns

    /** Creates an ACTIVE campaign. {@code id} must match {@link #ID}. */
    public Campaign createCampaign(String id, String name, String cluster, int priority, String specJson) {
        checkId("campaign id", id);
        long now = System.currentTimeMillis();
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO campaigns (id, name, status, cluster, "
                    + "priority, spec_json, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)")) {
                ps.setString(1, id);
                ps.setString(2, name == null ? id : name);
                ps.setString(3, CampaignStatus.ACTIVE.name());
                ps.setString(4, cluster);
                ps.setInt(5, priority);
                ps.setString(6, specJson);
                ps.setLong(7, now);
                ps.setLong(8, now);
                ps.executeUpdate();
            }
            insertEvent(c, now, id, null, null, null, "campaign created");
            return null;
        });
        return campaign(id).orElseThrow();
    }

    public Optional<Campaign> campaign(String id) {
        List<Campaign> l = queryCampaigns("SELECT * FROM campaigns WHERE id = ?", id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** All campaigns, oldest first. */
    public List<Campaign> campaigns() {
        return queryCampaigns("SELECT * FROM campaigns ORDER BY created_at, id");
    }

    public List<Campaign> campaigns(CampaignStatus status) {
        return queryCampaigns(
                "SELECT * FROM campaigns WHERE status = ? ORDER BY priority DESC, created_at", status.name());
    }

    public void setCampaignStatus(String id, CampaignStatus status, String reason) {
        long now = System.currentTimeMillis();
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE campaigns SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, status.name());
                ps.setString(2, reason);
                ps.setLong(3, now);
                ps.setString(4, id);
                if (ps.executeUpdate() != 1) throw new StoreException("store: no campaign " + id);
            }
            insertEvent(c, now, id, null, null, null, "campaign " + status + (reason == null ? "" : ": " + reason));
            return null;
        });
    }

    // ------------------------------------------------------------------ candidates

    /** Adds one GENERATED candidate; the store assigns its id ({@code <campaign>-<seq>}). */
    public Candidate addCandidate(String campaignId, CandidateChange initial) {
        return addCandidates(campaignId, List.of(initial)).get(0);
    }

    /** Adds GENERATED candidates in one transaction; returns them in the given order. */
    public List<Candidate> addCandidates(String campaignId, List<CandidateChange> initial) {
        long now = System.currentTimeMillis();
        List<String> ids = inTransaction(c -> insertCandidates(c, campaignId, initial, now, true));
        List<Candidate> result = new ArrayList<>(ids.size());
        for (String id : ids) result.add(get(id));
        return result;
    }

    /**
     * Stores one generation batch: its GENERATED candidates and its {@code generation_batches} row
     * in one transaction, so a batch is either stored whole or not at all (a restart draws it
     * again). Returns the new candidates' ids in the given order. No GENERATED event row is written
     * per candidate (3·10^7 of them in a 10^7-sample campaign): the candidate's row says when it
     * was created and from which sample, and {@link #events} gives that first line of its history.
     *
     * @throws StoreException when the batch is stored already (nothing written)
     */
    public List<String> addBatch(String campaignId, GenerationBatch batch, List<CandidateChange> initial) {
        long now = System.currentTimeMillis();
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO generation_batches (campaign_id, system, "
                    + "batch_index, first_sample, samples, seed, structures, stored_at) VALUES (?,?,?,?,?,?,?,?)")) {
                bindAll(
                        ps,
                        campaignId,
                        batch.system(),
                        batch.index(),
                        batch.firstSample(),
                        (long) batch.samples(),
                        batch.seed(),
                        (long) initial.size(),
                        now);
                ps.executeUpdate();
            }
            return insertCandidates(c, campaignId, initial, now, false);
        });
    }

    /** The indices of a system's stored generation batches (a restart skips them). */
    public java.util.Set<Integer> storedBatches(String campaignId, String system) {
        return new java.util.TreeSet<>(queryList(
                "SELECT batch_index FROM generation_batches WHERE campaign_id = ? AND system = ?",
                rs -> rs.getInt(1),
                campaignId,
                system));
    }

    /** Per system ("Ba-Ru-O"): {samples stored, batches stored}, from the generation batches. */
    public Map<String, long[]> generationProgress(String campaignId) {
        Map<String, long[]> out = new LinkedHashMap<>();
        forEachRow(
                "SELECT system, SUM(samples), COUNT(*) FROM generation_batches WHERE campaign_id = ? "
                        + "GROUP BY system ORDER BY system",
                rs -> out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)}),
                campaignId);
        return out;
    }

    /**
     * Inserts GENERATED rows with one prepared statement per column set, sent as JDBC batches
     * (a generation batch is thousands of rows in one transaction); with {@code events}, a
     * GENERATED event per row.
     */
    private List<String> insertCandidates(
            Connection c, String campaignId, List<CandidateChange> initial, long now, boolean events)
            throws SQLException {
        if (!campaign(c, campaignId)) throw new StoreException("store: no campaign " + campaignId);
        long seq = lastSeq(c, campaignId);
        List<String> out = new ArrayList<>();
        // the rows' funnel increments, summed: one update per (stage, outcome), not per row
        Map<List<String>, Long> funnel = new LinkedHashMap<>();
        try (Statements statements = new Statements(c)) {
            for (CandidateChange ch : initial) {
                seq++;
                String id = String.format("%s-%06d", campaignId, seq);
                Map<String, Object> cols = new LinkedHashMap<>(ch.columns);
                cols.put("id", id);
                cols.put("campaign_id", campaignId);
                cols.put("seq", seq);
                cols.put("state", CandidateState.GENERATED.name());
                cols.put("created_at", now);
                cols.put("updated_at", now);
                String names = String.join(", ", cols.keySet());
                String marks = String.join(", ", java.util.Collections.nCopies(cols.size(), "?"));
                PreparedStatement ps = statements.get("INSERT INTO candidates (" + names + ") VALUES (" + marks + ")");
                bind(ps, 1, cols.values());
                ps.addBatch();
                if (events) {
                    PreparedStatement ev = statements.get(INSERT_EVENT);
                    bindEvent(ev, now, campaignId, id, null, CandidateState.GENERATED, ch.eventMessage);
                    ev.addBatch();
                }
                for (String[] f : ch.funnel) funnel.merge(List.of(f[0], f[1]), 1L, Long::sum);
                out.add(id);
            }
            statements.executeBatches();
        }
        for (Map.Entry<List<String>, Long> f : funnel.entrySet()) {
            addFunnel(c, campaignId, f.getKey().get(0), f.getKey().get(1), f.getValue());
        }
        return out;
    }

    /** The campaign's highest candidate sequence number, 0 when it has none. */
    private static long lastSeq(Connection c, String campaignId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM candidates WHERE campaign_id = ?")) {
            ps.setString(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Registers a candidate prepared outside the store (e.g. a bundle folder given to the CLI)
     * under its own id, directly in PREPARED, creating the campaign if needed. The event log says
     * so. Returns the existing candidate unchanged when the id is already known.
     */
    public Candidate registerPrepared(String campaignId, String candidateId, String bundlePath) {
        checkId("candidate id", candidateId);
        Optional<Candidate> known = find(candidateId);
        if (known.isPresent()) return known.get();
        if (campaign(campaignId).isEmpty()) createCampaign(campaignId, campaignId, null, 0, null);
        long now = System.currentTimeMillis();
        inTransaction(c -> {
            long seq = lastSeq(c, campaignId) + 1;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO candidates (id, campaign_id, seq, state, "
                    + "bundle_path, created_at, updated_at) VALUES (?,?,?,?,?,?,?)")) {
                ps.setString(1, candidateId);
                ps.setString(2, campaignId);
                ps.setLong(3, seq);
                ps.setString(4, CandidateState.PREPARED.name());
                ps.setString(5, bundlePath);
                ps.setLong(6, now);
                ps.setLong(7, now);
                ps.executeUpdate();
            }
            insertEvent(
                    c,
                    now,
                    campaignId,
                    candidateId,
                    null,
                    CandidateState.PREPARED,
                    "registered from bundle " + bundlePath);
            return null;
        });
        return get(candidateId);
    }

    public Optional<Candidate> find(String id) {
        List<Candidate> l = queryCandidates("WHERE id = ?", id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** The candidate, or a StoreException naming the missing id. */
    public Candidate get(String id) {
        return find(id).orElseThrow(() -> new StoreException("store: no candidate " + id));
    }

    /**
     * Moves a candidate from {@code from} to {@code to} and writes {@code change} in one
     * transaction, recording an event. Timing columns of the new state (submitted_at, started_at,
     * finished_at, harvested_at) are set to now unless {@code change} sets them.
     *
     * @throws IllegalTransitionException if the state machine forbids the move (nothing written)
     * @throws StaleStateException if the candidate is not in {@code from} (nothing written)
     */
    public Candidate transition(String id, CandidateState from, CandidateState to, CandidateChange change) {
        if (!from.canMoveTo(to)) throw new IllegalTransitionException(id, from, to);
        CandidateChange ch = change == null ? CandidateChange.none() : change;
        long now = System.currentTimeMillis();
        Map<String, Object> cols = transitionColumns(to, ch, now);
        inTransaction(c -> {
            String campaignId = updateWithCas(c, id, from, to, cols, now);
            insertEvent(c, now, campaignId, id, from, to, ch.eventMessage);
            for (String[] f : ch.funnel) addFunnel(c, campaignId, f[0], f[1], 1);
            return null;
        });
        return get(id);
    }

    /**
     * One move of {@link #transitionAll}: {@code from} → {@code to} with {@code change}, as
     * {@link #transition}; {@code from == to} writes the change as {@link #update} does.
     */
    public record Move(String id, CandidateState from, CandidateState to, CandidateChange change) {}

    /**
     * Moves several candidates in one transaction, all or none, with the checks and events of
     * {@link #transition} each (a generation batch's screening verdicts: one commit per batch
     * instead of one per candidate, the store's cost when a campaign draws millions of samples).
     *
     * @throws IllegalTransitionException if a move is forbidden (nothing written)
     * @throws StaleStateException if a candidate is not in its {@code from} state (nothing written)
     */
    public void transitionAll(List<Move> moves) {
        for (Move m : moves) {
            if (m.from() != m.to() && !m.from().canMoveTo(m.to())) {
                throw new IllegalTransitionException(m.id(), m.from(), m.to());
            }
        }
        if (moves.isEmpty()) return;
        long now = System.currentTimeMillis();
        inTransaction(c -> {
            Map<List<String>, Long> funnel = new LinkedHashMap<>();
            try (Statements statements = new Statements(c)) {
                PreparedStatement events = statements.get(INSERT_EVENT);
                for (Move m : moves) {
                    CandidateChange ch = m.change() == null ? CandidateChange.none() : m.change();
                    boolean stays = m.from() == m.to();
                    Map<String, Object> cols = stays ? ch.columns : transitionColumns(m.to(), ch, now);
                    String campaignId = updateWithCas(c, statements, m.id(), m.from(), m.to(), cols, now);
                    if (!stays || ch.eventMessage != null) {
                        bindEvent(events, now, campaignId, m.id(), m.from(), m.to(), ch.eventMessage);
                        events.addBatch();
                    }
                    for (String[] f : ch.funnel) funnel.merge(List.of(campaignId, f[0], f[1]), 1L, Long::sum);
                }
                statements.executeBatches();
            }
            for (Map.Entry<List<String>, Long> f : funnel.entrySet()) {
                addFunnel(c, f.getKey().get(0), f.getKey().get(1), f.getKey().get(2), f.getValue());
            }
            return null;
        });
    }

    /** The change's columns plus the new state's timing column (submitted_at ... harvested_at) unless set. */
    private static Map<String, Object> transitionColumns(CandidateState to, CandidateChange ch, long now) {
        Map<String, Object> cols = new LinkedHashMap<>(ch.columns);
        String timing = switch (to) {
            case SUBMITTED -> "submitted_at";
            case RUNNING -> "started_at";
            case FINISHED, FAILED, TIMEOUT -> "finished_at";
            case HARVESTED -> "harvested_at";
            default -> null;
        };
        if (timing != null) cols.putIfAbsent(timing, now);
        return cols;
    }

    /**
     * Writes fields of a candidate that stays in {@code expected} (e.g. the scheduler's reason
     * while it is RUNNING), compare-and-set on the state.
     */
    public Candidate update(String id, CandidateState expected, CandidateChange change) {
        long now = System.currentTimeMillis();
        inTransaction(c -> {
            String campaignId = updateWithCas(c, id, expected, expected, change.columns, now);
            if (change.eventMessage != null)
                insertEvent(c, now, campaignId, id, expected, expected, change.eventMessage);
            for (String[] f : change.funnel) addFunnel(c, campaignId, f[0], f[1], 1);
            return null;
        });
        return get(id);
    }

    private String updateWithCas(
            Connection c, String id, CandidateState from, CandidateState to, Map<String, Object> cols, long now)
            throws SQLException {
        try (Statements statements = new Statements(c)) {
            return updateWithCas(c, statements, id, from, to, cols, now);
        }
    }

    /** The compare-and-set update of one candidate; returns its campaign id. */
    private static String updateWithCas(
            Connection c,
            Statements statements,
            String id,
            CandidateState from,
            CandidateState to,
            Map<String, Object> cols,
            long now)
            throws SQLException {
        StringBuilder sql = new StringBuilder("UPDATE candidates SET state = ?, updated_at = ?");
        for (String k : cols.keySet()) sql.append(", ").append(k).append(" = ?");
        if (to == CandidateState.SUBMITTING && from != to) sql.append(", submit_attempts = submit_attempts + 1");
        sql.append(" WHERE id = ? AND state = ?");
        PreparedStatement update = statements.get(sql.toString());
        update.setString(1, to.name());
        update.setLong(2, now);
        int i = bind(update, 3, cols.values());
        update.setString(i++, id);
        update.setString(i, from.name());
        if (update.executeUpdate() != 1) {
            throw new StaleStateException(id, from, stateOf(c, id));
        }
        PreparedStatement campaign = statements.get("SELECT campaign_id FROM candidates WHERE id = ?");
        campaign.setString(1, id);
        try (ResultSet rs = campaign.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static CandidateState stateOf(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM candidates WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? CandidateState.valueOf(rs.getString(1)) : null;
            }
        }
    }

    /** Candidates in {@code state}, all campaigns, oldest first (a full scan since V13: no caller needs it often). */
    public List<Candidate> byState(CandidateState state) {
        return queryCandidates("WHERE state = ? ORDER BY created_at, seq", state.name());
    }

    public List<Candidate> byState(String campaignId, CandidateState state) {
        return queryCandidates("WHERE campaign_id = ? AND state = ? ORDER BY seq", campaignId, state.name());
    }

    /** Candidates of a campaign in any state, by sequence. */
    /** Whether the pre-screen has stored predictions for this candidate. */
    public boolean hasPredictions(String id) {
        return withConnection(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT 1 FROM candidates WHERE id = ? AND predictions_json IS NOT NULL")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The campaign's pre-screened candidates (those with predictions), in sequence order. */
    public List<CandidatePrediction> predictions(String campaignId) {
        return predictions(campaignId, "", List.of(campaignId));
    }

    /**
     * The campaign's pre-screened candidates that have a DFT formation energy (all of them: the
     * comparison with DFT needs every pair) and the first {@code limit} others, in sequence order.
     */
    public List<CandidatePrediction> predictions(String campaignId, int limit) {
        return predictions(
                campaignId,
                " AND (formation_energy_per_atom_ev IS NOT NULL OR id IN (SELECT id FROM candidates "
                        + "WHERE campaign_id = ? AND predictions_json IS NOT NULL ORDER BY seq LIMIT ?))",
                List.of(campaignId, campaignId, limit));
    }

    /** How many of the campaign's candidates have pre-screen predictions. */
    public long countPredictions(String campaignId) {
        return queryLong(
                "SELECT COUNT(*) FROM candidates WHERE campaign_id = ? AND predictions_json IS NOT NULL", campaignId);
    }

    private List<CandidatePrediction> predictions(String campaignId, String also, List<Object> args) {
        return queryList(
                "SELECT id, state, formula, predicted_formation_energy_per_atom_ev, predicted_e_above_hull_ev, "
                        + "predictions_json, formation_energy_per_atom_ev, e_above_hull_ev "
                        + "FROM candidates WHERE campaign_id = ? AND predictions_json IS NOT NULL" + also
                        + " ORDER BY seq",
                rs -> new CandidatePrediction(
                        rs.getString("id"),
                        CandidateState.valueOf(rs.getString("state")),
                        rs.getString("formula"),
                        doubleOrNull(rs, "predicted_formation_energy_per_atom_ev"),
                        doubleOrNull(rs, "predicted_e_above_hull_ev"),
                        rs.getString("predictions_json"),
                        doubleOrNull(rs, "formation_energy_per_atom_ev"),
                        doubleOrNull(rs, "e_above_hull_ev")),
                args.toArray());
    }

    /**
     * Every candidate of a campaign, with its CIF and entry: memory grows with the campaign (10 KB
     * a row and more); a report or a funnel uses {@link #tallies} and the bounded lists below.
     */
    public List<Candidate> candidates(String campaignId) {
        return queryCandidates("WHERE campaign_id = ? ORDER BY seq", campaignId);
    }

    /**
     * The campaign's candidates grouped by what its funnel reads (state, reason code, formula, job id
     * or not, E_above_hull when harvested), counted by the database: one row per group, in the order
     * of each group's first candidate. See {@link CandidateTally} for the reason code.
     */
    public List<CandidateTally> tallies(String campaignId) {
        return queryList(
                talliesSql(config.isSqlite()),
                rs -> new CandidateTally(
                        CandidateState.valueOf(rs.getString("state")),
                        rs.getString("code"),
                        rs.getString("formula"),
                        rs.getInt("has_job") == 1,
                        doubleOrNull(rs, "e_hull"),
                        rs.getLong("n")),
                campaignId);
    }

    /**
     * The query of {@link #tallies} (one parameter: the campaign id). On SQLite it reads only the
     * index candidates_tally (V14), never the rows with their CIFs.
     */
    static String talliesSql(boolean sqlite) {
        String colon = sqlite ? "instr(reason, ':')" : "strpos(reason, ':')";
        String code = "CASE WHEN reason IS NULL THEN NULL"
                + " WHEN substr(reason, 1, " + (CampaignCancel.REASON.length() + 1) + ") = '" + CampaignCancel.REASON
                + ":' THEN substr(reason, 1, " + CANCEL_KEY_CHARS + ")"
                + " WHEN " + colon + " > 0 THEN trim(substr(substr(reason, 1, " + colon + " - 1), 1, "
                + REASON_KEY_CHARS + "))"
                + " ELSE trim(substr(reason, 1, " + REASON_KEY_CHARS + ")) END";
        return "SELECT state, " + code + " AS code, formula, "
                + "CASE WHEN job_id IS NULL THEN 0 ELSE 1 END AS has_job, "
                + "CASE WHEN state = 'HARVESTED' THEN e_above_hull_ev END AS e_hull, COUNT(*) AS n "
                + "FROM candidates WHERE campaign_id = ? GROUP BY 1, 2, 3, 4, 5 ORDER BY MIN(seq)";
    }

    /**
     * The candidates whose DFT run has ended (HARVESTED, or FAILED / TIMEOUT after submission), with
     * CIF and entry, by sequence: as many as the campaign ran jobs, whatever it generated.
     */
    public List<Candidate> endedAtDft(String campaignId) {
        return queryCandidates(
                "WHERE campaign_id = ? AND (state = ? OR (state IN (?, ?) AND submitted_at > 0)) ORDER BY seq",
                campaignId,
                CandidateState.HARVESTED.name(),
                CandidateState.FAILED.name(),
                CandidateState.TIMEOUT.name());
    }

    /**
     * The first {@code limit} candidates not REJECTED, by sequence, without CIF and entry (null in
     * the rows): the report's candidate list.
     */
    public List<Candidate> notRejected(String campaignId, int limit) {
        return queryBrief(
                "WHERE campaign_id = ? AND state <> ? ORDER BY seq LIMIT ?",
                campaignId,
                CandidateState.REJECTED.name(),
                limit);
    }

    /** The first {@code limit} candidates that carry a job id, by sequence, without CIF and entry. */
    public List<Candidate> withJob(String campaignId, int limit) {
        return queryBrief("WHERE campaign_id = ? AND job_id IS NOT NULL ORDER BY seq LIMIT ?", campaignId, limit);
    }

    /**
     * A campaign's candidates in {@code state}, by sequence, without CIF and entry (null in the
     * rows): for bookkeeping over many rows (a restart marks a prepare-only campaign's 10^5 PREPARED
     * candidates as ended).
     */
    public List<Candidate> byStateBrief(String campaignId, CandidateState state) {
        return queryBrief("WHERE campaign_id = ? AND state = ? ORDER BY seq", campaignId, state.name());
    }

    /** The first {@code limit} candidates in {@code state}, by sequence, without CIF and entry. */
    public List<Candidate> byStateBrief(String campaignId, CandidateState state, int limit) {
        return queryBrief("WHERE campaign_id = ? AND state = ? ORDER BY seq LIMIT ?", campaignId, state.name(), limit);
    }

    /** How many of the campaign's candidates carry a job id. */
    public long countWithJob(String campaignId) {
        return queryLong("SELECT COUNT(*) FROM candidates WHERE campaign_id = ? AND job_id IS NOT NULL", campaignId);
    }

    /**
     * Cluster → state → candidates assigned to it, over the campaigns that submit to a cluster
     * (counted by the database).
     */
    public Map<String, Map<CandidateState, Long>> countByClusterAndState() {
        Map<String, Map<CandidateState, Long>> out = new java.util.TreeMap<>();
        forEachRow(
                "SELECT d.cluster, d.state, COUNT(*) FROM candidates d "
                        + "JOIN campaigns p ON p.id = d.campaign_id WHERE p.cluster IS NOT NULL AND p.cluster <> '' "
                        + "AND d.cluster IS NOT NULL GROUP BY d.cluster, d.state ORDER BY d.cluster",
                rs -> out.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(CandidateState.class))
                        .put(CandidateState.valueOf(rs.getString(2)), rs.getLong(3)));
        return out;
    }

    /** Candidates assigned to {@code cluster} in any of {@code states}. */
    public List<Candidate> byCluster(String cluster, Collection<CandidateState> states) {
        if (states.isEmpty()) return List.of();
        StringBuilder in = new StringBuilder();
        List<Object> args = new ArrayList<>();
        args.add(cluster);
        for (CandidateState s : states) {
            in.append(in.length() == 0 ? "?" : ", ?");
            args.add(s.name());
        }
        return queryCandidates("WHERE cluster = ? AND state IN (" + in + ") ORDER BY created_at, seq", args.toArray());
    }

    /** The candidate that carries {@code jobId} on {@code cluster}, if any. */
    public Optional<Candidate> byJob(String cluster, String jobId) {
        List<Candidate> l = queryCandidates("WHERE cluster = ? AND job_id = ?", cluster, jobId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Jobs on a cluster that count against its max-queued cap ({@link CandidateState#ON_CLUSTER}). */
    public long countOnCluster(String cluster) {
        List<Object> args = new ArrayList<>();
        args.add(cluster);
        CandidateState.ON_CLUSTER.forEach(s -> args.add(s.name()));
        String in = String.join(", ", java.util.Collections.nCopies(CandidateState.ON_CLUSTER.size(), "?"));
        return queryLong("SELECT COUNT(*) FROM candidates WHERE cluster = ? AND state IN (" + in + ")", args.toArray());
    }

    /** Candidates per state, for one campaign or all ({@code campaignId} null); every state present. */
    public Map<CandidateState, Long> countByState(String campaignId) {
        Map<CandidateState, Long> out = new EnumMap<>(CandidateState.class);
        for (CandidateState s : CandidateState.values()) out.put(s, 0L);
        String sql = campaignId == null
                ? "SELECT state, COUNT(*) FROM candidates GROUP BY state"
                : "SELECT state, COUNT(*) FROM candidates WHERE campaign_id = ? GROUP BY state";
        forEachRow(
                sql,
                rs -> out.put(CandidateState.valueOf(rs.getString(1)), rs.getLong(2)),
                campaignId == null ? new Object[0] : new Object[] {campaignId});
        return out;
    }

    // ------------------------------------------------------------------ funnel and events

    /** Adds {@code n} to the funnel count of (campaign, stage, outcome); outcome is "passed" or a reason. */
    public void addFunnelCount(String campaignId, String stage, String outcome, long n) {
        inTransaction(c -> {
            addFunnel(c, campaignId, stage, outcome, n);
            return null;
        });
    }

    /** The funnel increment inside a caller's transaction (see {@link CandidateChange#countIn}). */
    private static void addFunnel(Connection c, String campaignId, String stage, String outcome, long n)
            throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE funnel_counts SET count = count + ? "
                + "WHERE campaign_id = ? AND stage = ? AND outcome = ?")) {
            ps.setLong(1, n);
            ps.setString(2, campaignId);
            ps.setString(3, stage);
            ps.setString(4, outcome);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO funnel_counts (campaign_id, stage, outcome, count) VALUES (?,?,?,?)")) {
                ps.setString(1, campaignId);
                ps.setString(2, stage);
                ps.setString(3, outcome);
                ps.setLong(4, n);
                ps.executeUpdate();
            }
        }
    }

    /** stage → (outcome → count), stages and outcomes in insertion-independent sorted order. */
    public Map<String, Map<String, Long>> funnel(String campaignId) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        forEachRow(
                "SELECT stage, outcome, count FROM funnel_counts WHERE campaign_id = ? ORDER BY stage, outcome",
                rs -> out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                        .put(rs.getString(2), rs.getLong(3)),
                campaignId);
        return out;
    }

    /** Records a free-form event (e.g. "host paused: ...") for a campaign and/or candidate. */
    public void recordEvent(String campaignId, String candidateId, String message) {
        long now = System.currentTimeMillis();
        inTransaction(c -> {
            insertEvent(c, now, campaignId, candidateId, null, null, message);
            return null;
        });
    }

    /**
     * A candidate's history, oldest first. A candidate stored with its generation batch
     * ({@link #addBatch}) has no event row for its creation: its first line (id 0, GENERATED at
     * the row's {@code created_at}) is read from the candidate row.
     */
    public List<StoreEvent> events(String candidateId) {
        List<StoreEvent> stored = queryEvents("SELECT * FROM events WHERE candidate_id = ? ORDER BY id", candidateId);
        boolean created =
                stored.stream().anyMatch(e -> e.fromState() == null && e.toState() == CandidateState.GENERATED);
        if (created) return stored;
        List<StoreEvent> out = new ArrayList<>(stored.size() + 1);
        withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT campaign_id, created_at FROM candidates " + "WHERE id = ? AND sample_index IS NOT NULL")) {
                ps.setString(1, candidateId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.add(new StoreEvent(
                                0, rs.getLong(2), rs.getString(1), candidateId, null, CandidateState.GENERATED, null));
                    }
                }
            }
            return null;
        });
        out.addAll(stored);
        return out;
    }

    /** The last {@code limit} events of a campaign, oldest first. */
    public List<StoreEvent> campaignEvents(String campaignId, int limit) {
        List<StoreEvent> l = queryEvents(
                "SELECT * FROM events WHERE campaign_id = ? ORDER BY id DESC LIMIT " + Math.max(0, limit), campaignId);
        List<StoreEvent> out = new ArrayList<>(l);
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Records a work item that failed on a stage queue (dead-letter route), with an event saying
     * so, in one transaction; the report reads them back ({@link #failures}).
     *
     * @param candidateId null for a system-level item (generate)
     * @param itemLabel   "campaign/candidate" or "campaign/Ba-Ru-O"
     * @param queue       the queue as the route named it, e.g. "seda:generate"
     */
    public void recordFailure(
            String campaignId, String candidateId, String itemLabel, Stage stage, String queue, String reason) {
        long now = System.currentTimeMillis();
        inTransaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO campaign_failures (at, campaign_id, candidate_id, "
                            + "item_label, stage, queue, reason) VALUES (?,?,?,?,?,?,?)")) {
                bindAll(ps, now, campaignId, candidateId, itemLabel, stage.name(), queue, reason);
                ps.executeUpdate();
            }
            insertEvent(c, now, campaignId, candidateId, null, null, "failed at " + queue + ": " + reason);
            return null;
        });
    }

    /** A campaign's failed work items not yet retried, oldest first. */
    public List<StoredFailure> failures(String campaignId) {
        return queryList(
                "SELECT * FROM campaign_failures WHERE campaign_id = ? AND cleared = 0 ORDER BY id",
                rs -> new StoredFailure(
                        rs.getLong("at"),
                        rs.getString("campaign_id"),
                        rs.getString("candidate_id"),
                        rs.getString("item_label"),
                        Stage.valueOf(rs.getString("stage")),
                        rs.getString("queue"),
                        rs.getString("reason")),
                campaignId);
    }

    /** The campaign's failed work items were put back on their queues (retry): no longer failures. */
    public void clearFailures(String campaignId) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE campaign_failures SET cleared = 1 WHERE campaign_id = ? AND cleared = 0")) {
                bindAll(ps, campaignId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Records one attempt of a candidate's job with an event saying what was found, in one
     * transaction; an attempt already recorded (the same fetch after a kill -9) is kept as it was.
     *
     * @return whether it was new
     */
    public boolean recordAttempt(StoredAttempt a) {
        return inTransaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO attempts (at, campaign_id, candidate_id, attempt, step, "
                            + "job_id, errors, actions, locked, outcome, reason) SELECT ?,?,?,?,?,?,?,?,?,?,? WHERE NOT EXISTS "
                            + "(SELECT 1 FROM attempts WHERE candidate_id = ? AND attempt = ?)")) {
                bindAll(
                        ps,
                        a.at(),
                        a.campaignId(),
                        a.candidateId(),
                        a.attempt(),
                        a.step(),
                        a.jobId(),
                        a.errors(),
                        a.actions(),
                        a.locked(),
                        a.outcome(),
                        a.reason(),
                        a.candidateId(),
                        a.attempt());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            insertEvent(
                    c,
                    a.at(),
                    a.campaignId(),
                    a.candidateId(),
                    null,
                    null,
                    "attempt " + a.attempt()
                            + (a.step().isEmpty() ? "" : " (" + a.step() + ")") + ": "
                            + (a.errors().isEmpty() ? "no error found" : a.errors())
                            + " -> " + a.outcome() + (a.reason() == null ? "" : ": " + a.reason()));
            return true;
        });
    }

    /** A candidate's attempts, in order. */
    public List<StoredAttempt> attempts(String candidateId) {
        return queryAttempts("SELECT * FROM attempts WHERE candidate_id = ? ORDER BY attempt", candidateId);
    }

    /** A campaign's attempts, by candidate and attempt. */
    public List<StoredAttempt> campaignAttempts(String campaignId) {
        return queryAttempts("SELECT * FROM attempts WHERE campaign_id = ? ORDER BY candidate_id, attempt", campaignId);
    }

    private List<StoredAttempt> queryAttempts(String sql, String arg) {
        return queryList(
                sql,
                rs -> new StoredAttempt(
                        rs.getLong("at"),
                        rs.getString("campaign_id"),
                        rs.getString("candidate_id"),
                        rs.getInt("attempt"),
                        rs.getString("step"),
                        rs.getString("job_id"),
                        rs.getString("errors"),
                        rs.getString("actions"),
                        rs.getString("locked"),
                        rs.getString("outcome"),
                        rs.getString("reason")),
                arg);
    }

    // ------------------------------------------------------------------ final hull (V4)

    /**
     * Writes the final hull's values of a campaign's candidates: {@code e_above_hull_ev} and
     * {@code formation_energy_per_atom_ev} become the final ones; the values they replace the first
     * time (those of harvest) stay in {@code harvest_*} as history. One transaction, one event.
     *
     * @param values     candidate id to {formation energy per atom, e_above_hull} in eV/atom
     * @param references what the hull was computed against (reference set, MP database version)
     */
    public void recordFinalHull(String campaignId, Map<String, double[]> values, String references) {
        long now = System.currentTimeMillis();
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE candidates SET "
                    + "harvest_e_above_hull_ev = COALESCE(harvest_e_above_hull_ev, e_above_hull_ev), "
                    + "harvest_formation_energy_per_atom_ev = COALESCE(harvest_formation_energy_per_atom_ev, formation_energy_per_atom_ev), "
                    + "formation_energy_per_atom_ev = ?, e_above_hull_ev = ?, hull_references = ?, hull_computed_at = ?, updated_at = ? "
                    + "WHERE id = ? AND campaign_id = ?")) {
                for (Map.Entry<String, double[]> e : values.entrySet()) {
                    bindAll(ps, e.getValue()[0], e.getValue()[1], references, now, now, e.getKey(), campaignId);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            insertEvent(
                    c,
                    now,
                    campaignId,
                    null,
                    null,
                    null,
                    "final hull: " + values.size() + " candidates against " + references);
            return null;
        });
    }

    /** The harvest-time values and the final hull's provenance of a campaign's candidates, by id (placed ones only). */
    public Map<String, HullHistory> hullHistory(String campaignId) {
        Map<String, HullHistory> out = new java.util.LinkedHashMap<>();
        forEachRow(
                "SELECT id, harvest_formation_energy_per_atom_ev, harvest_e_above_hull_ev, hull_references, "
                        + "hull_computed_at FROM candidates WHERE campaign_id = ? AND hull_computed_at IS NOT NULL "
                        + "ORDER BY seq",
                rs -> out.put(
                        rs.getString(1),
                        new HullHistory(
                                doubleOrNull(rs, "harvest_formation_energy_per_atom_ev"),
                                doubleOrNull(rs, "harvest_e_above_hull_ev"),
                                rs.getString("hull_references"),
                                rs.getLong("hull_computed_at"))),
                campaignId);
        return out;
    }

    // ------------------------------------------------------------------ plumbing

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T t = work.run(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store (" + config.jdbcUrl() + "): " + e.getMessage(), e);
        }
    }

    private <T> T withConnection(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("store (" + config.jdbcUrl() + "): " + e.getMessage(), e);
        }
    }

    private static boolean campaign(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM campaigns WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insertEvent(
            Connection c,
            long at,
            String campaignId,
            String candidateId,
            CandidateState from,
            CandidateState to,
            String message)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
            bindEvent(ps, at, campaignId, candidateId, from, to, message);
            ps.executeUpdate();
        }
    }

    private static final String INSERT_EVENT =
            "INSERT INTO events (at, campaign_id, candidate_id, from_state, to_state, message) VALUES (?,?,?,?,?,?)";

    private static void bindEvent(
            PreparedStatement ps,
            long at,
            String campaignId,
            String candidateId,
            CandidateState from,
            CandidateState to,
            String message)
            throws SQLException {
        ps.setLong(1, at);
        ps.setString(2, campaignId);
        ps.setString(3, candidateId);
        ps.setString(4, from == null ? null : from.name());
        ps.setString(5, to == null ? null : to.name());
        ps.setString(6, message);
    }

    /**
     * A transaction's prepared statements by SQL text, prepared once and reused for every row
     * (a generation batch writes thousands of rows of the same shape); closed together.
     */
    private static final class Statements implements AutoCloseable {
        private final Connection c;
        private final Map<String, PreparedStatement> bySql = new LinkedHashMap<>();

        Statements(Connection c) {
            this.c = c;
        }

        PreparedStatement get(String sql) throws SQLException {
            PreparedStatement ps = bySql.get(sql);
            if (ps == null) {
                ps = c.prepareStatement(sql);
                bySql.put(sql, ps);
            }
            return ps;
        }

        /** Sends the rows added with addBatch, statement by statement in the order first asked for. */
        void executeBatches() throws SQLException {
            for (PreparedStatement ps : bySql.values()) ps.executeBatch();
        }

        @Override
        public void close() throws SQLException {
            SQLException first = null;
            for (PreparedStatement ps : bySql.values()) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    if (first == null) first = e;
                    else first.addSuppressed(e);
                }
            }
            if (first != null) throw first;
        }
    }

    private static int bind(PreparedStatement ps, int first, Collection<Object> values) throws SQLException {
        int i = first;
        for (Object v : values) {
            if (v == null) ps.setNull(i, Types.NULL);
            else if (v instanceof Integer n) ps.setInt(i, n);
            else if (v instanceof Long n) ps.setLong(i, n);
            else if (v instanceof Double d) ps.setDouble(i, d);
            else if (v instanceof byte[] b) ps.setBytes(i, b);
            else ps.setString(i, v.toString());
            i++;
        }
        return i;
    }

    private static void bindAll(PreparedStatement ps, Object... args) throws SQLException {
        bind(ps, 1, java.util.Arrays.asList(args));
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Takes in the current row of a result set. */
    @FunctionalInterface
    private interface RowAction {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Runs one query with its arguments bound and hands each row to {@code action}, in the query's order. */
    private void forEachRow(String sql, RowAction action, Object... args) {
        withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindAll(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) action.accept(rs);
                }
            }
            return null;
        });
    }

    /** The rows of one query, each mapped, in the query's order. */
    private <T> List<T> queryList(String sql, RowMapper<T> row, Object... args) {
        List<T> out = new ArrayList<>();
        forEachRow(sql, rs -> out.add(row.map(rs)), args);
        return out;
    }

    private long queryLong(String sql, Object... args) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindAll(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private List<Candidate> queryCandidates(String where, Object... args) {
        return queryRows(CANDIDATE_COLUMNS, where, args);
    }

    /** Rows without structure and entry ({@link #BRIEF_COLUMNS}). */
    private List<Candidate> queryBrief(String where, Object... args) {
        return queryRows(BRIEF_COLUMNS, where, args);
    }

    private List<Candidate> queryRows(String columns, String where, Object... args) {
        return queryList("SELECT " + columns + " FROM candidates " + where, CandidateStore::candidate, args);
    }

    private List<Campaign> queryCampaigns(String sql, Object... args) {
        return queryList(
                sql,
                rs -> new Campaign(
                        rs.getString("id"),
                        rs.getString("name"),
                        CampaignStatus.valueOf(rs.getString("status")),
                        rs.getString("status_reason"),
                        rs.getString("cluster"),
                        rs.getInt("priority"),
                        rs.getString("spec_json"),
                        rs.getLong("created_at"),
                        rs.getLong("updated_at")),
                args);
    }

    private List<StoreEvent> queryEvents(String sql, Object... args) {
        return queryList(
                sql,
                rs -> {
                    String f = rs.getString("from_state");
                    String t = rs.getString("to_state");
                    return new StoreEvent(
                            rs.getLong("id"),
                            rs.getLong("at"),
                            rs.getString("campaign_id"),
                            rs.getString("candidate_id"),
                            f == null ? null : CandidateState.valueOf(f),
                            t == null ? null : CandidateState.valueOf(t),
                            rs.getString("message"));
                },
                args);
    }

    private static Candidate candidate(ResultSet rs) throws SQLException {
        return new Candidate(
                rs.getString("id"),
                rs.getString("campaign_id"),
                rs.getLong("seq"),
                CandidateState.valueOf(rs.getString("state")),
                rs.getString("reason"),
                rs.getString("formula"),
                intOrNull(rs, "space_group"),
                intOrNull(rs, "nsites"),
                structureCif(rs),
                rs.getString("bundle_path"),
                rs.getString("cluster"),
                rs.getString("job_id"),
                rs.getString("remote_dir"),
                rs.getInt("submit_attempts"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"),
                rs.getLong("submitted_at"),
                rs.getLong("started_at"),
                rs.getLong("finished_at"),
                rs.getLong("harvested_at"),
                doubleOrNull(rs, "final_energy_ev"),
                doubleOrNull(rs, "energy_per_atom_ev"),
                doubleOrNull(rs, "formation_energy_per_atom_ev"),
                doubleOrNull(rs, "e_above_hull_ev"),
                rs.getString("entry_json"));
    }

    /** The CIF text: compressed in structure_cif_z (V13 on), as text in structure_cif before. */
    private static String structureCif(ResultSet rs) throws SQLException {
        String text = rs.getString("structure_cif");
        return text != null ? text : StoredCif.decompress(rs.getBytes("structure_cif_z"));
    }

    private static Integer intOrNull(ResultSet rs, String col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    private static Double doubleOrNull(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    private static void checkId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new StoreException("store: " + what + " '" + id + "' must match " + ID.pattern());
        }
    }
}
