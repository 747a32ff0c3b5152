-- xtalflow campaign store, PostgreSQL flavour (keep in step with ../sqlite/V1__store.sql).
-- Times are epoch milliseconds (UTC); energies in eV.
CREATE TABLE campaigns (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    status        TEXT NOT NULL,
    status_reason TEXT,
    cluster       TEXT,
    priority      INTEGER NOT NULL DEFAULT 0,
    spec_json     TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE candidates (
    id                        TEXT PRIMARY KEY,
    campaign_id               TEXT NOT NULL REFERENCES campaigns(id),
    seq                       BIGINT NOT NULL,
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
    created_at                BIGINT NOT NULL,
    updated_at                BIGINT NOT NULL,
    submitted_at              BIGINT,
    started_at                BIGINT,
    finished_at               BIGINT,
    harvested_at              BIGINT,
    final_energy_ev           DOUBLE PRECISION,
    energy_per_atom_ev        DOUBLE PRECISION,
    formation_energy_per_atom_ev DOUBLE PRECISION,
    e_above_hull_ev           DOUBLE PRECISION,
    UNIQUE (campaign_id, seq)
);
CREATE INDEX candidates_state ON candidates(state);
CREATE INDEX candidates_campaign_state ON candidates(campaign_id, state);
CREATE INDEX candidates_cluster_state ON candidates(cluster, state);

CREATE TABLE funnel_counts (
    campaign_id TEXT NOT NULL REFERENCES campaigns(id),
    stage       TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    count       BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, stage, outcome)
);

CREATE TABLE events (
    id           BIGSERIAL PRIMARY KEY,
    at           BIGINT NOT NULL,
    campaign_id  TEXT,
    candidate_id TEXT,
    from_state   TEXT,
    to_state     TEXT,
    message      TEXT
);
CREATE INDEX events_candidate ON events(candidate_id);
CREATE INDEX events_campaign ON events(campaign_id);
