-- A campaign of 10^7 samples stores 3·10^7 candidates, most of them rejected at screening
-- (issue 17). Keep in step with ../sqlite/V13__compact_candidates.sql.
--
-- The candidate's CIF compressed (campaign.StoredCif: P1 site lines folded, zlib with a preset
-- dictionary; ≈ 0.6 KB instead of ≈ 8.4 KB for a generated 150-site cell). New rows write it
-- here and leave structure_cif NULL; rows written before keep their text in structure_cif; the
-- store reads whichever is set.
ALTER TABLE candidates ADD COLUMN structure_cif_z BYTEA;

-- No query filters on state alone (every state query names the campaign: candidates_campaign_state
-- serves them); the index cost ≈ 20 bytes per candidate.
DROP INDEX candidates_state;
