-- The bounded generator (issue 17): a system's samples are drawn in batches, and each batch's
-- candidates are stored in one transaction with its row here, so a restart continues with the
-- first batch that has no row (a stored batch is never drawn again). A batch is reproducible
-- from its seed: the generator's seed for samples first_sample .. first_sample + samples - 1.
-- Each candidate keeps the sample it came from (sample_index within its system, 0-based) and
-- which of the sample's three coordinate sets it is (sample_set 0..2).
-- Keep in step with ../postgresql/V6__generation_batches.sql.
CREATE TABLE generation_batches (
    campaign_id  TEXT    NOT NULL REFERENCES campaigns(id),
    system       TEXT    NOT NULL,
    batch_index  INTEGER NOT NULL,
    first_sample INTEGER NOT NULL,
    samples      INTEGER NOT NULL,
    seed         INTEGER NOT NULL,
    structures   INTEGER NOT NULL,
    stored_at    INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, system, batch_index)
);

ALTER TABLE candidates ADD COLUMN gen_system TEXT;
ALTER TABLE candidates ADD COLUMN sample_index INTEGER;
ALTER TABLE candidates ADD COLUMN sample_set INTEGER;
CREATE UNIQUE INDEX candidates_sample ON candidates(campaign_id, gen_system, sample_index, sample_set);
