-- Same-engine hull references (issue 18): the elements' ground states and the small known phases of
-- a chemical system, computed with one DFT engine and one input set, cached per engine and settings
-- hash so a hull never mixes them. Keep in step with ../sqlite/V10__dft_reference_cache.sql.
-- Times are epoch milliseconds (UTC).
CREATE TABLE dft_reference_cache (
    engine        TEXT NOT NULL,
    settings_hash TEXT NOT NULL,
    reference_id  TEXT NOT NULL,
    formula       TEXT NOT NULL,
    nsites        BIGINT NOT NULL,
    input_set     TEXT NOT NULL,
    entry_json    TEXT NOT NULL,
    computed_at   BIGINT NOT NULL,
    PRIMARY KEY (engine, settings_hash, reference_id)
);
