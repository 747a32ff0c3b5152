-- xtalflow campaign store, SQLite flavour (keep in step with ../postgresql/V1__store.sql).
-- Times are epoch milliseconds (UTC); energies in eV.
CREATE TABLE campaigns (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    status        TEXT NOT NULL,
    status_reason TEXT,
    cluster       TEXT,
    priority      INTEGER NOT NULL DEFAULT 0,
    spec_json     TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE candidates (
    id                        TEXT PRIMARY KEY,
    campaign_id               TEXT NOT NULL REFERENCES campaigns(id),
    seq                       INTEGER NOT NULL,
    state                     TEXT NOT NULL,
    reason                    TEXT,
    formula                   TEXT,
    space_group               INTEGER,
    nsites                    INTEGER,
    structure_cif             TEXT,
    bundle_path               TEXT,
    cluster                   TEXT,
    job_id                    TEXT,
    remote_dir                TEXT,
    submit_attempts           INTEGER NOT NULL DEFAULT 0,
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL,
    submitted_at              INTEGER,
    started_at                INTEGER,
    finished_at               INTEGER,
    harvested_at              INTEGER,
    final_energy_ev           REAL,
    energy_per_atom_ev        REAL,
    formation_energy_per_atom_ev REAL,
    e_above_hull_ev           REAL,
    UNIQUE (campaign_id, seq)
);
CREATE INDEX candidates_state ON candidates(state);
CREATE INDEX candidates_campaign_state ON candidates(campaign_id, state);
CREATE INDEX candidates_cluster_state ON candidates(cluster, state);

CREATE TABLE funnel_counts (
    campaign_id TEXT NOT NULL REFERENCES campaigns(id),
    stage       TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, stage, outcome)
);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    campaign_id  TEXT,
    candidate_id TEXT,
    from_state   TEXT,
    to_state     TEXT,
    message      TEXT
);
CREATE INDEX events_candidate ON events(candidate_id);
CREATE INDEX events_campaign ON events(campaign_id);
