-- Every attempt of a candidate's VASP job (issue 13): which step of the flow it stopped in, the
-- attempt number, the scheduler's job id, the errors found in its outputs (custodian's keys,
-- comma-separated, sorted), the corrections planned for the next attempt and those the physics
-- lock refused ('; '-separated, each "action (locked: TAG)"), and the outcome: OK (no error), FIXABLE (a
-- correction exists for the next attempt) or UNFIXABLE (the reason says why not). One row per (candidate, attempt): recording an
-- attempt twice (a fetch repeated after a kill -9) keeps the first.
-- Keep in step with ../postgresql/V3__attempts.sql.
CREATE TABLE attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    campaign_id  TEXT NOT NULL REFERENCES campaigns(id),
    candidate_id TEXT NOT NULL REFERENCES candidates(id),
    attempt      INTEGER NOT NULL,
    step         TEXT NOT NULL,
    job_id       TEXT,
    errors       TEXT NOT NULL,
    actions      TEXT NOT NULL,
    locked       TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    reason       TEXT,
    UNIQUE (candidate_id, attempt)
);
CREATE INDEX attempts_campaign ON attempts(campaign_id);
