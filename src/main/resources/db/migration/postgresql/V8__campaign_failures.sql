-- Work items of a campaign that failed on a stage queue (the dead-letter route), so that the
-- campaign's report (failures table, status FINISHED_WITH_FAILURES) is rebuilt from the store
-- alone after any restart. cleared = 1 once the operator retried them (retryFailed).
-- Keep in step with ../sqlite/V8__campaign_failures.sql.
CREATE TABLE campaign_failures (
    id           BIGSERIAL PRIMARY KEY,
    at           BIGINT NOT NULL,
    campaign_id  TEXT NOT NULL REFERENCES campaigns(id),
    candidate_id TEXT,
    item_label   TEXT NOT NULL,
    stage        TEXT NOT NULL,
    queue        TEXT NOT NULL,
    reason       TEXT NOT NULL,
    cleared      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX campaign_failures_campaign ON campaign_failures(campaign_id);
